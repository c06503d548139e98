//! The read-only routes.

use crate::helpers::{CLOSED, LAUNCH, OTHER_OPEN, spawn_app, spawn_embedded};
use serde_json::Value;
use shared::fixtures::test_catalog;

#[tokio::test]
async fn root_redirects_to_the_only_open_campaign() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/c/sesta");
}

#[tokio::test]
async fn root_lists_the_open_campaigns_when_there_are_several() {
    let app = spawn_embedded(test_catalog(true)).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("href=\"/c/{LAUNCH}\"")));
    assert!(html.contains(&format!("href=\"/c/{OTHER_OPEN}\"")));
    assert!(!html.contains(CLOSED), "closed campaigns are not listed");
}

#[tokio::test]
async fn campaign_page_offers_the_prefilled_letter_form() {
    let app = spawn_app().await;
    let response = app.get("/c/sesta").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    for field in [
        "first_name",
        "last_name",
        "email",
        "street",
        "city",
        "state",
        "zip",
        "subject",
        "message",
        "own_words",
        "closing",
        "opt_in",
    ] {
        assert!(
            html.contains(&format!("name=\"{field}\"")),
            "the form has {field}"
        );
    }
    assert!(html.contains("S. 1693"));
    assert!(html.contains("<label for=\"own_words\">Why this matters to you (optional)</label>"));
    assert!(
        html.contains("aria-describedby=\"own_words-hint\""),
        "its hint describes it"
    );
    assert!(
        html.contains("name=\"opt_in\" value=\"on\">"),
        "the opt-in box starts unchecked"
    );
    assert!(
        html.contains("District of Columbia"),
        "DC is listed, with a note that it has no Senators"
    );
}

#[tokio::test]
async fn unknown_campaign_is_a_404_page() {
    let app = spawn_app().await;
    for path in [
        "/c/no-such-campaign",
        "/c/NOT%20A%20SLUG",
        "/c/no-such-campaign/thanks",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("There is no campaign at this address")
        );
    }
    assert_eq!(app.get("/c/no-such-campaign/count").await.status(), 404);
}

#[tokio::test]
async fn closed_campaign_page_says_so_and_has_no_form() {
    let app = spawn_app().await;
    let response = app.get(&format!("/c/{CLOSED}")).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("This campaign has closed"));
    assert!(!html.contains("<form"));
}

#[tokio::test]
async fn count_reports_the_letters_and_the_goal() {
    let app = spawn_app().await;
    let body: Value = app.get("/c/sesta/count").await.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "count": 0, "goal": 25000 }));
}

#[tokio::test]
async fn health_is_ok_when_the_store_answers() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn thanks_page_names_the_senators_of_the_state_with_their_phones() {
    let app = spawn_app().await;
    let html = app
        .get("/c/sesta/thanks?state=TX")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Senator John Cornyn"));
    assert!(html.contains("Senator Ted Cruz"));
    assert!(html.contains("href=\"tel:+1-202-224-2934\""));
    assert!(html.contains("twitter.com/intent/tweet"));
    assert!(html.contains("facebook.com/sharer"));
    assert!(html.contains("mailto:?subject="));
}

#[tokio::test]
async fn thanks_page_without_a_valid_state_still_thanks() {
    let app = spawn_app().await;
    for query in ["", "?state=ZZ", "?state=%3Cscript%3E"] {
        let response = app.get(&format!("/c/sesta/thanks{query}")).await;
        assert_eq!(response.status(), 200, "{query}");
        let html = response.text().await.unwrap();
        let data = html.matches("<script type=\"application/json\"").count();
        assert_eq!(
            html.matches("<script").count() - data,
            1,
            "the page's own alone"
        );
    }
}

#[tokio::test]
async fn every_page_carries_a_strict_content_security_policy() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/c/sesta",
        "/c/sesta/thanks",
        "/c/sesta/count",
        "/healthz",
        "/c/missing",
        "/static/site.css",
        "/static/app.js",
        "/c/sesta/share.png",
    ] {
        let response = app.get(path).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        assert!(policy.contains("script-src 'sha256-"), "{path}");
        assert!(!policy.contains("unsafe-inline"), "{path}");
        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
    }
}
