//! Campaigns published at run time: `PUT /admin/campaigns/{slug}` checks,
//! stores a version and serves it at once; a refused one changes nothing;
//! a stored one that fails its checks never stops the server; a closed or
//! retired campaign's letters stay reachable, as do those of a campaign no
//! longer served at all.

use crate::helpers::{
    ADMIN_TOKEN, Spawn, TestApp, dynamodb_table, letter_json, share_picture_of, spawn_app,
    spawn_embedded,
};
use local::Backend;
use serde_json::Value;
use shared::adapters::EmbeddedLetterStore;
use shared::campaign::CampaignCatalog;
use shared::domain::CampaignSlug;
use shared::ports::CampaignStore;
use shared::publishing::CampaignRefresh;
use std::time::{Duration, Instant};

const LAUNCH_FILE: &str = include_str!("../../../core/campaigns/sesta.toml");

/// The launch campaign's file as a new campaign, `city-hall`.
fn city_hall() -> String {
    LAUNCH_FILE
        .replace("slug = \"sesta\"", "slug = \"city-hall\"")
        .replace(
            "title = \"Ask your Senators to cosponsor S. 1693\"",
            "title = \"Tell city hall\"",
        )
}

/// Publishes `text` as `slug` through the staff's route: its status and answer.
pub async fn put(app: &TestApp, slug: &str, text: &str) -> (u16, Value) {
    let response = app
        .client
        .put(format!("{}/admin/campaigns/{slug}", app.address))
        .bearer_auth(ADMIN_TOKEN)
        .body(text.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn listing(app: &TestApp, slug: &str) -> Option<Value> {
    let list: Value = app
        .admin_get("/admin/campaigns", Some(ADMIN_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .cloned()
}

/// The campaign version each stored letter to `city-hall` records, in order.
fn stored_versions(app: &TestApp) -> Vec<u64> {
    let letters = std::fs::read_to_string(app.data_dir.path().join("letters.jsonl")).unwrap();
    letters
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|letter| letter["campaign"] == "city-hall")
        .map(|letter| letter["campaign_version"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_published_campaign_is_live_at_once_and_changes_by_the_same_route() {
    let app = spawn_app().await;
    assert_eq!(app.get("/c/city-hall").await.status(), 404);

    let started = Instant::now();
    let (status, body) = put(&app, "city-hall", &city_hall()).await;
    let page = app.get("/c/city-hall").await;
    let live_after = started.elapsed();
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["version"], 1);
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Tell city hall"));
    println!("PUT to live on the local server: {live_after:?}");
    assert_eq!(listing(&app, "city-hall").await.unwrap()["version"], 1);

    let response = app
        .post_json("city-hall", &letter_json("ada@example.org", "TX"))
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(stored_versions(&app), [1], "the letter records its version");

    let changed = city_hall().replace("goal = 25000", "goal = 500");
    let (status, body) = put(&app, "city-hall", &changed).await;
    assert_eq!((status, body["version"].clone()), (200, 2.into()), "{body}");
    let listed = listing(&app, "city-hall").await.unwrap();
    assert_eq!(
        (listed["goal"].clone(), listed["version"].clone()),
        (500.into(), 2.into())
    );
    let response = app
        .post_json("city-hall", &letter_json("cy@example.org", "TX"))
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(stored_versions(&app), [1, 2]);

    // A form served while the campaign was open, sent after it closed.
    let mut late = letter_json("bea@example.org", "TX");
    late["form_token"] = app.form_token("city-hall").await.into();
    let closed = changed.replace("status = \"open\"", "status = \"closed\"");
    let (status, body) = put(&app, "city-hall", &closed).await;
    assert_eq!((status, body["status"].clone()), (200, "closed".into()));
    let refused = app.post_json("city-hall", &late).await;
    assert_ne!(refused.status(), 201, "a closed campaign takes no letters");
    let (status, rows) = exported(&app, "city-hall").await;
    assert_eq!(status, 200, "a closed campaign's letters stay reachable");
    let versions: Vec<u64> = rows
        .iter()
        .map(|row| row["campaign_version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions.len(), 2);
    assert!(
        versions.contains(&1) && versions.contains(&2),
        "{versions:?}"
    );

    let reopened = closed.replace("status = \"closed\"", "status = \"open\"");
    assert_eq!(put(&app, "city-hall", &reopened).await.1["version"], 4);
}

#[tokio::test]
async fn a_campaign_published_with_a_new_headline_has_its_share_picture_in_the_data_directory() {
    let app = spawn_app().await;
    let text = city_hall().replacen("headline = \"", "headline = \"City hall: ", 1);
    let (status, body) = put(&app, "city-hall", &text).await;
    assert_eq!(status, 201, "{body}");

    let (picture, png) = share_picture_of(&app, "city-hall").await;
    let file = picture.rsplit('/').next().unwrap();
    let kept = std::fs::read(app.data_dir.path().join("pictures").join(file)).unwrap();
    assert_eq!(kept, png);

    let changed = text.replacen("City hall: ", "City hall, again: ", 1);
    assert_eq!(put(&app, "city-hall", &changed).await.0, 200);
    let (again, _) = share_picture_of(&app, "city-hall").await;
    assert_ne!(again, picture, "a new headline is a new address");
    let earlier = app.get(&picture).await;
    assert_eq!(
        earlier.status(),
        200,
        "a link already shared keeps its picture"
    );
}

#[tokio::test]
async fn a_closed_campaign_s_lead_says_it_has_closed_not_to_write_today() {
    let app = spawn_app().await;
    let closed = city_hall().replacen("status = \"open\"", "status = \"closed\"", 1);
    assert_eq!(put(&app, "city-hall", &closed).await.0, 201);
    let page = app.get("/c/city-hall").await.text().await.unwrap();
    let lead = page.split("<p class=\"lead\">").nth(1).unwrap();
    let lead = lead.split("</p>").next().unwrap();
    assert!(lead.starts_with("This campaign has closed"), "{lead}");
}

#[tokio::test]
async fn a_picture_not_kept_or_not_named_as_pictures_are_is_not_found() {
    let app = spawn_app().await;
    for path in [
        "/c/sesta/share/0123456789abcdef.png",
        "/c/sesta/share/signing.key",
        "/c/nowhere/share/0123456789abcdef.png",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

/// The page's hint of whom a letter from `state` goes to, as its script reads it.
async fn recipient_hint(app: &TestApp, slug: &str, state: &str) -> String {
    let page = app.get(&format!("/c/{slug}")).await.text().await.unwrap();
    let (_, rest) = page
        .split_once(r#"<script type="application/json" id="recipients-data">"#)
        .expect("the page carries its recipient hints");
    let json = rest.split("</script>").next().unwrap();
    let hints: Value = serde_json::from_str(json).unwrap();
    hints[state].as_str().unwrap_or_default().to_owned()
}

/// Hints are made for the version served: a campaign published after the
/// server started, and changed again, names whom its letters go to now.
#[tokio::test]
async fn a_campaign_published_to_a_running_server_names_its_recipients_version_by_version() {
    let app = spawn_app().await;
    let (status, body) = put(&app, "city-hall", &city_hall()).await;
    assert_eq!(status, 201, "{body}");
    let hint = recipient_hint(&app, "city-hall", "TX").await;
    assert!(hint.contains("Senator Ted Cruz"), "{hint:?}");

    let house = city_hall().replace("targets = \"senators\"", "targets = \"representative\"");
    let (status, body) = put(&app, "city-hall", &house).await;
    assert_eq!(status, 200, "{body}");
    let hint = recipient_hint(&app, "city-hall", "TX").await;
    assert!(!hint.contains("Senator"), "{hint:?}");
    assert!(hint.contains("your Representative"), "{hint:?}");
}

/// What the thank-you page asks a caller to say is the campaign's own.
#[tokio::test]
async fn the_thank_you_page_asks_callers_for_what_the_campaign_asks() {
    let app = spawn_app().await;
    let thanks = app
        .get("/c/sesta/thanks?state=TX")
        .await
        .text()
        .await
        .unwrap();
    assert!(thanks.contains("ask your Senator to cosponsor S. 1693"));

    let script = LAUNCH_FILE
        .lines()
        .find(|l| l.starts_with("call_script"))
        .unwrap();
    let without = city_hall().replace(script, "");
    let (status, body) = put(&app, "city-hall", &without).await;
    assert_eq!(status, 201, "{body}");
    let thanks = app
        .get("/c/city-hall/thanks?state=TX")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !thanks.contains("ask your Senator to cosponsor"),
        "no other campaign's ask"
    );
    assert!(thanks.contains("what you wrote to ask of them"));
}

/// What a campaign lets frame its page goes into a CSP header: only an
/// https origin (host and port) is taken, and anything else is named.
#[tokio::test]
async fn publishing_an_origin_that_is_not_one_is_refused_naming_it() {
    let app = spawn_app().await;
    for bad in [
        "https://*",
        "https://partner.example.org; script-src *",
        "https://user@partner.example.org",
        "http://partner.example.org",
    ] {
        let text = format!("allowed_origins = [{bad:?}]\n{}", city_hall());
        let (status, body) = put(&app, "city-hall", &text).await;
        assert_eq!(status, 422, "{bad}: {body}");
        let problem = &body["errors"][0];
        assert_eq!(problem["line"], 1, "{body}");
        assert!(
            problem["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{bad:?}")),
            "{body}"
        );
    }
    assert_eq!(
        app.get("/c/city-hall").await.status(),
        404,
        "nothing published"
    );
    let good = format!(
        "allowed_origins = [\"https://Partner.example.org:8443\"]\n{}",
        city_hall()
    );
    assert_eq!(put(&app, "city-hall", &good).await.0, 201);
    let page = app.get("/c/city-hall?embed=1").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        policy.ends_with("frame-ancestors https://partner.example.org:8443"),
        "{policy}"
    );
}

/// MYD: the Senate takes a CampaignId (a delivering campaign's slug) of
/// two characters or more; a slug of one would have every letter refused.
#[tokio::test]
async fn a_delivering_campaign_with_a_one_character_slug_is_refused_naming_the_slug() {
    let app = spawn_app().await;
    let recording = LAUNCH_FILE.replace("slug = \"sesta\"", "slug = \"s\"");
    let delivering = format!("delivery = \"cwc\"\n{recording}");
    let (status, body) = put(&app, "s", &delivering).await;
    assert_eq!(status, 422, "{body}");
    let problem = &body["errors"][0];
    assert_eq!(problem["field"], "slug", "{body}");
    let slug_line = delivering
        .lines()
        .position(|l| l.starts_with("slug"))
        .unwrap()
        + 1;
    assert_eq!(problem["line"], slug_line, "{body}");
    let message = problem["message"].as_str().unwrap();
    assert!(message.contains("\"s\" is too short") && message.contains("CampaignId"));
    assert!(listing(&app, "s").await.is_none(), "nothing published");

    assert_eq!(put(&app, "s", &recording).await.0, 201, "recording only");
}

#[tokio::test]
async fn an_invalid_campaign_is_refused_with_line_and_field_and_changes_nothing() {
    let app = spawn_app().await;
    put(&app, "city-hall", &city_hall()).await;
    let typo = city_hall().replace("goal = 25000", "gaol = 500");
    let (status, body) = put(&app, "city-hall", &typo).await;
    assert_eq!(status, 422, "{body}");
    let errors = body["errors"].as_array().unwrap();
    let gaol_line = typo.lines().position(|l| l.starts_with("gaol")).unwrap() + 1;
    assert!(
        errors
            .iter()
            .any(|e| e["field"] == "gaol" && e["line"] == gaol_line),
        "{body}"
    );
    assert!(errors.iter().any(|e| e["field"] == "goal"), "{body}");
    let listed = listing(&app, "city-hall").await.unwrap();
    assert_eq!(
        (listed["goal"].clone(), listed["version"].clone()),
        (25000.into(), 1.into())
    );

    let other_slug = city_hall();
    let (status, body) = put(&app, "elsewhere", &other_slug).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "slug");
    assert!(listing(&app, "elsewhere").await.is_none());

    let unauthenticated = app
        .client
        .put(format!("{}/admin/campaigns/city-hall", app.address))
        .body(city_hall())
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let (status, _) = put(&app, "city-hall", &"x".repeat(70 * 1024)).await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn campaign_copy_no_message_can_carry_is_refused_naming_its_field() {
    let app = spawn_app().await;
    let title = "title = \"Tell city hall\"";
    for (written, bad, field) in [
        (title, "title = \"Tell city\\uFFFE hall\"", "title"),
        (title, "title = \"Tell city\\u0007 hall\"", "title"),
        ("body = \"\"\"", "body = \"\"\"\\uFFFF", "letter.body"),
    ] {
        let text = city_hall().replacen(written, bad, 1);
        let (status, body) = put(&app, "city-hall", &text).await;
        assert_eq!(status, 422, "{bad}: {body}");
        let problem = &body["errors"][0];
        assert_eq!(problem["field"], field, "{body}");
        let line = text.lines().position(|l| l.starts_with(bad)).unwrap() + 1;
        assert_eq!(problem["line"], line, "{body}");
    }
    assert!(
        listing(&app, "city-hall").await.is_none(),
        "nothing published"
    );
}

#[tokio::test]
async fn a_server_whose_store_holds_a_broken_campaign_starts_and_serves_the_others() {
    let spawn = Spawn::new(Backend::Embedded);
    {
        let store = EmbeddedLetterStore::open(spawn.data_dir.path()).unwrap();
        let now = time::OffsetDateTime::now_utc();
        let good = CampaignSlug::parse("city-hall").unwrap();
        store.publish(&good, &city_hall(), now).await.unwrap();
        // Stored before a check that now refuses it (a member who left, say).
        let broken = city_hall()
            .replace("city-hall", "broken")
            .replace("goal = 25000", "gaol = 1");
        let slug = CampaignSlug::parse("broken").unwrap();
        store.publish(&slug, &broken, now).await.unwrap();
    }
    let app = spawn.start().await;
    assert_eq!(app.get("/c/city-hall").await.status(), 200);
    assert_eq!(app.get("/c/broken").await.status(), 404);
    assert!(listing(&app, "broken").await.is_none());
}

#[tokio::test]
async fn a_page_names_a_share_picture_only_when_one_was_drawn_for_its_headline() {
    let app = spawn_app().await;
    let (bundled, _) = share_picture_of(&app, "sesta").await;
    assert!(bundled.starts_with("/c/sesta/share/"), "{bundled}");
    assert_eq!(app.get("/c/sesta/share.png").await.status(), 200);

    // Served from files it was not built with (a preview from CAMPAIGNS_DIR).
    let new_headline = city_hall().replace(
        "headline = \"Websites that sell children for sex should answer for it in court\"",
        "headline = \"Fund the library\"",
    );
    let catalog =
        CampaignCatalog::from_sources([("city-hall.toml".to_owned(), new_headline.as_str())])
            .unwrap();
    let app = spawn_embedded(catalog).await;
    let page = app.get("/c/city-hall").await.text().await.unwrap();
    assert!(page.contains("Fund the library"));
    assert!(!page.contains("/share"), "no picture named: {page}");
    assert!(page.contains(r#"<meta name="twitter:card" content="summary">"#));
    assert_eq!(app.get("/c/city-hall/share.png").await.status(), 404);
}

/// The letters an analyst exports from `slug`, as JSON Lines rows.
async fn exported(app: &TestApp, slug: &str) -> (u16, Vec<Value>) {
    let export = app
        .admin_get(
            &format!("/admin/c/{slug}/letters?format=jsonl"),
            Some(ADMIN_TOKEN),
        )
        .await;
    let status = export.status().as_u16();
    let body = export.text().await.unwrap();
    let rows = match status {
        200 => body
            .lines()
            .map(|row| serde_json::from_str(row).unwrap())
            .collect(),
        _ => Vec::new(),
    };
    (status, rows)
}

/// A server on which `city-hall` is published and has one letter.
async fn city_hall_with_a_letter() -> TestApp {
    let app = spawn_app().await;
    put(&app, "city-hall", &city_hall()).await;
    let sent = app
        .post_json("city-hall", &letter_json("ada@example.org", "TX"))
        .await;
    assert_eq!(sent.status(), 201);
    app
}

#[tokio::test]
async fn a_retired_campaign_is_gone_from_the_public_and_its_letters_are_still_exported() {
    let app = city_hall_with_a_letter().await;
    let listed = app.get("/").await.text().await.unwrap();
    assert!(listed.contains("/c/city-hall"), "two open: a list");
    let mut late = letter_json("bea@example.org", "TX");
    late["form_token"] = app.form_token("city-hall").await.into();

    let retired = city_hall().replace("status = \"open\"", "status = \"retired\"");
    let (status, body) = put(&app, "city-hall", &retired).await;
    assert_eq!(
        (status, body["status"].clone()),
        (200, "retired".into()),
        "{body}"
    );

    for path in ["/c/city-hall", "/c/city-hall/thanks", "/c/city-hall/count"] {
        assert_eq!(app.get(path).await.status(), 410, "{path}");
    }
    let page = app.get("/c/city-hall").await.text().await.unwrap();
    assert!(page.contains("has ended"), "{page}");
    assert_eq!(app.post_json("city-hall", &late).await.status(), 410);
    let front = app.get("/").await;
    assert_eq!(
        front.headers()["location"],
        "/c/sesta",
        "one open campaign left: straight to it"
    );
    assert_eq!(
        listing(&app, "city-hall").await.unwrap()["status"],
        "retired"
    );

    let (status, rows) = exported(&app, "city-hall").await;
    assert_eq!((status, rows.len()), (200, 1));
    let summary = app
        .admin_get("/admin/c/city-hall/summary", Some(ADMIN_TOKEN))
        .await;
    assert_eq!(summary.status(), 200);
    assert_eq!(summary.json::<Value>().await.unwrap()["total"], 1);
}

#[tokio::test]
async fn the_letters_of_a_campaign_no_longer_served_are_still_exported() {
    let first = city_hall_with_a_letter().await;

    // The same letters, on a server that serves no `city-hall` (its file
    // removed, or its publication refused by a newer check).
    let spawn = Spawn::new(Backend::Embedded);
    for kept in ["letters.jsonl", "signing.key"] {
        std::fs::copy(
            first.data_dir.path().join(kept),
            spawn.data_dir.path().join(kept),
        )
        .unwrap();
    }
    let app = spawn.start().await;
    assert_eq!(app.get("/c/city-hall").await.status(), 404);
    assert!(listing(&app, "city-hall").await.is_none());

    let (status, rows) = exported(&app, "city-hall").await;
    assert_eq!((status, rows.len()), (200, 1));
    assert_eq!(rows[0]["campaign_version"], 1);
    let summary = app
        .admin_get("/admin/c/city-hall/summary", Some(ADMIN_TOKEN))
        .await;
    assert_eq!(summary.status(), 200);
    let (status, _) = exported(&app, "nowhere").await;
    assert_eq!(
        status, 404,
        "a campaign with no letters and no file is unknown"
    );
}

#[tokio::test]
async fn on_dynamodb_each_publication_is_the_next_version_and_the_latest_is_listed() {
    let (store, _, _) = dynamodb_table().await;
    let now = time::OffsetDateTime::now_utc();
    let city = CampaignSlug::parse("city-hall").unwrap();
    let state = CampaignSlug::parse("state-house").unwrap();
    assert!(store.published().await.unwrap().is_empty());
    assert_eq!(store.publish(&city, "first", now).await.unwrap(), 1);
    assert_eq!(store.publish(&state, "other", now).await.unwrap(), 1);
    assert_eq!(store.publish(&city, "second", now).await.unwrap(), 2);
    let published = store.published().await.unwrap();
    let seen: Vec<(&str, u64, &str)> = published
        .iter()
        .map(|p| (p.slug.as_ref(), p.version, p.text.as_str()))
        .collect();
    assert_eq!(
        seen,
        [("city-hall", 2, "second"), ("state-house", 1, "other")]
    );
}

#[tokio::test]
async fn a_function_serves_a_publication_to_the_table_once_its_copy_expires() {
    let (store, _, _) = dynamodb_table().await;
    let store = std::sync::Arc::new(store);
    let members = shared::members::Members::bundled().unwrap();
    let catalog = shared::campaign::CampaignCatalog::bundled().unwrap();
    let slug = CampaignSlug::parse("city-hall").unwrap();
    let now = time::OffsetDateTime::now_utc();
    let refresh =
        |every| CampaignRefresh::new(catalog.clone(), store.clone(), members.clone(), every);

    let hourly = refresh(Duration::from_secs(3600));
    hourly.ensure_fresh().await;
    assert!(catalog.get(&slug).is_none());
    store.publish(&slug, &city_hall(), now).await.unwrap();
    hourly.ensure_fresh().await;
    assert!(
        catalog.get(&slug).is_none(),
        "served from the copy until it expires"
    );

    refresh(Duration::ZERO).ensure_fresh().await;
    assert_eq!(catalog.version(&slug), Some(1), "read again once expired");
    let closed = city_hall().replace("status = \"open\"", "status = \"closed\"");
    store.publish(&slug, &closed, now).await.unwrap();
    refresh(Duration::ZERO).ensure_fresh().await;
    assert!(!catalog.get(&slug).unwrap().is_open());
    assert_eq!(catalog.version(&slug), Some(2));
}
