//! Delivery in the local server, end to end: a letter posted to a
//! delivering campaign reaches the stand-in for each office it can, its
//! receipt says where it stands with each, and the letters an office cannot
//! be reached for come out of the staff export, in CSV and as printable
//! letters.

use crate::abuse::{link, only_email};
use crate::delivery::MAINE;
use crate::delivery::settings;
use crate::helpers::{ADMIN_TOKEN, LAUNCH, Spawn, TestApp, letter_form, set, spawn_app};
use integration_tests::cwc_stand_in::StandIn;
use integration_tests::delivery::{active_offices, keys};
use local::{Backend, LocalDelivery};
use shared::domain::Chamber;
use shared::fixtures::{VERIFYING, delivering_catalog};
use shared::settings::CwcVariant;
use shared::web::receipt::spoken_date;
use std::time::Duration;

/// The local server over a fresh embedded store, delivering the launch
/// campaign's letters to `stand_in`, with our list of active offices `active`.
pub async fn spawn_delivering(stand_in: &StandIn, active: &[&str]) -> TestApp {
    Spawn {
        catalog: delivering_catalog(),
        delivery: Some(LocalDelivery {
            settings: settings(stand_in, CwcVariant::default_for(Chamber::Senate)),
            keys: keys(),
            offices: active_offices(active),
            timeout: Duration::from_secs(5),
        }),
        ..Spawn::new(Backend::Embedded)
    }
    .start()
    .await
}

/// Ms. Ada Lovelace's letter from Portland, Maine, as form fields.
pub fn maine_form() -> Vec<(String, String)> {
    let mut form = letter_form("ada@example.org", "ME");
    for (name, value) in &mut form {
        match name.as_str() {
            "prefix" => *value = "Ms.".into(),
            "phone" => *value = "(207) 555-0143".into(),
            "city" => *value = "Portland".into(),
            "zip" => *value = "04101".into(),
            _ => {}
        }
    }
    form
}

/// Two letters to the launch campaign with Maine's Senators delivering
/// (SME02 active, SME01 not on the Senate's list): a Mainer's, delivered to
/// one office and unreachable at the other, and a Texan's, which no
/// delivering office takes; once both have settled. The stand-in lives as
/// long as it is kept.
pub async fn a_mainer_and_a_texan_settled() -> (StandIn, TestApp) {
    let stand_in = StandIn::start(&MAINE).await;
    let app = spawn_delivering(&stand_in, &["SME02"]).await;
    assert_eq!(app.post_form(LAUNCH, &maine_form()).await.status(), 303);
    let mut texan = maine_form();
    for (name, value) in [
        ("email", "alan@example.org"),
        ("state", "TX"),
        ("city", "Austin"),
        ("zip", "78701"),
    ] {
        set(&mut texan, name, value);
    }
    assert_eq!(app.post_form(LAUNCH, &texan).await.status(), 303);
    settled(&app, &[("SME02", "delivered"), ("SME01", "unreachable")]).await;
    (stand_in, app)
}

/// Once all is done, the launch campaign's summary counts one letter in
/// each `(office, state)`.
pub async fn settled(app: &TestApp, expected: &[(&str, &str)]) {
    settled_in(app, LAUNCH, expected).await;
}

async fn settled_in(app: &TestApp, slug: &str, expected: &[(&str, &str)]) {
    app.settled().await;
    let summary: serde_json::Value =
        serde_json::from_str(&admin_text(app, &format!("/admin/c/{slug}/summary")).await).unwrap();
    for (office, state) in expected {
        assert_eq!(
            summary["deliveries"][office][state], 1,
            "{office} {state}: {summary}"
        );
    }
}

/// The page a stored letter's 303 leads to.
async fn thank_you_page(app: &TestApp, response: reqwest::Response) -> String {
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    app.get(&location).await.text().await.unwrap()
}

