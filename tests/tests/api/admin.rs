//! The analysts' routes: summaries that agree with the stored letters,
//! filtered and paged exports, personal data only on request, and no
//! answer at all without credentials.

use crate::helpers::{
    ADMIN_TOKEN, LAUNCH, TestApp, dynamodb_table, letter_json, spawn_app, spawn_app_on,
    spawn_on_table,
};
use crate::pipeline::Pipeline;
use letters_aws::{DynamoDbLetterStore, DynamoDbStream};
use local::{Backend, Consumers};
use serde_json::Value;
use shared::aggregate::{StreamBatch, handle_stream_batch};
use shared::fixtures::{launch_campaign, letter, test_catalog};
use shared::letter::ConfirmationStatus;
use shared::ports::{ConfirmationStore, LetterStore};
use std::time::Duration;

/// The local server over a fresh embedded store, with no confirmations
/// sent, so that a summary's counts stay as seeded.
pub async fn spawn_quiet_app() -> TestApp {
    spawn_app_on(Backend::Embedded, test_catalog(false), Consumers::None).await
}

/// Three letters from Texas (one opted in, one edited, one with the
/// supporter's own paragraph) and two from California.
pub async fn seed(app: &TestApp) {
    let campaign = launch_campaign();
    for (n, state) in ["TX", "TX", "TX", "CA", "CA"].iter().enumerate() {
        let mut letter = letter_json(&format!("s{n}@example.org"), state);
        letter["subject"] = campaign.letter.subject.as_ref().into();
        letter["message"] = campaign.letter.body.as_ref().into();
        if n == 0 {
            letter["opt_in"] = true.into();
        }
        if n == 1 {
            letter["message"] = "My own words.".into();
        }
        if n == 2 {
            letter["own_words"] = "It happened in my town.".into();
        }
        assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    }
}

fn assert_summary_of_seed(summary: &Value) {
    assert_eq!(summary["total"], 5);
    assert_eq!(summary["by_state"], serde_json::json!({ "CA": 2, "TX": 3 }));
    let by_day = summary["by_day"].as_object().unwrap();
    assert_eq!(by_day.values().map(|n| n.as_u64().unwrap()).sum::<u64>(), 5);
    let cornyn = summary["by_senator"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["bioguide"] == "C001056")
        .unwrap();
    assert_eq!(
        (cornyn["name"].as_str(), cornyn["letters"].as_u64()),
        (Some("John Cornyn"), Some(3))
    );
    assert_eq!(cornyn["office"], "STX02", "whose letters are the office's");
    assert_eq!(summary["by_senator"].as_array().unwrap().len(), 4);
    assert_eq!(summary["opted_in"], 0, "asked for, not yet confirmed");
    assert_eq!(summary["edited"], 1);
    assert_eq!(
        summary["own_words"], 2,
        "the edited letter and the one with a paragraph"
    );
    assert_eq!(summary["confirmations"]["pending"], 5);
}

