//! The local server's outbox: each confirmation written once, listed newest
//! first with its time, sender, subject, recipient and status, and shown
//! with its headers, both parts and a way back; only to the admin token's
//! holder.

use crate::helpers::{ADMIN_TOKEN, LAUNCH, TestApp, letter_form};
use crate::local_server::{eml_files, serve_local};
use local::Backend;
use std::path::PathBuf;

/// The outbox's emails, once all is sent.
async fn outbox(app: &TestApp) -> Vec<PathBuf> {
    app.settled().await;
    eml_files(&app.data_dir.path().join("outbox"))
}

/// The local server with Ada's letter sent, and her email's id.
async fn with_one_email() -> (TestApp, String) {
    let app = serve_local(Backend::Embedded).await;
    let response = app
        .post_form(LAUNCH, &letter_form("ada@example.org", "TX"))
        .await;
    assert_eq!(response.status(), 303);
    let id = id_of(&outbox(&app).await[0]);
    (app, id)
}

fn id_of(eml: &std::path::Path) -> String {
    eml.file_stem().unwrap().to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_letter_sent_locally_lands_in_the_outbox_once() {
    let app = serve_local(Backend::Embedded).await;
    for _ in 0..2 {
        let response = app
            .post_form(LAUNCH, &letter_form("ada@example.org", "TX"))
            .await;
        assert_eq!(response.status(), 303);
    }
    let emails = outbox(&app).await;
    assert_eq!(
        emails.len(),
        1,
        "one email for the letter, none for the repeat"
    );
    let eml = std::fs::read_to_string(&emails[0]).unwrap();
    assert!(eml.contains("To: ada@example.org"));
    assert!(eml.contains("multipart/alternative"));
    assert_eq!(
        app.admin_get("/_outbox/..%2Fletters.jsonl", Some(ADMIN_TOKEN))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.admin_get("/_outbox/not-an-id", Some(ADMIN_TOKEN))
            .await
            .status(),
        404
    );
    let unknown = uuid::Uuid::new_v4();
    assert_eq!(
        app.admin_get(&format!("/_outbox/{unknown}"), Some(ADMIN_TOKEN))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.admin_get(
            &format!("/_outbox/{}.exe", id_of(&emails[0])),
            Some(ADMIN_TOKEN)
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn the_outbox_lists_time_sender_subject_recipient_and_status_newest_first() {
    let app = serve_local(Backend::Embedded).await;
    let mut ids = Vec::new();
    for email in ["first@example.org", "second@example.org"] {
        let response = app.post_form(LAUNCH, &letter_form(email, "TX")).await;
        assert_eq!(response.status(), 303);
        let emails = outbox(&app).await;
        let new = emails.iter().map(|e| id_of(e)).find(|id| !ids.contains(id));
        ids.push(new.unwrap());
    }

    let listing = app
        .admin_get("/_outbox", Some(ADMIN_TOKEN))
        .await
        .text()
        .await
        .unwrap();
    let second = listing.find("second@example.org").unwrap();
    let first = listing.find("first@example.org").unwrap();
    assert!(second < first, "newest first");
    assert!(
        listing.find(&format!("/_outbox/{}", ids[1]))
            < listing.find(&format!("/_outbox/{}", ids[0]))
    );
    for column in ["Time", "From", "To", "Subject", "Status"] {
        assert!(listing.contains(&format!("<th scope=\"col\">{column}</th>")));
    }
    assert!(
        listing.contains("Letters demo &#60;letters@example.org&#62;"),
        "sender"
    );
    assert_eq!(
        listing.matches("Written here, not sent").count(),
        2,
        "status"
    );
    let year = time::OffsetDateTime::now_utc().year();
    assert!(listing.contains(&format!("<td class=\"time\">{year}-")));
    assert!(listing.contains(" UTC</td>"), "times carry their zone");
}

#[tokio::test]
async fn a_message_shows_its_headers_both_parts_and_a_way_back() {
    let (app, id) = with_one_email().await;

    let shown = app
        .admin_get(&format!("/_outbox/{id}"), Some(ADMIN_TOKEN))
        .await;
    assert_eq!(shown.headers()["content-type"], "text/html; charset=utf-8");
    let policy = shown.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-src 'self'"), "{policy}");
    let page = shown.text().await.unwrap();
    assert!(page.contains("<a href=\"/_outbox\">"), "a way back");
    for header in ["From", "To", "Subject", "Date", "MIME-Version"] {
        assert!(
            page.contains(&format!("<th scope=\"row\">{header}</th>")),
            "{header}"
        );
    }
    let text = &page[page.find("<pre class=\"text\">").unwrap()..];
    assert!(text.contains("Senator Ted Cruz"), "the text part");
    assert!(page.contains(&format!(
        "<iframe title=\"The email's HTML part\" src=\"/_outbox/{id}.html\""
    )));

    let part = app
        .admin_get(&format!("/_outbox/{id}.html"), Some(ADMIN_TOKEN))
        .await;
    let policy = part.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'self'"), "{policy}");
    assert!(!policy.contains("script-src"), "no scripts in an email");
    assert!(part.text().await.unwrap().contains("Senator Ted Cruz"));

    let eml = app
        .admin_get(&format!("/_outbox/{id}.eml"), Some(ADMIN_TOKEN))
        .await;
    assert_eq!(eml.headers()["content-type"], "message/rfc822");
}

#[tokio::test]
async fn the_outbox_is_shown_only_to_the_admin_tokens_holder() {
    let (app, id) = with_one_email().await;
    let pages = [
        "/_outbox".to_owned(),
        "/_outbox/outbox.css".to_owned(),
        format!("/_outbox/{id}"),
        format!("/_outbox/{id}.html"),
        format!("/_outbox/{id}.eml"),
    ];
    for page in &pages {
        let refused = app.get(page).await;
        assert_eq!(refused.status(), 401, "{page}");
        assert!(!refused.text().await.unwrap().contains("ada@example.org"));
        let wrong = app.admin_get(page, Some("not-the-token")).await;
        assert_eq!(wrong.status(), 403, "{page}");
        let wrong = app.get(&format!("{page}?token=not-the-token")).await;
        assert_eq!(wrong.status(), 403, "{page}");
        assert!(wrong.headers().get("set-cookie").is_none());
        let forged = app
            .client
            .get(format!("{}{page}", app.address))
            .header("cookie", "outbox_session=forged")
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 401, "{page}");
    }

    // A browser gives the token once, in the address, and keeps a cookie.
    let opened = app.get(&format!("/_outbox/{id}?token={ADMIN_TOKEN}")).await;
    assert_eq!(opened.status(), 303);
    assert_eq!(opened.headers()["location"], format!("/_outbox/{id}"));
    let cookie = opened.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(cookie.contains("Path=/_outbox"), "{cookie}");
    assert!(
        !cookie.contains(ADMIN_TOKEN),
        "the token itself is not kept: {cookie}"
    );
    let session = cookie.split(';').next().unwrap();
    for page in &pages {
        let shown = app
            .client
            .get(format!("{}{page}", app.address))
            .header("cookie", format!("theme=dark; {session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(shown.status(), 200, "{page}");
    }
    assert_eq!(
        app.client
            .get(format!("{}/admin/c/{LAUNCH}/summary", app.address))
            .header("cookie", session)
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "the cookie opens the outbox only"
    );
}

#[tokio::test]
async fn a_withdrawn_or_erased_letters_email_leaves_the_outbox() {
    let app = serve_local(Backend::Embedded).await;
    for email in ["ada@example.org", "bob@example.org"] {
        let response = app.post_form(LAUNCH, &letter_form(email, "TX")).await;
        assert_eq!(response.status(), 303);
    }
    // Settled: the letters know their emails' ids.
    let emails = outbox(&app).await;
    assert_eq!(emails.len(), 2);
    let to = |address: &str| {
        let eml = emails.iter().find(|eml| {
            std::fs::read_to_string(eml)
                .unwrap()
                .contains(&format!("To: {address}"))
        });
        eml.unwrap().clone()
    };
    let (ada, bob) = (to("ada@example.org"), to("bob@example.org"));
    let listing = || async {
        let response = app.admin_get("/_outbox", Some(ADMIN_TOKEN)).await;
        response.text().await.unwrap()
    };

    let html = std::fs::read_to_string(ada.with_extension("html")).unwrap();
    let withdraw = crate::abuse::link(&html, "withdraw");
    let withdrawn = app
        .client
        .post(format!("{}{withdraw}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), 200);
    assert!(!ada.exists() && !ada.with_extension("html").exists());
    assert!(bob.exists(), "only the withdrawn letter's email goes");
    let shown = listing().await;
    assert!(!shown.contains("ada@example.org") && shown.contains("bob@example.org"));

    let erased = app.erase("bob@example.org").await;
    assert_eq!(
        erased.json::<serde_json::Value>().await.unwrap()["erased"],
        1
    );
    assert!(!bob.exists() && !bob.with_extension("html").exists());
    assert!(!listing().await.contains("bob@example.org"));
}
