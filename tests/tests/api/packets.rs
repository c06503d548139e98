//! One office's letters for staff to take to it by hand or by email
//! (`/admin/c/{slug}/offices/{office}/letters`): every letter addressed to
//! the office and no other, whether or not the campaign delivers, as CSV
//! and as printable letters, paged, refused clearly when asked wrongly, and
//! logged without personal data.

use crate::admin::{aggregate, spawn_quiet_app};
use crate::delivery_local::{a_mainer_and_a_texan_settled, admin_text};
use crate::helpers::{
    ADMIN_TOKEN, CapturedLogs, LAUNCH, TestApp, csv_rows, dynamodb_table, letter_json,
    spawn_on_table,
};
use serde_json::Value;
use std::collections::HashMap;

/// Ada and Grace write from Maine (to Senators King, `SME01`, and Collins,
/// `SME02`), Alan from Texas.
async fn seed(app: &TestApp) {
    for (email, state) in [
        ("ada@example.org", "ME"),
        ("grace@example.org", "ME"),
        ("alan@example.org", "TX"),
    ] {
        let mut letter = letter_json(email, state);
        letter["message"] = "First paragraph.\n\nSecond paragraph.".into();
        assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    }
}

fn packet_path(office: &str, query: &str) -> String {
    format!("/admin/c/{LAUNCH}/offices/{office}/letters?{query}")
}

fn emails(rows: &[HashMap<String, String>]) -> Vec<&str> {
    let mut emails: Vec<&str> = rows.iter().map(|row| row["email"].as_str()).collect();
    emails.sort();
    emails
}

