//! Drafts: a campaign published with `status = "draft"` is not listed, has
//! no public page and takes no letters; its signed preview link, which the
//! publication's answer carries, shows the real page until it expires.
//! Publishing the text published already changes nothing and says so.

use crate::campaigns::put;
use crate::helpers::{Spawn, TestApp, letter_json};
use local::Backend;
use serde_json::Value;
use shared::clock::Clock;
use time::{Duration, OffsetDateTime};

const LAUNCH_FILE: &str = include_str!("../../../core/campaigns/sesta.toml");

/// The launch campaign's file as a new draft, `city-hall`.
fn city_hall_draft() -> String {
    LAUNCH_FILE
        .replace("slug = \"sesta\"", "slug = \"city-hall\"")
        .replacen("status = \"open\"", "status = \"draft\"", 1)
        .replacen("title = \"", "title = \"City hall: ", 1)
}

/// A server whose clock stands still until a test moves it.
async fn spawn_stopped() -> TestApp {
    let mut spawn = Spawn::new(Backend::Embedded);
    spawn.clock = Clock::stopped_at(OffsetDateTime::now_utc());
    spawn.start().await
}

/// The path of the preview link the publication answered with.
fn preview_path(answer: &Value) -> String {
    let preview = answer["preview"].as_str().expect("a draft's preview link");
    preview[preview.find("/c/").unwrap()..].to_owned()
}

#[tokio::test]
async fn a_draft_is_refused_to_the_public_no_listing_no_page_no_letters() {
    let app = spawn_stopped().await;
    let (status, answer) = put(&app, "city-hall", &city_hall_draft()).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (201, Some("draft")),
        "{answer}"
    );

    let front = app.get("/").await;
    let listed = front
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    let body = front.text().await.unwrap();
    assert!(!body.contains("city-hall") && listed.as_deref() != Some("/c/city-hall"));
    for path in [
        "/c/city-hall",
        "/c/city-hall/thanks",
        "/c/city-hall/count",
        "/c/city-hall/form-token",
        "/c/city-hall/share.png",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    // The preview's form, sent: its page carries no token and the token
    // route refuses a draft, so whatever token the letter holds.
    let mut letter = letter_json("ada@example.org", "TX");
    letter["form_token"] = "a token from anywhere".into();
    let refused = app.post_json("city-hall", &letter).await;
    assert_eq!(refused.status(), 404);
    let error = refused.text().await.unwrap();
    assert!(error.contains("has not been launched"), "{error}");
    let letters = app.data_dir.path().join("letters.jsonl");
    let stored = std::fs::read_to_string(letters).unwrap_or_default();
    assert!(!stored.contains("city-hall"), "no letter stored");
}

#[tokio::test]
async fn a_draft_s_preview_link_shows_its_page_until_it_expires_and_a_tampered_one_does_not() {
    let app = spawn_stopped().await;
    let (_, answer) = put(&app, "city-hall", &city_hall_draft()).await;
    let preview = preview_path(&answer);

    let page = app.get(&preview).await;
    assert_eq!(page.status(), 200, "{preview}");
    assert_eq!(page.headers()["x-robots-tag"], "noindex");
    let html = page.text().await.unwrap();
    assert!(html.contains("City hall: ") && html.contains("A preview of a draft"));
    assert!(
        html.contains("<form class=\"letter\""),
        "the real page, form and all"
    );

    // The same link shows the draft's next version.
    let changed = city_hall_draft().replacen("City hall: ", "City hall, again: ", 1);
    let (status, again) = put(&app, "city-hall", &changed).await;
    assert_eq!((status, again["version"].as_u64()), (200, Some(2)));
    let html = app.get(&preview).await.text().await.unwrap();
    assert!(html.contains("City hall, again: "));

    let (path, token) = preview.split_once("preview=").unwrap();
    let tampered = format!("{path}preview={}", token.replacen('~', "~x", 1));
    let other_campaign = preview.replace("/c/city-hall", "/c/sesta-draft");
    for bad in [
        tampered.as_str(),
        other_campaign.as_str(),
        "/c/city-hall?preview=",
    ] {
        assert_eq!(app.get(bad).await.status(), 404, "{bad}");
    }

    app.clock.advance(Duration::days(14));
    assert_eq!(app.get(&preview).await.status(), 404, "expired");
}

#[tokio::test]
async fn publishing_the_text_published_already_keeps_the_version_and_says_so() {
    let app = spawn_stopped().await;
    let launched = city_hall_draft().replacen("status = \"draft\"", "status = \"open\"", 1);
    let (status, first) = put(&app, "city-hall", &launched).await;
    assert_eq!((status, first["unchanged"].as_bool()), (201, Some(false)));
    assert!(
        first.get("preview").is_none(),
        "a launched campaign needs no preview"
    );

    let (status, again) = put(&app, "city-hall", &launched).await;
    assert_eq!(status, 200);
    assert_eq!(
        (again["version"].as_u64(), again["unchanged"].as_bool()),
        (Some(1), Some(true)),
        "{again}"
    );
    let (_, changed) = put(&app, "city-hall", &format!("{launched}\n# a comment\n")).await;
    assert_eq!(changed["version"], 2, "any change to the text is a version");
}
