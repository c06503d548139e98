//! `POST /c/{slug}/letters` in both content types.

use crate::helpers::{LAUNCH, letter_form, letter_json, set, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn a_form_letter_is_stored_and_redirects_to_the_thanks_page() {
    let app = spawn_app().await;
    let response = app
        .post_form(LAUNCH, &letter_form("ada@example.org", "TX"))
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/c/sesta/thanks?state=TX");
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn a_json_letter_gets_201_with_its_id_and_both_senators() {
    let app = spawn_app().await;
    let response = app
        .post_json(LAUNCH, &letter_json("ada@example.org", "tx"))
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert!(uuid::Uuid::parse_str(body["id"].as_str().unwrap()).is_ok());
    let bioguides: Vec<&str> = body["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["bioguide"].as_str().unwrap())
        .collect();
    assert_eq!(bioguides, ["C001056", "C001098"]);
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn an_invalid_form_is_422_with_values_kept_and_errors_beside_fields() {
    let app = spawn_app().await;
    let mut fields = letter_form("not-an-email", "TX");
    fields.retain(|(name, _)| name != "zip");
    let response = app.post_form(LAUNCH, &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("value=\"not-an-email\""),
        "the typed value is kept"
    );
    assert!(html.contains("value=\"Ada\""));
    assert!(html.contains("id=\"email-error\""));
    assert!(html.contains("aria-describedby=\"email-error\""));
    assert!(html.contains("id=\"zip-error\""));
    assert!(
        html.contains("href=\"#email\""),
        "the summary links to the field"
    );
    assert!(
        html.contains("Please cosponsor S. 1693"),
        "the letter text is kept"
    );
    assert_eq!(app.count(LAUNCH).await, 0);
}

#[tokio::test]
async fn a_paragraph_in_the_supporters_own_words_is_taken_or_sent_back_with_its_reason() {
    let app = spawn_app().await;
    let mut fields = letter_form("ada@example.org", "TX");
    for (value, expected) in [
        (
            "a".repeat(2001),
            "Shorten your paragraph to 2000 characters or fewer (it has 2001).",
        ),
        (
            "Me.".into(),
            "Lengthen your paragraph to 6 characters or more (it has 3).",
        ),
    ] {
        set(&mut fields, "own_words", &value);
        let response = app.post_form(LAUNCH, &fields).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(expected), "{expected}");
        assert!(html.contains("aria-describedby=\"own_words-hint own_words-error\""));
        assert!(
            html.contains(&format!(">{value}</textarea>")),
            "kept as typed"
        );
    }
    assert_eq!(app.count(LAUNCH).await, 0);

    set(&mut fields, "own_words", "It happened to my cousin.");
    assert_eq!(app.post_form(LAUNCH, &fields).await.status(), 303);
    let mut letter = letter_json("grace@example.org", "TX");
    letter["own_words"] = "And to my neighbour.".into();
    assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    assert_eq!(app.count(LAUNCH).await, 2);
}

#[tokio::test]
async fn an_invalid_json_letter_is_422_with_an_error_per_field() {
    let app = spawn_app().await;
    let mut letter = letter_json("ada@example", "XX");
    letter["zip"] = "123".into();
    let response = app.post_json(LAUNCH, &letter).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let errors = body["errors"].as_object().unwrap();
    let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    fields.sort();
    assert_eq!(fields, ["email", "state", "zip"]);
}

#[tokio::test]
async fn a_letter_from_dc_is_refused_with_a_clear_reason() {
    let app = spawn_app().await;
    let response = app
        .post_json(LAUNCH, &letter_json("ada@example.org", "DC"))
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["errors"]["state"]
            .as_str()
            .unwrap()
            .contains("District of Columbia has no U.S. Senators")
    );

    let response = app
        .post_form(LAUNCH, &letter_form("ada@example.org", "PR"))
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Puerto Rico has no U.S. Senators")
    );
    assert_eq!(app.count(LAUNCH).await, 0);
}

#[tokio::test]
async fn supporter_input_is_escaped_when_the_form_is_shown_again() {
    let app = spawn_app().await;
    let mut fields = letter_form("bad", "TX");
    for (name, value) in &mut fields {
        if name == "first_name" || name == "message" {
            *value = "<script>alert(1)</script>\"><img src=x>".into();
        }
    }
    let html = app.post_form(LAUNCH, &fields).await.text().await.unwrap();
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x>"));
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
}
