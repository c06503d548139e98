//! The campaign page cached at the edge: the same bytes for every visitor,
//! shared by a CDN for as long as its count is good, its style and script
//! inlined and allowed by their hashes alone; the form's token fetched on
//! its own, and a form sent without one asked again, never lost.

use crate::helpers::{LAUNCH, TEST_ENV, letter_form, set, spawn_app, spawn_with, token_in};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use local::{Backend, Consumers, ServeLimits};
use serde_json::Value;
use sha2::{Digest, Sha256};
use shared::fixtures::test_catalog;

/// The text of the page's only element `<{tag}>` without attributes.
fn inlined<'a>(html: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let (_, rest) = html.split_once(&open).expect("the element is inlined");
    let text = rest.split(&format!("</{tag}>")).next().unwrap();
    assert!(!rest.contains(&open), "one <{tag}> in the page");
    text
}

/// A CSP source naming `text` by its hash (CSP Level 3 §8.4).
fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text)))
}

/// The sources of `directive` in `policy`.
fn directive<'a>(policy: &'a str, directive: &str) -> Vec<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix(directive))
        .unwrap_or_default()
        .split_whitespace()
        .collect()
}

#[tokio::test]
async fn two_visitors_get_the_same_page_byte_for_byte_and_a_cdn_may_share_it_briefly() {
    let env = [TEST_ENV[0], ("COUNT_CACHE_SECONDS", "5")];
    let app = spawn_with(
        Backend::Embedded,
        test_catalog(false),
        Consumers::InProcess,
        &env,
        ServeLimits::default(),
    )
    .await;
    let url = format!("{}/c/{LAUNCH}?source=newsletter", app.address);
    let first = app.client.get(&url).send().await.unwrap();
    let second = reqwest::Client::new()
        .get(&url)
        .header("user-agent", "another browser")
        .header("cookie", "visitor=2")
        .send()
        .await
        .unwrap();
    for response in [&first, &second] {
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=0, s-maxage=5",
            "a CDN shares it as long as its count is good; a browser asks again"
        );
        assert!(response.headers().get("set-cookie").is_none());
    }
    let first = first.bytes().await.unwrap();
    let second = second.bytes().await.unwrap();
    assert_eq!(first, second, "nothing in the page is the visitor's own");
    assert_eq!(
        token_in(std::str::from_utf8(&first).unwrap()),
        "",
        "no form token"
    );
}

#[tokio::test]
async fn the_form_token_is_fetched_on_its_own_fresh_each_time_and_never_stored() {
    let app = spawn_app().await;
    let response = app.get(&format!("/c/{LAUNCH}/form-token")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    let token = body["form_token"].as_str().unwrap().to_owned();
    assert_ne!(app.form_token(LAUNCH).await, token, "each is its own");

    let mut fields = letter_form("ada@example.org", "TX");
    fields.push(("form_token".into(), token));
    assert_eq!(app.post_form(LAUNCH, &fields).await.status(), 303);
    assert_eq!(app.count(LAUNCH).await, 1);

    let missing = app.get("/c/missing/form-token").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.json::<Value>().await.unwrap()["error"].is_string());
}

/// A visitor without JavaScript sends the form as the page served it, with
/// no token: the form comes back as typed with one sentence and a token,
/// and one more click stores the letter.
#[tokio::test]
async fn a_form_sent_as_served_without_a_script_is_asked_once_more_then_stored() {
    let env = [("MIN_FILL_SECONDS", "3")];
    let app = spawn_with(
        Backend::Embedded,
        test_catalog(false),
        Consumers::InProcess,
        &env,
        ServeLimits::default(),
    )
    .await;
    let page = app.get(&format!("/c/{LAUNCH}")).await.text().await.unwrap();
    let mut fields = letter_form("ada@example.org", "TX");
    set(&mut fields, "form_token", &token_in(&page));

    let asked = app.post_form(LAUNCH, &fields).await;
    assert_eq!(asked.status(), 409);
    assert_eq!(asked.headers()["cache-control"], "no-store");
    let html = asked.text().await.unwrap();
    assert!(html.contains("send it once more"), "one sentence asks");
    assert!(
        html.contains("value=\"Lovelace\""),
        "what was typed is kept"
    );
    assert_eq!(app.count(LAUNCH).await, 0);

    set(&mut fields, "form_token", &token_in(&html));
    assert_eq!(app.post_form(LAUNCH, &fields).await.status(), 303);
    assert_eq!(app.count(LAUNCH).await, 1, "stored at the second click");
}

#[tokio::test]
async fn the_inlined_style_and_script_are_allowed_by_their_hashes_and_nothing_else_loads() {
    let app = spawn_app().await;
    for path in [
        format!("/c/{LAUNCH}"),
        format!("/c/{LAUNCH}?embed=1"),
        format!("/c/{LAUNCH}/thanks?state=TX"),
    ] {
        let response = app.get(&path).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let html = response.text().await.unwrap();
        let style = hash_source(inlined(&html, "style"));
        let script = hash_source(inlined(&html, "script"));
        assert_eq!(directive(&policy, "style-src"), [style.as_str()], "{path}");
        assert_eq!(
            directive(&policy, "script-src"),
            [script.as_str()],
            "{path}"
        );
        assert!(!policy.contains("unsafe-inline"), "{path}");
        assert!(
            !html.contains("<script src") && !html.contains("rel=\"stylesheet\""),
            "{path}: nothing fetched for style or script"
        );
        assert!(
            html.contains("<link rel=\"icon\" href=\"data:,\">"),
            "{path}: no icon fetched"
        );
    }
    let error = app.get("/c/missing").await;
    let policy = error.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = error.text().await.unwrap();
    let style = hash_source(inlined(&html, "style"));
    assert_eq!(directive(&policy, "style-src"), [style.as_str()]);
}