async fn summary_of(app: &TestApp) -> Value {
    let response = app
        .admin_get("/admin/c/sesta/summary", Some(ADMIN_TOKEN))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Every letter of an export, page by page; the number of pages.
async fn export_all(app: &TestApp, query: &str) -> (Vec<Value>, usize) {
    let (mut rows, mut pages, mut cursor) = (Vec::new(), 0, None::<String>);
    loop {
        let cursor_param = cursor
            .as_ref()
            .map(|c| format!("&cursor={c}"))
            .unwrap_or_default();
        let response = app
            .admin_get(
                &format!("/admin/c/sesta/letters?format=jsonl{query}{cursor_param}"),
                Some(ADMIN_TOKEN),
            )
            .await;
        assert_eq!(response.status(), 200);
        cursor = response
            .headers()
            .get("x-next-cursor")
            .map(|c| c.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        rows.extend(
            body.lines()
                .map(|line| serde_json::from_str::<Value>(line).unwrap()),
        );
        pages += 1;
        if cursor.is_none() {
            return (rows, pages);
        }
    }
}

#[tokio::test]
async fn the_summary_agrees_with_the_stored_letters() {
    let app = spawn_quiet_app().await;
    seed(&app).await;
    let summary = summary_of(&app).await;
    assert_summary_of_seed(&summary);
}

#[tokio::test]
async fn requests_without_valid_credentials_are_refused_and_told_nothing() {
    let app = spawn_app().await;
    seed(&app).await;
    for path in [
        "/admin/c/sesta/summary",
        "/admin/c/sesta/letters?include=pii",
        "/admin/c/nope/summary",
    ] {
        let missing = app.admin_get(path, None).await;
        assert_eq!(missing.status(), 401, "{path}");
        assert_eq!(missing.headers()["www-authenticate"], "Bearer");
        let wrong = app.admin_get(path, Some("guess")).await;
        assert_eq!(wrong.status(), 403, "{path}");
        assert!(!wrong.text().await.unwrap().contains("example.org"));
    }
}

#[tokio::test]
async fn an_export_leaves_personal_columns_out_unless_asked() {
    let app = spawn_app().await;
    seed(&app).await;
    let csv = app
        .admin_get("/admin/c/sesta/letters?format=csv", Some(ADMIN_TOKEN))
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "id,campaign_version,created_at,state,district,zip5,city,recipients,edited,in_own_words,opt_in,confirmed,confirmation,\
         language,source,utm_source,utm_medium,utm_campaign"
    );
    assert_eq!(csv.lines().count(), 6);
    assert!(
        !csv.contains("example.org") && !csv.contains("Lovelace") && !csv.contains("Congress Ave")
    );

    let with_pii = app
        .admin_get(
            "/admin/c/sesta/letters?format=csv&include=pii",
            Some(ADMIN_TOKEN),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(with_pii.lines().next().unwrap().contains("email"));
    assert!(with_pii.contains("s0@example.org"));
}

#[tokio::test]
async fn an_export_marks_the_letters_in_the_supporters_own_words() {
    let app = spawn_app().await;
    seed(&app).await;
    let (rows, _) = export_all(&app, "&include=pii").await;
    let marked: Vec<(&str, &str)> = rows
        .iter()
        .filter(|row| row["in_own_words"] == true)
        .map(|row| {
            (
                row["message"].as_str().unwrap(),
                row["own_words"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(marked.len(), 2, "{rows:?}");
    assert!(marked.contains(&("My own words.", "")));
    assert!(
        marked
            .iter()
            .any(|(_, own)| *own == "It happened in my town.")
    );
    let (plain, _) = export_all(&app, "").await;
    assert!(
        plain.iter().all(|row| row.get("own_words").is_none()),
        "personal"
    );
}

#[tokio::test]
async fn exports_filter_by_state_and_time_and_page_without_loss() {
    let app = spawn_app().await;
    seed(&app).await;
    let (all, pages) = export_all(&app, "&limit=2").await;
    assert_eq!((all.len(), pages), (5, 3));
    let mut ids: Vec<&str> = all.iter().map(|row| row["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "each letter exactly once");

    let (texas, _) = export_all(&app, "&state=tx").await;
    assert_eq!(texas.len(), 3);
    let (future, _) = export_all(&app, "&since=2999-01-01").await;
    assert!(future.is_empty());
    let (past, _) = export_all(&app, "&until=2000-01-01T00:00:00Z").await;
    assert!(past.is_empty());
}

#[tokio::test]
async fn bad_export_requests_get_clear_errors() {
    let app = spawn_app().await;
    for (query, status) in [
        ("format=xml", 400),
        ("include=everything", 400),
        ("since=yesterday", 400),
        ("state=ZZ", 400),
        ("limit=0", 400),
        ("limit=1001", 400),
        ("cursor=not-a-cursor", 400),
        ("cursor=99999999", 400),
        ("since=2026-11-28&until=2026-11-27", 400),
        ("since=2026-11-28&until=2026-11-28", 400),
    ] {
        let response = app
            .admin_get(
                &format!("/admin/c/sesta/letters?{query}"),
                Some(ADMIN_TOKEN),
            )
            .await;
        assert_eq!(response.status(), status, "{query}");
        let body: Value = response.json().await.unwrap();
        assert!(body["error"].is_string(), "{query}");
    }
    assert_eq!(
        app.admin_get("/admin/c/nope/letters", Some(ADMIN_TOKEN))
            .await
            .status(),
        404
    );
}

/// Feeds the table's stream records to the aggregator, as its event source
/// would, each `copies` times in the one batch (as a replay might).
pub async fn aggregate(store: &DynamoDbLetterStore, table: &str, copies: usize) {
    let records = Pipeline::new(table).await.stream_records().await;
    let records = std::iter::repeat_n(records, copies).flatten().collect();
    handle_stream_batch(&DynamoDbStream, store, StreamBatch { records })
        .await
        .unwrap();
}

#[tokio::test]
async fn over_dynamodb_the_aggregator_counts_each_letter_once_and_exports_use_the_index() {
    let (store, _, table) = dynamodb_table().await;
    let app = spawn_on_table(&table).await;
    seed(&app).await;
    aggregate(&store, &table, 1).await;
    aggregate(&store, &table, 2).await;

    let summary = summary_of(&app).await;
    assert_summary_of_seed(&summary);

    let letter = letter("s0@example.org");
    assert_eq!(
        store
            .claim(
                &letter,
                time::OffsetDateTime::now_utc(),
                Duration::from_secs(60)
            )
            .await
            .unwrap(),
        shared::ports::Claim::Claimed
    );
    store
        .settle(
            &letter,
            &ConfirmationStatus::Sent {
                message_id: "m-1".into(),
            },
        )
        .await
        .unwrap();
    let summary = summary_of(&app).await;
    assert_eq!(summary["confirmations"]["sent"], 1);
    assert_eq!(summary["confirmations"]["pending"], 4);

    let (all, pages) = export_all(&app, "&limit=2").await;
    assert_eq!(all.len(), 5);
    assert!(pages >= 3);
    let (texas, _) = export_all(&app, "&state=TX").await;
    assert_eq!(texas.len(), 3);
    assert_eq!(
        store
            .count(&shared::domain::CampaignSlug::parse("sesta").unwrap())
            .await
            .unwrap(),
        5
    );
}
