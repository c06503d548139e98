//! A campaign embedded in a partner's site, and where letters come from:
//! the embed mode alone may be framed, and only by the campaign's allowed
//! origins; a link's `source` and UTM tags travel in the form, are recorded
//! with the letter, counted by source, exported and filtered on.

use crate::admin::aggregate;
use crate::helpers::{
    ADMIN_TOKEN, LAUNCH, TestApp, dynamodb_table, letter_form, letter_json, set, spawn_app,
    spawn_app_on, spawn_embedded,
};
use analyst::client::{AnalystClient, Auth};
use analyst::export::{ExportOptions, export};
use local::{Backend, Consumers};
use reqwest::Response;
use serde_json::Value;
use shared::fixtures::launch_catalog_with;

const PARTNER: &str = "https://partner.example.org";

/// The launch campaign, framed by [`PARTNER`] and counting `acme` and
/// `newsletter`.
fn partnered() -> shared::campaign::CampaignCatalog {
    launch_catalog_with(&format!(
        "allowed_origins = [\"{PARTNER}\"]\nsources = [\"acme\", \"newsletter\"]"
    ))
}

fn frame_ancestors(response: &Response) -> &str {
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    policy.rsplit_once("frame-ancestors ").unwrap().1
}

async fn summary_of(app: &TestApp) -> Value {
    app.admin_get("/admin/c/sesta/summary", Some(ADMIN_TOKEN))
        .await
        .json()
        .await
        .unwrap()
}

