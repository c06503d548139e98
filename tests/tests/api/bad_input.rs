//! Every class of bad input gets a clear 4xx and stores nothing; no input is
//! ever a 500.

use crate::helpers::{CLOSED, LAUNCH, letter_form, letter_json, set, spawn_app};
use serde_json::Value;

const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn requests_the_server_cannot_take_get_their_status() {
    let app = spawn_app().await;
    let valid_json = serde_json::to_vec(&letter_json("ada@example.org", "TX")).unwrap();
    let oversized = serde_json::to_vec(
        &serde_json::json!({ "message": "x".repeat(shared::letter::form::MAX_BODY_BYTES) }),
    )
    .unwrap();
    let cases = [
        (
            "unknown campaign",
            "no-such-campaign",
            JSON,
            valid_json.clone(),
            404,
        ),
        (
            "closed campaign, JSON",
            CLOSED,
            JSON,
            valid_json.clone(),
            410,
        ),
        (
            "closed campaign, form",
            CLOSED,
            FORM,
            b"first_name=Ada".to_vec(),
            410,
        ),
        ("no content type", LAUNCH, None, valid_json.clone(), 415),
        (
            "plain text",
            LAUNCH,
            Some("text/plain"),
            valid_json.clone(),
            415,
        ),
        (
            "multipart",
            LAUNCH,
            Some("multipart/form-data; boundary=x"),
            b"--x--".to_vec(),
            415,
        ),
        ("body over the limit", LAUNCH, JSON, oversized, 413),
        (
            "malformed JSON",
            LAUNCH,
            JSON,
            b"{\"first_name\": ".to_vec(),
            400,
        ),
        (
            "JSON of the wrong shape",
            LAUNCH,
            JSON,
            b"[\"Ada\"]".to_vec(),
            400,
        ),
        (
            "non-UTF-8 JSON",
            LAUNCH,
            JSON,
            b"{\"first_name\": \"\xff\"}".to_vec(),
            400,
        ),
    ];
    for (case, slug, content_type, body, expected) in cases {
        let response = app.post_raw(slug, content_type, body).await;
        assert_eq!(response.status(), expected, "{case}");
    }
    assert_eq!(app.count(LAUNCH).await, 0);
}

#[tokio::test]
async fn malformed_forms_are_400() {
    let app = spawn_app().await;
    for (case, body) in [
        (
            "non-UTF-8 percent escape",
            &b"first_name=%C3%28&email=a%40b.org"[..],
        ),
        ("raw non-UTF-8 bytes", &b"first_name=\xfe\xff"[..]),
        (
            "a field given twice",
            &b"email=a%40b.org&email=c%40d.org"[..],
        ),
    ] {
        let response = app.post_raw(LAUNCH, FORM, body.to_vec()).await;
        assert_eq!(response.status(), 400, "{case}");
        assert!(
            response.text().await.unwrap().contains("could not be read"),
            "{case}"
        );
    }
}

#[tokio::test]
async fn json_clients_get_json_errors() {
    let app = spawn_app().await;
    let response = app.post_raw(CLOSED, JSON, b"{}".to_vec()).await;
    assert_eq!(response.status(), 410);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("closed"));
}

#[tokio::test]
async fn each_invalid_field_gets_its_own_message() {
    let app = spawn_app().await;
    let cases = [
        ("empty first name", "first_name", "", "Enter"),
        (
            "first name too long",
            "first_name",
            &"a".repeat(101),
            "100 characters",
        ),
        (
            "control character in city",
            "city",
            "Aus\u{1}tin",
            "control characters",
        ),
        (
            "line break in a one-line field",
            "subject",
            "Hello\r\nBcc: everyone@example.org",
            "line breaks",
        ),
        (
            "line break in the street",
            "street",
            "1 Main\nSt",
            "line breaks",
        ),
        (
            "invalid email",
            "email",
            "ada@@example.org",
            "email address like",
        ),
        ("unknown state", "state", "ZZ", "Choose a U.S. state"),
        ("malformed ZIP", "zip", "7870", "5-digit ZIP"),
        ("no such ZIP", "zip", "00000", "No ZIP code begins with 000"),
        (
            "a ZIP in another state",
            "zip",
            "94103",
            "That ZIP code is in California, not Texas.",
        ),
        (
            "letter too long",
            "message",
            &"a".repeat(5001),
            "5000 characters",
        ),
        (
            "unknown closing",
            "closing",
            "Yours in struggle",
            "Choose a closing",
        ),
    ];
    for (case, field, value, expected) in cases {
        let mut letter = letter_json("ada@example.org", "TX");
        letter[field] = value.into();
        let response = app.post_json(LAUNCH, &letter).await;
        assert_eq!(response.status(), 422, "{case}");
        let body: Value = response.json().await.unwrap();
        let message = body["errors"][field].as_str().unwrap_or_default();
        assert!(message.contains(expected), "{case}: {message:?}");
    }
    assert_eq!(app.count(LAUNCH).await, 0);
}

