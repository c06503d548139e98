//! The receipt a supporter's email links to, and the words of every page
//! and email with delivery off: the letter is recorded, each office's own
//! phone and contact form are the way to reach it, and nothing claims a
//! delivery. (Receipts of delivered letters: `delivery_local.rs`.)

use crate::abuse::{link, only_email};
use crate::helpers::{LAUNCH, Spawn, TestApp, letter_form, spawn_app};
use local::Backend;
use shared::clock::Clock;
use shared::fixtures::delivery_claims;
use time::{Duration, OffsetDateTime};

/// Posts a letter from Texas (asking for updates, so the email has a
/// confirm link too) and waits for its confirmation email.
async fn letter_and_email(app: &TestApp) -> String {
    let mut form = letter_form("ada@example.org", "TX");
    form.push(("opt_in".into(), "on".into()));
    let response = app.post_form(LAUNCH, &form).await;
    assert_eq!(response.status(), 303);
    only_email(app).await
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_receipt_of_a_recorded_letter_names_each_office_with_its_phone_and_contact_form() {
    let app = spawn_app().await;
    let email = letter_and_email(&app).await;
    let receipt = link(&email, "receipt");
    let response = app.get(&receipt).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = response.text().await.unwrap();
    for expected in [
        "<strong>Senator John Cornyn</strong>: Recorded. This campaign does not deliver letters to the offices.",
        "<strong>Senator Ted Cruz</strong>: Recorded.",
        "href=\"tel:+1-202-224-2934\"",
        "Contact form</a>",
        "Reach the office yourself",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    assert!(!html.contains("<script"), "the receipt needs no script");
    assert!(!html.contains("ada@example.org") && !html.contains("Lovelace"));
}

#[tokio::test]
async fn with_delivery_off_no_page_or_email_claims_a_delivery() {
    let app = spawn_app().await;
    let campaign = page(&app, &format!("/c/{LAUNCH}")).await;
    assert!(campaign.contains("letters written toward a goal"));
    let email = letter_and_email(&app).await;
    let thanks = page(&app, &format!("/c/{LAUNCH}/thanks?state=TX")).await;
    assert!(thanks.contains("Your letter to Senator John Cornyn and Senator Ted Cruz is recorded"));
    let mut read = vec![
        ("campaign page", campaign),
        ("thank-you page", thanks),
        (
            "thank-you page, no state",
            page(&app, &format!("/c/{LAUNCH}/thanks")).await,
        ),
        ("email", email.clone()),
    ];
    for action in ["receipt", "withdraw", "confirm"] {
        read.push((action, page(&app, &link(&email, action)).await));
    }
    for (what, text) in &read {
        assert_eq!(delivery_claims(text), Vec::<&str>::new(), "{what}: {text}");
    }
}

#[tokio::test]
async fn forged_misused_or_expired_receipt_links_open_nothing() {
    let app = Spawn {
        clock: Clock::stopped_at(OffsetDateTime::now_utc()),
        ..Spawn::new(Backend::Embedded)
    }
    .start()
    .await;
    let email = letter_and_email(&app).await;
    let receipt = link(&email, "receipt");
    assert_eq!(
        app.get(&receipt).await.status(),
        200,
        "the genuine link opens"
    );
    let token = receipt.trim_start_matches("/receipt/");
    let last = if token.ends_with('0') { "1" } else { "0" };
    let forged = format!("/receipt/{}{last}", &token[..token.len() - 1]);
    let withdraw_token = link(&email, "withdraw").replace("/withdraw/", "");
    for path in [
        forged,
        format!("/receipt/{withdraw_token}"),
        "/receipt/nonsense".to_owned(),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.unwrap().contains("not valid"));
    }
    // Letters are kept RETENTION_DAYS, 365 by default; their links as long.
    app.clock
        .advance(Duration::days(365) - Duration::seconds(1));
    assert_eq!(app.get(&receipt).await.status(), 200, "its last second");
    app.clock.advance(Duration::seconds(1));
    let expired = app.get(&receipt).await;
    assert_eq!(expired.status(), 404, "expired with its letter");
}