/// The rows of a JSON Lines export with `query`.
async fn exported(app: &TestApp, query: &str) -> Vec<Value> {
    let path = format!("/admin/c/sesta/letters?format=jsonl{query}");
    let response = app.admin_get(&path, Some(ADMIN_TOKEN)).await;
    assert_eq!(response.status(), 200, "{query}");
    let body = response.text().await.unwrap();
    body.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// Posts a form to `/c/sesta/letters?embed=1`, as the form in a frame does.
async fn post_in_frame(app: &TestApp, fields: &[(String, String)]) -> Response {
    let mut fields = fields.to_vec();
    set(&mut fields, "form_token", &app.form_token(LAUNCH).await);
    app.client
        .post(format!("{}/c/sesta/letters?embed=1", app.address))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn only_the_embed_page_may_be_framed_and_only_by_the_campaigns_partners() {
    let app = spawn_embedded(partnered()).await;

    let embed = app.get("/c/sesta?embed=1").await;
    assert_eq!(embed.status(), 200);
    assert_eq!(frame_ancestors(&embed), PARTNER);
    assert!(!embed.headers().contains_key("x-frame-options"));
    let html = embed.text().await.unwrap();
    assert!(
        html.contains(&format!(
            "<body class=\"embed\" data-embed-origins=\"{PARTNER}\">"
        )),
        "{html}"
    );
    assert!(html.contains("action=\"/c/sesta/letters?embed=1\""));
    assert!(html.contains("data-thanks=\"/c/sesta/thanks?embed=1\""));
    assert!(html.contains("S. 1693"), "the ask and the letter are there");
    assert!(
        !html.contains("What is happening"),
        "the background sections are left to the partner's page"
    );
    assert!(html.contains("Privacy policy"), "who runs the form is said");

    let thanks = app.get("/c/sesta/thanks?state=TX&embed=1").await;
    assert_eq!(frame_ancestors(&thanks), PARTNER);
    assert!(thanks.text().await.unwrap().contains("class=\"embed\""));

    for path in [
        "/c/sesta",
        "/c/sesta/thanks?state=TX",
        "/c/sesta?embed=true",
    ] {
        let page = app.get(path).await;
        assert_eq!(frame_ancestors(&page), "'none'", "{path}");
        assert!(!page.text().await.unwrap().contains("class=\"embed\""));
    }
    let thanks = app.get("/c/sesta/thanks?state=TX").await;
    assert_eq!(thanks.headers()["x-frame-options"], "DENY");

    let unpartnered = spawn_app().await;
    let embed = unpartnered.get("/c/sesta?embed=1").await;
    assert_eq!(frame_ancestors(&embed), "'none'", "no partners, no frame");
}

#[tokio::test]
async fn a_letter_sent_from_the_frame_is_answered_in_the_frame() {
    let app = spawn_embedded(partnered()).await;
    let sent = post_in_frame(&app, &letter_form("ada@example.org", "TX")).await;
    assert_eq!(sent.status(), 303);
    assert_eq!(
        sent.headers()["location"],
        "/c/sesta/thanks?state=TX&embed=1"
    );

    let mut bad = letter_form("bob@example.org", "TX");
    set(&mut bad, "email", "not an address");
    let again = post_in_frame(&app, &bad).await;
    assert_eq!(again.status(), 422);
    assert_eq!(frame_ancestors(&again), PARTNER);
    let html = again.text().await.unwrap();
    assert!(html.contains("class=\"embed\""));
    assert!(html.contains("action=\"/c/sesta/letters?embed=1\""));
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn a_links_source_and_tags_travel_in_the_form_and_are_recorded_counted_and_exported() {
    let app = spawn_embedded(partnered()).await;
    let page = app
        .get("/c/sesta?source=ACME&utm_source=partner-site&utm_medium=embed&utm_campaign=bad%20tag")
        .await
        .text()
        .await
        .unwrap();
    for hidden in [
        "<input type=\"hidden\" name=\"source\" value=\"acme\">",
        "<input type=\"hidden\" name=\"utm_source\" value=\"partner-site\">",
        "<input type=\"hidden\" name=\"utm_medium\" value=\"embed\">",
    ] {
        assert!(page.contains(hidden), "{hidden}");
    }
    assert!(
        !page.contains("name=\"utm_campaign\""),
        "a tag that does not parse is left out, without a word"
    );
    assert!(!page.contains("bad tag"));

    // As the page's form posts it, and as an API client might.
    let mut fields = letter_form("ada@example.org", "TX");
    for name in ["source", "utm_source", "utm_medium"] {
        let (_, rest) = page
            .split_once(&format!("name=\"{name}\" value=\""))
            .unwrap();
        set(&mut fields, name, rest.split('"').next().unwrap());
    }
    set(&mut fields, "form_token", &app.form_token(LAUNCH).await);
    assert_eq!(app.post_form(LAUNCH, &fields).await.status(), 303);
    let mut json = letter_json("bob@example.org", "CA");
    json["source"] = "newsletter".into();
    json["utm_campaign"] = "Spring_2026".into();
    assert_eq!(app.post_json(LAUNCH, &json).await.status(), 201);
    let mut unlisted = letter_json("cy@example.org", "CA");
    unlisted["source"] = "someone-else".into();
    assert_eq!(
        app.post_json(LAUNCH, &unlisted).await.status(),
        201,
        "a code the campaign does not list loses the letter nothing"
    );
    assert_eq!(
        app.post_json(LAUNCH, &letter_json("di@example.org", "TX"))
            .await
            .status(),
        201
    );

    let rows = exported(&app, "").await;
    let tags = |email_state: &str, row: &Value| {
        let columns = ["source", "utm_source", "utm_medium", "utm_campaign"];
        let tags: Vec<String> = columns
            .iter()
            .map(|c| row[c].as_str().unwrap().to_owned())
            .collect();
        (email_state.to_owned(), tags.join(","))
    };
    let mut seen: Vec<(String, String)> = rows
        .iter()
        .map(|row| tags(row["state"].as_str().unwrap(), row))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("CA".into(), ",,,".into()),
            ("CA".into(), "newsletter,,,spring_2026".into()),
            ("TX".into(), ",,,".into()),
            ("TX".into(), "acme,partner-site,embed,".into()),
        ]
    );
    let csv = app
        .admin_get("/admin/c/sesta/letters", Some(ADMIN_TOKEN))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",source,utm_source,utm_medium,utm_campaign")
    );

    let summary = summary_of(&app).await;
    assert_eq!(summary["total"], 4);
    assert_eq!(
        summary["by_source"],
        serde_json::json!({ "acme": 1, "newsletter": 1 }),
        "the letters with no listed source are the rest of the total"
    );

    let from_acme = exported(&app, "&source=ACME").await;
    assert_eq!(from_acme.len(), 1);
    assert_eq!(from_acme[0]["utm_medium"], "embed");
    assert!(exported(&app, "&source=nobody").await.is_empty());
    let bad = app
        .admin_get("/admin/c/sesta/letters?source=a%20b", Some(ADMIN_TOKEN))
        .await;
    assert_eq!(bad.status(), 400);
    let body: Value = bad.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("source"));

    assert_eq!(app.erase("ada@example.org").await.status(), 200);
    assert_eq!(
        summary_of(&app).await["by_source"],
        serde_json::json!({ "acme": 0, "newsletter": 1 }),
        "an erased letter leaves its source's count"
    );
}

