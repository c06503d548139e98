//! The optional CAPTCHA: shown on the page when the site has one, checked
//! with its provider (here a stand-in that answers as Turnstile's service
//! does) before a letter is stored.

use crate::helpers::{LAUNCH, TestApp, letter_json, spawn_with};
use axum::extract::State;
use axum::{Form, Json, Router, routing::post};
use local::{Backend, Consumers, ServeLimits};
use serde::Deserialize;
use serde_json::{Value, json};
use shared::fixtures::test_catalog;
use std::sync::{Arc, Mutex};

const SECRET: &str = "stand-in-secret";
const HUMAN: &str = "human-ok";

#[derive(Deserialize)]
struct Check {
    secret: String,
    response: String,
    remoteip: Option<String>,
}

/// A `siteverify` stand-in: passes `HUMAN` under `SECRET`, and notes the
/// client addresses it was told of.
async fn verify(State(seen): State<Seen>, Form(check): Form<Check>) -> Json<Value> {
    seen.lock().unwrap().extend(check.remoteip);
    Json(json!({ "success": check.secret == SECRET && check.response == HUMAN }))
}

type Seen = Arc<Mutex<Vec<String>>>;

async fn stand_in() -> (String, Seen) {
    let seen = Seen::default();
    let router = Router::new()
        .route("/siteverify", post(verify))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}/siteverify", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (address, seen)
}

async fn app_checking_with(verify_url: &str) -> TestApp {
    let env = [
        ("MIN_FILL_SECONDS", "0"),
        ("CAPTCHA_SITE_KEY", "the-site-key"),
        ("CAPTCHA_VERIFY_URL", verify_url),
        ("CAPTCHA_SECRET", SECRET),
    ];
    spawn_with(
        Backend::Embedded,
        test_catalog(false),
        Consumers::None,
        &env,
        ServeLimits::default(),
    )
    .await
}

fn answered(answer: &str) -> Value {
    let mut letter = letter_json("ada@example.org", "TX");
    letter["captcha"] = answer.into();
    letter
}

#[tokio::test]
async fn a_letter_waits_for_a_passed_check_and_the_page_allows_the_widget() {
    let (verify_url, seen) = stand_in().await;
    let app = app_checking_with(&verify_url).await;
    let page = app.get("/c/sesta").await;
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains(" https://challenges.cloudflare.com; ")
            && policy.contains("script-src 'sha256-"),
        "the page's own script and the widget's: {policy}"
    );
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("data-sitekey=\"the-site-key\"")
    );

    for failing in ["", "bot-guess"] {
        let refused = app.post_json(LAUNCH, &answered(failing)).await;
        assert_eq!(refused.status(), 422, "{failing:?}");
        assert!(
            refused.json::<Value>().await.unwrap()["error"]
                .as_str()
                .unwrap()
                .contains("person")
        );
    }
    assert_eq!(app.count(LAUNCH).await, 0);
    assert_eq!(app.post_json(LAUNCH, &answered(HUMAN)).await.status(), 201);
    assert_eq!(app.count(LAUNCH).await, 1);
    assert!(
        seen.lock().unwrap().iter().all(|ip| ip == "127.0.0.1"),
        "the client's address is passed on"
    );
}

#[tokio::test]
async fn a_provider_that_does_not_answer_sends_the_letter_back_to_try_again() {
    let app = app_checking_with("http://127.0.0.1:9/siteverify").await;
    let response = app.post_json(LAUNCH, &answered(HUMAN)).await;
    assert_eq!(response.status(), 503);
    assert_eq!(app.count(LAUNCH).await, 0);
}