#[tokio::test]
async fn an_offices_packet_holds_exactly_its_letters_when_the_campaign_does_not_deliver() {
    let app = spawn_quiet_app().await;
    seed(&app).await;

    let (header, king) = csv_rows(admin_text(&app, &packet_path("SME01", "")).await.as_bytes());
    assert_eq!(
        header[..7],
        [
            "id",
            "created_at",
            "office",
            "delivery",
            "reason",
            "prefix",
            "first_name"
        ]
    );
    assert!(header.iter().any(|column| column == "message"));
    assert_eq!(emails(&king), ["ada@example.org", "grace@example.org"]);
    assert!(
        king.iter()
            .all(|row| row["office"] == "SME01" && row["delivery"].is_empty()),
        "nothing is delivered: {king:?}"
    );
    assert_eq!(king[0]["street"], "1 Congress Ave");
    let (_, texas) = csv_rows(
        admin_text(&app, &packet_path("STX02", "format=csv"))
            .await
            .as_bytes(),
    );
    assert_eq!(emails(&texas), ["alan@example.org"]);

    let html = admin_text(&app, &packet_path("SME01", "format=html")).await;
    assert_eq!(html.matches("<article class=\"letter\">").count(), 2);
    for expected in [
        "Letters to Senator Angus S. King, Jr. (SME01)",
        "The Honorable Angus S. King, Jr.\nUnited States Senate\nWashington, DC 20510",
        "Dear Senator Angus S. King, Jr.,",
        "1 Congress Ave\n",
        ", ME ",
        "<p class=\"body\">First paragraph.</p>",
        "<p class=\"body\">Second paragraph.</p>",
        "Sincerely,<br>Ada Lovelace",
        "break-after: page",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    assert!(!html.contains("alan@example.org"));
}

#[tokio::test]
async fn an_office_the_campaign_never_wrote_to_has_an_empty_packet_that_says_so() {
    let app = spawn_quiet_app().await;
    seed(&app).await;
    for (office, says) in [
        ("HME01", "No letter of this campaign is addressed to HME01."),
        ("HTX23", "No one holds office HTX23 in our member data"),
    ] {
        let response = app
            .admin_get(&packet_path(office, "format=html"), Some(ADMIN_TOKEN))
            .await;
        assert_eq!(response.status(), 200, "{office}");
        assert_eq!(response.headers()["x-page-rows"], "0");
        let html = response.text().await.unwrap();
        assert!(html.contains("<h1>Letters to "), "{html}");
        assert!(html.contains(says), "{says} in {html}");
        let csv = admin_text(&app, &packet_path(office, "")).await;
        assert_eq!(csv.lines().count(), 1, "the header only: {csv}");
    }
}

#[tokio::test]
async fn a_packet_pages_with_the_cursor_and_loses_no_letter() {
    let app = spawn_quiet_app().await;
    seed(&app).await;
    let (mut seen, mut cursor, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let query = match &cursor {
            Some(cursor) => format!("limit=1&cursor={cursor}"),
            None => "limit=1".into(),
        };
        let response = app
            .admin_get(&packet_path("SME02", &query), Some(ADMIN_TOKEN))
            .await;
        assert_eq!(response.status(), 200);
        cursor = response
            .headers()
            .get("x-next-cursor")
            .map(|c| c.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        assert_eq!(
            body.starts_with("id,"),
            pages == 0,
            "the header on the first page only"
        );
        let mut page = csv::ReaderBuilder::new()
            .has_headers(pages == 0)
            .from_reader(body.as_bytes());
        seen.extend(page.records().map(|row| row.unwrap()[0].to_owned()));
        pages += 1;
        if cursor.is_none() {
            break;
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 2, "each of the two letters once");
    assert!(pages >= 2);
}

#[tokio::test]
async fn a_packet_asked_for_wrongly_is_refused_with_a_reason() {
    let app = spawn_quiet_app().await;
    seed(&app).await;
    for (path, status, says) in [
        (
            "/admin/c/nope/offices/SME01/letters".to_owned(),
            404,
            "no campaign",
        ),
        (
            packet_path("SDC01", ""),
            422,
            "\"SDC01\" is not an office code",
        ),
        (
            packet_path("not-an-office", ""),
            422,
            "The office in the address",
        ),
        (
            packet_path("SME01", "format=pdf"),
            400,
            "format is csv or html",
        ),
        (packet_path("SME01", "limit=0"), 400, "limit is 1 to 1000"),
        (
            packet_path("SME01", "limit=1001"),
            400,
            "limit is 1 to 1000",
        ),
        (packet_path("SME01", "cursor=not-a-cursor"), 400, "cursor"),
    ] {
        let response = app.admin_get(&path, Some(ADMIN_TOKEN)).await;
        assert_eq!(response.status(), status, "{path}");
        let body: Value = response.json().await.unwrap();
        let error = body["error"].as_str().unwrap();
        assert!(error.contains(says), "{path}: {error}");
    }
    let path = packet_path("SME01", "");
    assert_eq!(app.admin_get(&path, None).await.status(), 401);
    let wrong = app.admin_get(&path, Some("guess")).await;
    assert_eq!(wrong.status(), 403);
    assert!(!wrong.text().await.unwrap().contains("example.org"));
}

#[tokio::test]
async fn each_packet_is_logged_with_who_and_which_office_and_no_personal_data() {
    let app = spawn_quiet_app().await;
    seed(&app).await;
    let logs = CapturedLogs::start();
    admin_text(&app, &packet_path("SME01", "format=html")).await;
    admin_text(&app, &packet_path("SME01", "format=csv")).await;

    let audit = logs.with_message("export of an office's letters with personal data");
    assert_eq!(audit.len(), 2, "{:?}", logs.lines());
    for line in &audit {
        assert_eq!(line["fields"]["office"], "SME01");
        assert_eq!(line["fields"]["campaign"], "sesta");
        assert_eq!(line["fields"]["analyst"], "local token holder");
    }
    let logs = serde_json::to_string(&logs.lines()).unwrap();
    for personal in ["example.org", "Lovelace", "Congress Ave", "paragraph"] {
        assert!(!logs.contains(personal), "{personal} in {logs}");
    }
}

#[tokio::test]
async fn with_delivery_on_each_offices_packet_says_where_each_letter_stands() {
    let (_stand_in, app) = a_mainer_and_a_texan_settled().await;

    let (_, collins) = csv_rows(admin_text(&app, &packet_path("SME02", "")).await.as_bytes());
    assert_eq!(emails(&collins), ["ada@example.org"]);
    assert_eq!(
        (
            collins[0]["delivery"].as_str(),
            collins[0]["reason"].as_str()
        ),
        ("delivered", "")
    );
    assert_eq!(collins[0]["prefix"], "Ms.");
    let (_, king) = csv_rows(admin_text(&app, &packet_path("SME01", "")).await.as_bytes());
    assert_eq!(emails(&king), ["ada@example.org"]);
    assert_eq!(king[0]["delivery"], "unreachable");
    assert!(king[0]["reason"].contains("SME01 is not on the Senate's list"));

    let html = admin_text(&app, &packet_path("SME02", "format=html")).await;
    assert!(html.contains("delivery service on "), "{html}");
    assert!(html.contains("Ms. Ada Lovelace") && html.contains("Portland, ME 04101"));
    let unreachable = admin_text(
        &app,
        &format!("/admin/c/{LAUNCH}/offices/SME02/unreachable"),
    )
    .await;
    assert_eq!(
        unreachable.lines().count(),
        1,
        "delivered, so not unreachable"
    );
}

#[tokio::test]
async fn over_dynamodb_an_offices_packet_reads_the_export_index() {
    let (store, _, table) = dynamodb_table().await;
    let app = spawn_on_table(&table).await;
    seed(&app).await;
    // The export reads the days the tallies name.
    aggregate(&store, &table, 1).await;
    let (_, king) = csv_rows(
        admin_text(&app, &packet_path("SME01", "limit=1000"))
            .await
            .as_bytes(),
    );
    assert_eq!(emails(&king), ["ada@example.org", "grace@example.org"]);
    let html = admin_text(&app, &packet_path("STX02", "format=html")).await;
    assert_eq!(html.matches("<article class=\"letter\">").count(), 1);
}