#[tokio::test]
async fn a_tag_that_is_not_one_is_refused_naming_its_field_and_nothing_is_stored() {
    let app = spawn_embedded(partnered()).await;
    for (field, value) in [
        ("source", "acme;drop"),
        ("utm_source", "news letter"),
        ("utm_medium", "<b>"),
        ("utm_campaign", &"x".repeat(65)),
    ] {
        let mut json = letter_json("ada@example.org", "TX");
        json[field] = value.into();
        let response = app.post_json(LAUNCH, &json).await;
        assert_eq!(response.status(), 422, "{field}");
        let body: Value = response.json().await.unwrap();
        let errors = body["errors"].as_object().unwrap();
        assert_eq!(errors.len(), 1, "{field}: {body}");
        assert!(
            errors[field].as_str().unwrap().contains("64 letters"),
            "{field}: {body}"
        );
    }
    let mut fields = letter_form("ada@example.org", "TX");
    set(&mut fields, "utm_medium", "e mail");
    let page = app.post_form(LAUNCH, &fields).await;
    assert_eq!(page.status(), 422);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("UTM medium: Use 1 to 64")
    );
    assert_eq!(app.count(LAUNCH).await, 0);
}

#[tokio::test]
async fn publishing_sources_that_are_not_codes_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let launch = include_str!("../../../core/campaigns/sesta.toml");
    for (bad, says) in [
        ("[\"acme corp\"]", "64 letters"),
        ("[\"acme\", \"ACME\"]", "acme is listed twice"),
    ] {
        let text = format!("sources = {bad}\n{launch}");
        let response = app
            .client
            .put(format!("{}/admin/campaigns/sesta", app.address))
            .bearer_auth(ADMIN_TOKEN)
            .body(text)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{bad}");
        let body: Value = response.json().await.unwrap();
        let problem = &body["errors"][0];
        assert_eq!(
            (&problem["line"], &problem["field"]),
            (&1.into(), &"sources".into())
        );
        assert!(
            problem["message"].as_str().unwrap().contains(says),
            "{body}"
        );
    }
}

#[tokio::test]
async fn the_analyst_exports_one_sources_letters_knowing_how_many_to_expect() {
    let app = spawn_embedded(partnered()).await;
    for (n, source) in ["acme", "acme", "newsletter", ""].iter().enumerate() {
        let mut json = letter_json(&format!("s{n}@example.org"), "TX");
        json["source"] = (*source).into();
        assert_eq!(app.post_json(LAUNCH, &json).await.status(), 201);
    }
    let client = AnalystClient::new(&app.address, Auth::Token(ADMIN_TOKEN.into()));
    let options = ExportOptions {
        format: "jsonl".into(),
        source: Some("acme".into()),
        ..Default::default()
    };
    let summary = client.summary(LAUNCH).await.unwrap();
    assert_eq!(options.expected_rows(&summary), Some(2));
    let mut out = Vec::new();
    let rows = export(&client, LAUNCH, &options, &mut out, |_| {})
        .await
        .unwrap();
    assert_eq!(rows, 2);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.lines()
            .all(|line| line.contains("\"source\":\"acme\""))
    );
}

#[tokio::test]
async fn over_dynamodb_sources_are_stored_tallied_and_filtered_through_the_index() {
    let (store, _, table) = dynamodb_table().await;
    let backend = Backend::Aws {
        table: table.clone(),
    };
    let app = spawn_app_on(backend, partnered(), Consumers::None).await;
    for (n, source) in ["acme", "newsletter", ""].iter().enumerate() {
        let mut json = letter_json(&format!("s{n}@example.org"), "TX");
        json["source"] = (*source).into();
        json["utm_medium"] = "email".into();
        assert_eq!(app.post_json(LAUNCH, &json).await.status(), 201);
    }
    aggregate(&store, &table, 1).await;
    assert_eq!(
        summary_of(&app).await["by_source"],
        serde_json::json!({ "acme": 1, "newsletter": 1 })
    );
    let from_acme = exported(&app, "&source=acme").await;
    assert_eq!(from_acme.len(), 1);
    assert_eq!(
        (&from_acme[0]["source"], &from_acme[0]["utm_medium"]),
        (&"acme".into(), &"email".into())
    );
    assert_eq!(exported(&app, "").await.len(), 3);
}
