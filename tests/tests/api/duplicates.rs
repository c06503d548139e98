//! One letter per supporter per campaign, and no leak of who has written.

use crate::helpers::{LAUNCH, letter_form, letter_json, spawn_app, spawn_with};
use local::{Backend, Consumers, ServeLimits};
use serde_json::Value;
use shared::fixtures::test_catalog;

#[tokio::test]
async fn a_second_letter_from_the_same_email_stores_nothing_and_answers_the_same() {
    let app = spawn_app().await;
    let first = app
        .post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
        .await;
    let second = app
        .post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
        .await;
    assert_eq!(first.status(), 201);
    assert_eq!(second.status(), 201);
    let (first, second): (Value, Value) =
        (first.json().await.unwrap(), second.json().await.unwrap());
    assert_eq!(first, second);
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn a_repeat_by_form_gets_the_same_thanks() {
    let app = spawn_app().await;
    let first = app
        .post_form(LAUNCH, &letter_form("ada@example.org", "TX"))
        .await;
    let second = app
        .post_form(LAUNCH, &letter_form("ada@example.org", "TX"))
        .await;
    assert_eq!(first.status(), second.status());
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn the_case_of_the_email_does_not_make_a_new_supporter() {
    let app = spawn_app().await;
    app.post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
        .await;
    app.post_json(LAUNCH, &letter_json("ADA@Example.ORG", "TX"))
        .await;
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn a_repeat_with_another_state_answers_for_that_state_and_reveals_nothing_stored() {
    let app = spawn_app().await;
    app.post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
        .await;
    let repeat: Value = app
        .post_json(LAUNCH, &letter_json("ada@example.org", "CA"))
        .await
        .json()
        .await
        .unwrap();
    let states: Vec<&str> = repeat["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(
        !states.contains(&"Ted Cruz"),
        "the stored letter's Senators are not revealed"
    );
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn concurrent_repeats_store_one_letter() {
    // Repeats within the address's rate limit, which has its own tests.
    let env = [
        ("MIN_FILL_SECONDS", "0"),
        ("RATE_LIMIT_PER_EMAIL_PER_HOUR", "100"),
    ];
    let app = spawn_with(
        Backend::Embedded,
        test_catalog(false),
        Consumers::InProcess,
        &env,
        ServeLimits::default(),
    )
    .await;
    let letter = letter_json("ada@example.org", "TX");
    let statuses = app
        .concurrently(8, app.json_request(LAUNCH, &letter).await)
        .await;
    assert!(statuses.iter().all(|status| *status == 201), "{statuses:?}");
    assert_eq!(app.count(LAUNCH).await, 1);
}
