//! The public form against bots, floods, impostors and other sites: each
//! defence refuses what it should, and lets through what it should.

use crate::helpers::{
    ADMIN_TOKEN, LAUNCH, Spawn, TEST_ENV, TestApp, fresh_table, letter_form, letter_json, set,
    spawn_app, spawn_beside, spawn_embedded, spawn_with, token_in,
};
use local::{Backend, Consumers, ServeLimits};
use serde_json::Value;
use shared::clock::Clock;
use shared::fixtures::test_catalog;
use shared::signing::SigningKey;
use shared::web::FormTokens;
use std::path::Path;
use std::time::Duration;
use time::OffsetDateTime;

/// A token the app itself would have issued at `served`.
fn token_served_at(app: &TestApp, served: OffsetDateTime) -> String {
    let key = std::fs::read_to_string(app.data_dir.path().join("signing.key")).unwrap();
    let tokens = FormTokens::new(SigningKey::from_secret(&key).unwrap(), Duration::ZERO);
    tokens.issue(LAUNCH, served)
}

fn with_token(mut letter: Value, token: &str) -> Value {
    letter["form_token"] = token.into();
    letter
}

async fn spawn_with_env(env: &[(&str, &str)]) -> TestApp {
    let catalog = test_catalog(false);
    spawn_with(
        Backend::Embedded,
        catalog,
        Consumers::InProcess,
        env,
        ServeLimits::default(),
    )
    .await
}

/// The local server without consumers, as patient with its clients as
/// `limits` say.
async fn spawn_with_limits(limits: ServeLimits) -> TestApp {
    spawn_with(
        Backend::Embedded,
        test_catalog(false),
        Consumers::None,
        &TEST_ENV,
        limits,
    )
    .await
}

#[tokio::test]
async fn a_forged_token_gets_a_normal_answer_and_stores_nothing() {
    let app = spawn_app().await;
    for token in ["garbage", "123~abc.00112233445566778899aabbccddeeff"] {
        let letter = with_token(letter_json("bot@example.org", "TX"), token);
        let response = app.post_json(LAUNCH, &letter).await;
        assert_eq!(response.status(), 201, "{token:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["recipients"].as_array().unwrap().len(),
            2,
            "looks like success"
        );
    }
    assert_eq!(app.count(LAUNCH).await, 0);
    assert!(emails(app.data_dir.path()).is_empty(), "nothing sent");
}

/// A person whose browser filled the form in under the fill time, or whose
/// page came without a token, is asked once more, and the form as sent back
/// is taken at once: no letter is lost to the check.
#[tokio::test]
async fn a_form_sent_too_fast_or_without_its_token_comes_back_and_is_taken_when_sent_again() {
    let app = spawn_with_env(&[("MIN_FILL_SECONDS", "3")]).await;
    let supporters = [
        ("hasty@example.org", None),
        ("tokenless@example.org", Some("")),
    ];
    for (stored, (email, token)) in (0..).zip(supporters) {
        let mut fields = letter_form(email, "TX");
        if let Some(token) = token {
            fields.push(("form_token".into(), token.into()));
        }
        let response = app.post_form(LAUNCH, &fields).await;
        assert_eq!(response.status(), 409, "{email}");
        let html = response.text().await.unwrap();
        assert!(html.contains("send it once more"), "one sentence asks");
        assert!(
            html.contains("value=\"Lovelace\""),
            "what was typed is kept"
        );
        assert_eq!(app.count(LAUNCH).await, stored, "nothing stored yet");

        set(&mut fields, "form_token", &token_in(&html));
        let again = app.post_form(LAUNCH, &fields).await;
        assert_eq!(again.status(), 303, "{email}: sent again at once, taken");
    }
    assert_eq!(app.count(LAUNCH).await, 2);

    let hasty = app
        .post_json(LAUNCH, &letter_json("script@example.org", "TX"))
        .await;
    assert_eq!(hasty.status(), 409);
    let body: Value = hasty.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("send it once more")
    );
    let letter = with_token(
        letter_json("script@example.org", "TX"),
        body["form_token"].as_str().unwrap(),
    );
    assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    assert_eq!(app.count(LAUNCH).await, 3);
}