#[tokio::test]
async fn characters_no_message_can_carry_are_refused_in_the_field_they_came_in() {
    let app = spawn_app().await;
    let cases = [
        (
            "U+FFFE in the letter",
            "message",
            "Dear Senator,\u{FFFE} act.",
            "unusable",
        ),
        ("U+FFFF in a name", "first_name", "Ada\u{FFFF}", "unusable"),
        (
            "a noncharacter in the street",
            "street",
            "1 Main\u{FDD0} St",
            "unusable",
        ),
        (
            "another plane's in the city",
            "city",
            "Austin\u{10FFFE}",
            "unusable",
        ),
        (
            "U+FFFF in the paragraph",
            "own_words",
            "It matters\u{FFFF}.",
            "unusable",
        ),
        (
            "an escape in the subject",
            "subject",
            "Please\u{1B}[31m act",
            "control",
        ),
        (
            "a NUL in the letter",
            "message",
            "Dear Senator,\u{0} act.",
            "control",
        ),
        (
            "U+FFFE in the email",
            "email",
            "ada@exam\u{FFFE}ple.org",
            "email address",
        ),
    ];
    for (case, field, value, expected) in cases {
        let mut letter = letter_json("ada@example.org", "TX");
        letter[field] = value.into();
        let response = app.post_json(LAUNCH, &letter).await;
        assert_eq!(response.status(), 422, "JSON, {case}");
        let body: Value = response.json().await.unwrap();
        let message = body["errors"][field].as_str().unwrap_or_default();
        assert!(message.contains(expected), "JSON, {case}: {body}");

        let mut fields = letter_form("ada@example.org", "TX");
        set(&mut fields, field, value);
        let response = app.post_form(LAUNCH, &fields).await;
        assert_eq!(response.status(), 422, "form, {case}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("id=\"{field}-error\"")),
            "form, {case}"
        );
    }
    assert_eq!(app.count(LAUNCH).await, 0);
}

#[tokio::test]
async fn a_lone_surrogate_in_json_is_refused_in_its_field() {
    let app = spawn_app().await;
    for (field, escaped) in [
        ("message", "Dear Senator, \\ud800 act."),
        ("last_name", "Lovelace\\udfff"),
        ("own_words", "\\udbff\\udbff and more"),
    ] {
        let mut letter = letter_json("ada@example.org", "TX");
        letter[field] = "LONE".into();
        let body = serde_json::to_string(&letter)
            .unwrap()
            .replace("LONE", escaped);
        let response = app.post_raw(LAUNCH, JSON, body.into_bytes()).await;
        assert_eq!(response.status(), 422, "{field}");
        let answer: Value = response.json().await.unwrap();
        let errors = answer["errors"].as_object().unwrap();
        assert_eq!(errors.keys().collect::<Vec<_>>(), [field], "{answer}");
        assert!(
            errors[field].as_str().unwrap().contains("unusable"),
            "{answer}"
        );
    }
    assert_eq!(app.count(LAUNCH).await, 0);
}

#[tokio::test]
async fn no_input_is_ever_a_server_error() {
    let app = spawn_app().await;
    let long = "x".repeat(10_000);
    let odd_values = [
        "", " ", "\0", "\u{202e}", "%", "&", "=", "<>", "😀", "\u{feff}", "\\", "'\"", &long,
    ];
    for value in odd_values {
        for (field, _) in letter_form("ada@example.org", "TX") {
            let mut fields = letter_form("ada@example.org", "TX");
            for (name, field_value) in &mut fields {
                if *name == field {
                    *field_value = value.to_owned();
                }
            }
            let status = app.post_form(LAUNCH, &fields).await.status();
            assert!(status.as_u16() < 500, "{field}={value:?} gave {status}");
        }
    }
}