/// The receipt page the confirmation email links to.
async fn receipt(app: &TestApp) -> String {
    let email = only_email(app).await;
    let response = app.get(&link(&email, "receipt")).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

pub async fn admin_text(app: &TestApp, path: &str) -> String {
    let response = app.admin_get(path, Some(ADMIN_TOKEN)).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_delivering_campaign_asks_for_a_prefix_and_a_phone_and_one_that_records_does_not() {
    let stand_in = StandIn::start(&[]).await;
    let delivering = spawn_delivering(&stand_in, &[])
        .await
        .get(&format!("/c/{LAUNCH}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        delivering.contains(r#"name="prefix""#) && delivering.contains(r#"<option value="Ms.">"#),
        "{delivering}"
    );
    assert!(delivering.contains(r#"name="phone""#) && delivering.contains(r#"type="tel""#));
    let prefix_select = &delivering[delivering.find(r#"id="prefix""#).unwrap()..];
    assert!(prefix_select[..prefix_select.find('>').unwrap()].contains("required"));
    let recording = spawn_app()
        .await
        .get(&format!("/c/{LAUNCH}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!recording.contains(r#"name="prefix""#) && !recording.contains(r#"name="phone""#));
}

#[tokio::test]
async fn a_letter_without_a_prefix_is_refused_with_a_message_on_the_field() {
    let stand_in = StandIn::start(&[]).await;
    let app = spawn_delivering(&stand_in, &[]).await;
    let response = app
        .post_form(LAUNCH, &letter_form("ada@example.org", "ME"))
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Choose how the office should address you.")
    );
}

#[tokio::test]
async fn an_unreachable_office_appears_in_its_staff_export_and_the_reachable_one_gets_the_letter() {
    let stand_in = StandIn::start(&["SME01", "SME02"]).await;
    let app = spawn_delivering(&stand_in, &["SME02"]).await;
    assert_eq!(app.post_form(LAUNCH, &maine_form()).await.status(), 303);
    settled(&app, &[("SME02", "delivered"), ("SME01", "unreachable")]).await;
    let taken = stand_in.taken();
    assert_eq!(taken.len(), 1);
    assert!(
        taken[0].xml.contains("<Phone>207-555-0143</Phone>")
            && taken[0].xml.contains("<Prefix>Ms.</Prefix>")
    );

    let csv = admin_text(
        &app,
        &format!("/admin/c/{LAUNCH}/offices/SME01/unreachable"),
    )
    .await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    let cell =
        |name: &str| rows[0][header.iter().position(|column| column == name).unwrap()].to_owned();
    assert!(
        cell("reason").contains("SME01 is not on the Senate's list"),
        "{csv}"
    );
    assert_eq!(
        (cell("office"), cell("street"), cell("phone")),
        (
            "SME01".into(),
            "1 Congress Ave".into(),
            "207-555-0143".into()
        )
    );
    let html = admin_text(
        &app,
        &format!("/admin/c/{LAUNCH}/offices/SME01/unreachable?format=html"),
    )
    .await;
    for expected in [
        "The Honorable Angus S. King, Jr.",
        "Dear Senator Angus S. King, Jr.,",
        "Ms. Ada Lovelace",
        "1 Congress Ave\nPortland, ME 04101",
        "break-after: page",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    let reachable = admin_text(
        &app,
        &format!("/admin/c/{LAUNCH}/offices/SME02/unreachable"),
    )
    .await;
    assert_eq!(reachable.lines().count(), 1, "the header only: {reachable}");

    let receipt = receipt(&app).await;
    let king = receipt
        .split("<li>")
        .find(|row| row.contains("Angus S. King"))
        .unwrap();
    assert!(
        king.contains("Not delivered: this office does not take letters through")
            && king.contains("Reach the office yourself: <a href=\"tel:"),
        "{king}"
    );
}

#[tokio::test]
async fn a_letter_to_two_senators_is_accepted_twice_delivered_twice_and_the_receipt_shows_both() {
    let stand_in = StandIn::start(&MAINE).await;
    let app = spawn_delivering(&stand_in, &MAINE).await;
    let response = app.post_form(LAUNCH, &maine_form()).await;
    let thanks = thank_you_page(&app, response).await;
    assert!(thanks.contains(
        "Your letter to Senator Susan M. Collins and Senator Angus S. King, Jr. is being delivered"
    ));
    settled(&app, &[("SME02", "delivered"), ("SME01", "delivered")]).await;
    assert_eq!(stand_in.taken().len(), 2);
    assert_eq!(stand_in.answered(201), 2, "two accepted messages");

    let receipt = receipt(&app).await;
    let today = spoken_date(
        time::OffsetDateTime::now_utc().date(),
        shared::language::Language::En,
    );
    for senator in ["Susan M. Collins", "Angus S. King, Jr."] {
        let expected = format!("<strong>Senator {senator}</strong>: Delivered on {today}.");
        assert!(receipt.contains(&expected), "{expected} in {receipt}");
    }
    assert!(!receipt.contains("Reach the office yourself"));
}

#[tokio::test]
async fn a_letter_waiting_for_its_confirmation_is_delivered_once_confirmed_from_its_email() {
    let stand_in = StandIn::start(&MAINE).await;
    let app = spawn_delivering(&stand_in, &MAINE).await;
    let response = app.post_form(VERIFYING, &maine_form()).await;
    let thanks = thank_you_page(&app, response).await;
    assert!(thanks.contains("It goes to their offices once you confirm it"));
    let email = only_email(&app).await;
    assert_eq!(
        stand_in.requests(),
        0,
        "nothing goes before the confirmation"
    );
    assert!(
        receipt(&app)
            .await
            .contains("waiting for you to confirm it")
    );

    let confirm = link(&email, "confirm");
    let confirmed = app
        .client
        .post(format!("{}{confirm}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), 200);
    settled_in(
        &app,
        VERIFYING,
        &[("SME02", "delivered"), ("SME01", "delivered")],
    )
    .await;
    assert!(
        stand_in
            .taken()
            .iter()
            .all(|taken| taken.xml.contains("<EmailValidation>Y</EmailValidation>"))
    );
    assert!(receipt(&app).await.contains("Delivered on"));
}

#[tokio::test]
async fn the_staff_export_refuses_what_it_cannot_read() {
    let stand_in = StandIn::start(&[]).await;
    let app = spawn_delivering(&stand_in, &[]).await;
    for (path, status) in [
        (
            format!("/admin/c/{LAUNCH}/offices/SME01/unreachable?format=pdf"),
            400,
        ),
        (
            format!("/admin/c/{LAUNCH}/offices/SME01/unreachable?limit=0"),
            400,
        ),
        (format!("/admin/c/{LAUNCH}/offices/SDC01/unreachable"), 422),
        ("/admin/c/nope/offices/SME01/unreachable".to_owned(), 404),
    ] {
        assert_eq!(
            app.admin_get(&path, Some(ADMIN_TOKEN)).await.status(),
            status,
            "{path}"
        );
    }
    let unauthenticated = app
        .admin_get(
            &format!("/admin/c/{LAUNCH}/offices/SME01/unreachable"),
            None,
        )
        .await;
    assert_eq!(unauthenticated.status(), 401);
}