#[tokio::test]
async fn a_form_shown_again_keeps_the_time_it_was_first_served() {
    let app = spawn_with_env(&[("MIN_FILL_SECONDS", "3")]).await;
    let served = OffsetDateTime::now_utc() - time::Duration::seconds(5);
    let token = token_served_at(&app, served);
    let mut fields = letter_form("ada@example.org", "TX");
    fields.push(("form_token".into(), token.clone()));
    set(&mut fields, "email", "not-an-email");
    let response = app.post_form(LAUNCH, &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert_eq!(token_in(&html), token, "the form keeps its first token");

    set(&mut fields, "email", "ada@example.org");
    let response = app.post_form(LAUNCH, &fields).await;
    assert_eq!(response.status(), 303, "corrected at once, and taken");
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn an_expired_form_comes_back_with_everything_typed_and_a_fresh_token() {
    let app = spawn_with_env(&[("MIN_FILL_SECONDS", "3")]).await;
    let served = OffsetDateTime::now_utc() - time::Duration::hours(25);
    let stale = token_served_at(&app, served);
    let mut fields = letter_form("ada@example.org", "TX");
    fields.push(("form_token".into(), stale.clone()));
    let response = app.post_form(LAUNCH, &fields).await;
    assert_eq!(response.status(), 409);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = response.text().await.unwrap();
    assert!(html.contains("expired"));
    assert!(
        html.contains("value=\"Lovelace\""),
        "what was typed is kept"
    );
    assert!(!html.contains(&stale), "a fresh token");

    let json = app
        .post_json(
            LAUNCH,
            &with_token(letter_json("ada@example.org", "TX"), &stale),
        )
        .await;
    assert_eq!(json.status(), 409);
    assert!(json.json::<Value>().await.unwrap()["error"].is_string());
    assert_eq!(app.count(LAUNCH).await, 0);

    set(&mut fields, "form_token", &token_in(&html));
    let again = app.post_form(LAUNCH, &fields).await;
    assert_eq!(
        again.status(),
        303,
        "the fresh token needs no new fill time"
    );
    assert_eq!(app.count(LAUNCH).await, 1);
}

/// A token another supporter spent (a shared phone at a stall, a form
/// opened from the browser's history) brings the form back: the letter is
/// taken with the new token, and a double click is still one letter.
#[tokio::test]
async fn a_token_spent_by_someone_else_comes_back_but_a_double_click_is_one_letter() {
    let app = spawn_app().await;
    let token = app.form_token(LAUNCH).await;
    let first = with_token(letter_json("ada@example.org", "TX"), &token);
    let a = app
        .post_json(LAUNCH, &first)
        .await
        .json::<Value>()
        .await
        .unwrap();
    let b = app
        .post_json(LAUNCH, &first)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(a, b, "a double click answers as the first did");
    let replay = with_token(letter_json("grace@example.org", "TX"), &token);
    let response = app.post_json(LAUNCH, &replay).await;
    assert_eq!(response.status(), 409);
    assert_eq!(app.count(LAUNCH).await, 1, "the replay stored nothing");
    let fresh = response.json::<Value>().await.unwrap()["form_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = with_token(letter_json("grace@example.org", "TX"), &fresh);
    assert_eq!(app.post_json(LAUNCH, &again).await.status(), 201);
    assert_eq!(app.count(LAUNCH).await, 2, "and sent again, taken");
}

#[tokio::test]
async fn the_honeypot_stores_nothing_and_looks_normal() {
    let app = spawn_app().await;
    let mut fields = letter_form("bot@example.org", "TX");
    fields.push(("website".into(), "http://spam.example".into()));
    let response = app.post_form(LAUNCH, &fields).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/c/sesta/thanks?state=TX");
    assert_eq!(app.count(LAUNCH).await, 0);
    app.settled().await;
    assert!(emails(app.data_dir.path()).is_empty());
}

#[tokio::test]
async fn limits_hold_across_two_instances_sharing_one_table() {
    let env = [
        ("MIN_FILL_SECONDS", "0"),
        ("RATE_LIMIT_PER_EMAIL_PER_HOUR", "3"),
        ("RATE_LIMIT_PER_IP_PER_MINUTE", "5"),
    ];
    let table = fresh_table();
    let backend = || Backend::Aws {
        table: table.clone(),
    };
    // Windows are whole minutes on the clock: stopped, it keeps every
    // attempt in one.
    let one = Spawn {
        consumers: Consumers::None,
        env: &env,
        clock: Clock::stopped_at(OffsetDateTime::now_utc()),
        ..Spawn::new(backend())
    }
    .start()
    .await;
    let two = spawn_beside(&one, backend(), Consumers::None, &env).await;
    let letter = letter_json("ada@example.org", "TX");
    for (n, app) in [&one, &two, &one].into_iter().enumerate() {
        assert_eq!(
            app.post_json(LAUNCH, &letter).await.status(),
            201,
            "attempt {n}"
        );
    }
    let over = two.post_json(LAUNCH, &letter).await;
    assert_eq!(
        over.status(),
        429,
        "the address's fourth, on the other instance"
    );
    let wait: u64 = over.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // Until the three are an hour old, rounded up to the slot (a tenth).
    assert!((3600..=3960).contains(&wait), "{wait}");

    // Four attempts from this client so far (the refused one counts too);
    // one more address reaches its limit of five, and the next is refused.
    let other = |email| letter_json(email, "TX");
    let fifth = one.post_json(LAUNCH, &other("b@example.org")).await;
    assert_eq!(fifth.status(), 201);
    let sixth = two.post_json(LAUNCH, &other("c@example.org")).await;
    assert_eq!(
        sixth.status(),
        429,
        "the client's sixth, on the other instance"
    );
    assert_eq!(one.count(LAUNCH).await, 2);
}

/// The issue's measurement was 120 letters in 35 seconds from one address
/// at a limit of 60 a minute: a burst at a window's end, another at the
/// next one's start. With the sliding estimate a burst in a window's last
/// second, then two attempts a second, never puts more than 60 in any 60
/// seconds (66, a tenth over, is the most the issue allows), and the next
/// 60 are taken as soon as the burst is a minute old.
#[tokio::test]
async fn no_sixty_seconds_hold_more_than_the_limit_across_a_window_boundary() {
    let boundary = OffsetDateTime::from_unix_timestamp(60 * 29_000_000).unwrap();
    let app = Spawn {
        consumers: Consumers::None,
        env: &[
            ("MIN_FILL_SECONDS", "0"),
            ("RATE_LIMIT_PER_IP_PER_MINUTE", "60"),
        ],
        clock: Clock::stopped_at(boundary - time::Duration::seconds(1)),
        ..Spawn::new(Backend::Embedded)
    }
    .start()
    .await;
    let mut stored = Vec::new();
    let mut attempt = 0;
    let mut post = async |second: i64, attempts: usize| {
        for _ in 0..attempts {
            attempt += 1;
            let letter = letter_json(&format!("s{attempt}@example.org"), "TX");
            let status = app.post_json(LAUNCH, &letter).await.status();
            assert!(status == 201 || status == 429, "{status}");
            if status == 201 {
                stored.push(second);
            }
        }
    };
    post(-1, 70).await;
    for second in 0..125 {
        app.clock.advance(time::Duration::seconds(1));
        post(second, 2).await;
    }
    let most = stored
        .iter()
        .map(|&from| {
            stored
                .iter()
                .filter(|&&at| (from..from + 60).contains(&at))
                .count()
        })
        .max()
        .unwrap();
    assert!(most <= 60, "{most} letters in 60 seconds");
    assert_eq!(
        stored.iter().filter(|&&at| at < 59).count(),
        60,
        "the burst, then nothing while it is under a minute old"
    );
    assert_eq!(
        stored.len(),
        120,
        "the next 60 as soon as the burst is a minute old"
    );
}

#[tokio::test]
async fn a_rate_limited_form_comes_back_with_what_was_typed() {
    let app = spawn_with_env(&[
        ("MIN_FILL_SECONDS", "0"),
        ("RATE_LIMIT_PER_EMAIL_PER_HOUR", "1"),
    ])
    .await;
    let fields = letter_form("ada@example.org", "TX");
    assert_eq!(app.post_form(LAUNCH, &fields).await.status(), 303);
    let again = app.post_form(LAUNCH, &fields).await;
    assert_eq!(again.status(), 429);
    assert!(again.headers().contains_key("retry-after"));
    let html = again.text().await.unwrap();
    assert!(html.contains("Please send yours again in"));
    assert!(html.contains("value=\"ada@example.org\""));
}

#[tokio::test]
async fn posts_from_other_sites_are_refused_unless_the_campaign_allows_them() {
    let launch = include_str!("../../../core/campaigns/sesta.toml");
    let embeddable = format!("allowed_origins = [\"https://partner.example.org\"]\n{launch}");
    let catalog = shared::campaign::CampaignCatalog::from_sources([(
        "sesta.toml".to_owned(),
        embeddable.as_str(),
    )])
    .unwrap();
    let app = spawn_embedded(catalog).await;
    let post = |origin: &'static str, site: &'static str, email: &'static str| {
        let app = &app;
        async move {
            app.json_request(LAUNCH, &letter_json(email, "TX"))
                .await
                .header("origin", origin)
                .header("sec-fetch-site", site)
                .send()
                .await
                .unwrap()
        }
    };
    let evil = post("https://evil.example", "cross-site", "a@example.org").await;
    assert_eq!(evil.status(), 403);
    assert!(
        evil.text()
            .await
            .unwrap()
            .contains("only from its own page")
    );
    assert_eq!(
        post("null", "cross-site", "b@example.org").await.status(),
        403
    );
    assert_eq!(
        post("http://127.0.0.1:3000", "same-origin", "c@example.org")
            .await
            .status(),
        201
    );
    assert_eq!(
        post("https://partner.example.org", "same-site", "d@example.org")
            .await
            .status(),
        201
    );
    let forged_fetch = app
        .json_request(LAUNCH, &letter_json("e@example.org", "TX"))
        .await
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(forged_fetch.status(), 403);
    assert_eq!(app.count(LAUNCH).await, 2);
    let page = app.get("/c/sesta?embed=1").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        policy.ends_with("frame-ancestors https://partner.example.org"),
        "{policy}"
    );
}

#[tokio::test]
async fn plus_addressed_and_dotted_gmail_variants_are_one_supporter() {
    let app = spawn_with_env(&[
        ("MIN_FILL_SECONDS", "0"),
        ("RATE_LIMIT_PER_EMAIL_PER_HOUR", "100"),
    ])
    .await;
    for email in [
        "victim@gmail.com",
        "v.ictim@gmail.com",
        "victim+1@gmail.com",
        "Victim@googlemail.com",
    ] {
        assert_eq!(
            app.post_json(LAUNCH, &letter_json(email, "TX"))
                .await
                .status(),
            201,
            "{email}"
        );
    }
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn the_longest_letter_in_a_wide_script_is_taken_by_the_form() {
    let app = spawn_app().await;
    let mut fields = letter_form("ada@example.org", "TX");
    for (name, value) in &mut fields {
        if name == "message" {
            *value = "é".repeat(5000);
        }
    }
    assert_eq!(app.post_form(LAUNCH, &fields).await.status(), 303);
    assert_eq!(app.count(LAUNCH).await, 1);
}

/// The emails the local server wrote, as their HTML parts.
pub fn emails(data_dir: &Path) -> Vec<String> {
    std::fs::read_dir(data_dir.join("outbox"))
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
                .map(|path| std::fs::read_to_string(path).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

/// The one email the app sent, as its HTML part, once all is sent.
pub async fn only_email(app: &TestApp) -> String {
    app.settled().await;
    match emails(app.data_dir.path()).as_slice() {
        [email] => email.clone(),
        emails => panic!("{} emails sent, not one", emails.len()),
    }
}

/// The path of the link in `email` that begins `/{action}/`.
pub fn link(email: &str, action: &str) -> String {
    let marker = format!("/{action}/");
    let start = email.find(&marker).expect("the email has the link");
    let token: String = email[start + marker.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "~.-".contains(*c))
        .collect();
    format!("{marker}{token}")
}

#[tokio::test]
async fn the_withdraw_link_asks_then_erases_the_letter_and_frees_the_address() {
    let app = spawn_app().await;
    assert_eq!(
        app.post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
            .await
            .status(),
        201
    );
    let withdraw = link(&only_email(&app).await, "withdraw");

    let asked = app.get(&withdraw).await;
    assert_eq!(asked.status(), 200);
    assert!(asked.text().await.unwrap().contains("Withdraw my letter"));
    assert_eq!(
        app.count(LAUNCH).await,
        1,
        "following the link changed nothing"
    );

    let done = app
        .client
        .post(format!("{}{withdraw}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert!(
        done.text()
            .await
            .unwrap()
            .contains("Your letter is withdrawn")
    );
    assert_eq!(app.count(LAUNCH).await, 0);
    let stored = std::fs::read_to_string(app.data_dir.path().join("letters.jsonl")).unwrap();
    assert!(
        !stored.contains("ada@example.org"),
        "its personal data erased"
    );

    let again = app
        .client
        .post(format!("{}{withdraw}", app.address))
        .send()
        .await
        .unwrap();
    assert!(again.text().await.unwrap().contains("no longer stored"));
    assert_eq!(
        app.post_json(LAUNCH, &letter_json("ada@example.org", "CA"))
            .await
            .status(),
        201
    );
    assert_eq!(app.count(LAUNCH).await, 1, "the address may write again");
}

#[tokio::test]
async fn the_confirm_link_verifies_the_letter_and_the_updates_asked_for() {
    let app = spawn_app().await;
    let mut letter = letter_json("ada@example.org", "TX");
    letter["opt_in"] = true.into();
    assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    let confirm = link(&only_email(&app).await, "confirm");
    let summary = || async {
        app.admin_get("/admin/c/sesta/summary", Some(ADMIN_TOKEN))
            .await
            .json::<Value>()
            .await
            .unwrap()
    };
    assert_eq!(
        (
            summary().await["verified"].as_u64(),
            summary().await["opted_in"].as_u64()
        ),
        (Some(0), Some(0))
    );

    assert!(
        app.get(&confirm)
            .await
            .text()
            .await
            .unwrap()
            .contains("Confirm my letter")
    );
    assert_eq!(
        summary().await["verified"],
        0,
        "following the link changed nothing"
    );
    for _ in 0..2 {
        let done = app
            .client
            .post(format!("{}{confirm}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 200);
    }
    let after = summary().await;
    assert_eq!(
        (after["verified"].as_u64(), after["opted_in"].as_u64()),
        (Some(1), Some(1)),
        "{after}"
    );
}

#[tokio::test]
async fn forged_expired_or_misused_links_open_nothing() {
    let app = spawn_app().await;
    assert_eq!(
        app.post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
            .await
            .status(),
        201
    );
    let withdraw = link(&only_email(&app).await, "withdraw");
    let token = withdraw.trim_start_matches("/withdraw/");
    let forged = withdraw.replacen(&token[..1], if &token[..1] == "1" { "2" } else { "1" }, 1);
    for path in [
        forged,
        format!("/confirm/{token}"),
        "/withdraw/nonsense".to_owned(),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.unwrap().contains("not valid"));
        let posted = app
            .client
            .post(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 404, "{path}");
    }
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn an_analyst_erases_an_address_everywhere_and_the_suppression_stays() {
    let app = spawn_app().await;
    assert_eq!(
        app.post_json(LAUNCH, &letter_json("Ada@Example.org", "TX"))
            .await
            .status(),
        201
    );
    let erase = |token: Option<&'static str>| {
        let mut request = app
            .client
            .post(format!("{}/admin/erase", app.address))
            .json(&serde_json::json!({ "email": "ada@example.org" }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(erase(None).await.unwrap().status(), 401);
    let answer: Value = erase(Some(ADMIN_TOKEN))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["erased"], 1);
    assert_eq!(app.count(LAUNCH).await, 0);
    assert_eq!(app.erase("not an address").await.status(), 400);
}

#[tokio::test]
async fn analysts_spreadsheet_csv_neutralises_what_a_spreadsheet_would_run() {
    let app = spawn_app().await;
    let mut letter = letter_json("ada@example.org", "TX");
    letter["city"] = "=HYPERLINK(\"http://evil.example\")".into();
    assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    let csv = |query: &'static str| {
        let app = &app;
        async move {
            app.admin_get(
                &format!("/admin/c/sesta/letters?{query}"),
                Some(ADMIN_TOKEN),
            )
            .await
            .text()
            .await
            .unwrap()
        }
    };
    let spreadsheet = csv("format=csv&spreadsheet=true").await;
    assert!(spreadsheet.contains("\"'=HYPERLINK("), "{spreadsheet}");
    let plain = csv("format=csv").await;
    assert!(
        plain.contains("\"=HYPERLINK(") && !plain.contains("'="),
        "plain CSV keeps the value as stored: {plain}"
    );
}

#[tokio::test]
async fn every_response_carries_the_headers_and_personal_pages_are_never_stored() {
    let app = spawn_app().await;
    assert_eq!(
        app.post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
            .await
            .status(),
        201
    );
    let invalid = app.post_form(LAUNCH, &letter_form("bad", "TX")).await;
    let mut responses = vec![("422 page", invalid)];
    for path in [
        "/",
        "/c/sesta",
        "/c/sesta/thanks?state=TX",
        "/c/sesta/count",
        "/c/sesta/form-token",
        "/c/sesta/share.png",
        "/static/site.css",
        "/healthz",
        "/no/such/path",
        "/c/missing",
        "/withdraw/nonsense",
        "/admin/c/sesta/summary",
    ] {
        responses.push((path, app.get(path).await));
    }
    responses.push((
        "/_outbox",
        app.admin_get("/_outbox", Some(ADMIN_TOKEN)).await,
    ));
    responses.push((
        "CSV export",
        app.admin_get(
            "/admin/c/sesta/letters?format=csv&include=pii",
            Some(ADMIN_TOKEN),
        )
        .await,
    ));
    for (what, response) in &responses {
        let headers = response.headers();
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "strict-transport-security",
            "cache-control",
        ] {
            assert!(headers.contains_key(name), "{what} lacks {name}");
        }
    }
    let cache = |what: &str| {
        responses
            .iter()
            .find(|(name, _)| *name == what)
            .unwrap()
            .1
            .headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    for personal in [
        "422 page",
        "/c/sesta/form-token",
        "/c/sesta/thanks?state=TX",
        "/_outbox",
        "CSV export",
        "/admin/c/sesta/summary",
    ] {
        assert_eq!(cache(personal), "no-store", "{personal}");
    }
    for public in ["/c/sesta/share.png", "/static/site.css", "/c/sesta/count"] {
        assert!(cache(public).starts_with("public"), "{public}");
    }
    assert!(
        cache("/c/sesta").starts_with("public, max-age=0, s-maxage="),
        "the page is the same for everyone: a CDN may share it, briefly"
    );
}

#[tokio::test]
async fn unknown_host_names_are_refused_locally() {
    let app = spawn_app().await;
    for host in ["evil.example", "127.0.0.1:1", "rebound.example:3000"] {
        let response = app
            .client
            .get(format!("{}/_outbox", app.address))
            .header("host", host)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 421, "{host}");
        assert!(response.headers().contains_key("content-security-policy"));
    }
}

#[tokio::test]
async fn idle_and_trickling_connections_are_closed_while_others_are_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_with_limits(ServeLimits {
        header_read: Duration::from_secs(1),
        body_read: Duration::from_secs(1),
        ..ServeLimits::default()
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_owned();

    let started = std::time::Instant::now();
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    let mut trickling = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /c/sesta/letters HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"
    );
    trickling.write_all(head.as_bytes()).await.unwrap();
    let drip = tokio::spawn(async move {
        let mut answer = Vec::new();
        for _ in 0..20 {
            if trickling.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
            let mut chunk = [0u8; 512];
            if let Ok(Ok(read)) =
                tokio::time::timeout(Duration::from_millis(10), trickling.read(&mut chunk)).await
            {
                answer.extend_from_slice(&chunk[..read]);
                if read == 0 || !answer.is_empty() {
                    break;
                }
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    });

    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "others are served meanwhile"
    );
    let mut buffer = [0u8; 16];
    let closed = tokio::time::timeout(Duration::from_secs(5), idle.read(&mut buffer)).await;
    assert!(
        matches!(closed, Ok(Ok(0)) | Ok(Err(_))),
        "the idle connection was closed"
    );
    let answer = tokio::time::timeout(Duration::from_secs(5), drip)
        .await
        .unwrap()
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// A connection to `server` from `source` whose receive buffer is the
/// least the kernel allows, so that the server's writes to it stall at once.
async fn connect_from(
    source: std::net::IpAddr,
    server: std::net::SocketAddr,
) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind((source, 0).into()).unwrap();
    socket.set_recv_buffer_size(1).unwrap();
    socket.connect(server).await.unwrap()
}

/// A client that never reads what it asks for: it sends requests back to
/// back until the server closes the connection (`true`) or `until` comes
/// (`false`).
async fn hog(mut stream: tokio::net::TcpStream, until: tokio::time::Instant) -> bool {
    use tokio::io::AsyncWriteExt;
    let server = stream.peer_addr().unwrap();
    let requests = format!("GET /static/app.js HTTP/1.1\r\nHost: {server}\r\n\r\n").repeat(16);
    loop {
        match tokio::time::timeout_at(until, stream.write_all(requests.as_bytes())).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return true,
            Err(_) => return false,
        }
    }
}

/// Lets this process open `wanted` files, where its hard limit allows:
/// many shells allow 1,024 unless a process asks for more.
fn allow_open_files(wanted: u64) {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current.is_some_and(|current| current < wanted) {
        let current = limit.maximum.map_or(wanted, |maximum| maximum.min(wanted));
        let raised = Rlimit {
            current: Some(current),
            ..limit
        };
        setrlimit(Resource::Nofile, raised).unwrap();
    }
}

/// How long `/healthz` takes to answer on a new connection, if it answers
/// within `patience`.
async fn healthz_time(app: &TestApp, patience: Duration) -> Option<Duration> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(patience)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let response = client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .ok()?;
    (response.status() == 200).then(|| started.elapsed())
}

/// A thousand connections that send requests and never read the answers
/// (from one other loopback address, as one misbehaving program would) hold
/// no more than their client's share, and each is closed once its writes
/// have waited out the deadline: everyone else is answered meanwhile.
#[tokio::test(flavor = "multi_thread")]
async fn clients_that_never_read_cannot_lock_others_out() {
    const HOGS: usize = 1000;
    // Both ends of each connection are in this process.
    allow_open_files(4096);
    let app = spawn_with_limits(ServeLimits {
        response_write: Duration::from_secs(2),
        ..ServeLimits::default()
    })
    .await;
    let server = app.address.trim_start_matches("http://").parse().unwrap();
    let source = std::net::Ipv4Addr::new(127, 0, 0, 2).into();
    let mut streams = Vec::new();
    for _ in 0..HOGS {
        streams.push(connect_from(source, server).await);
    }
    let until = tokio::time::Instant::now() + Duration::from_secs(15);
    let hogs: Vec<_> = streams
        .into_iter()
        .map(|stream| tokio::spawn(hog(stream, until)))
        .collect();

    let mut times = Vec::new();
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        times.push(healthz_time(&app, Duration::from_secs(5)).await);
    }
    let mut closed = 0;
    for hog in hogs {
        closed += usize::from(hog.await.unwrap());
    }
    println!("/healthz under {HOGS} clients that never read: {times:?}; {closed} closed");
    assert!(
        times
            .iter()
            .all(|time| time.is_some_and(|t| t < Duration::from_secs(1))),
        "{times:?}"
    );
    assert_eq!(closed, HOGS, "every one closed by the server");
}
