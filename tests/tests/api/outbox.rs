//! The local server's outbox: each confirmation written once, listed newest
//! first with its time, sender, subject, recipient and status, and shown
//! with its headers, both parts and a way back.

use crate::helpers::{LAUNCH, TestApp, letter_form};
use crate::local_server::{eml_files, serve_local};
use local::Backend;
use std::path::PathBuf;

/// The outbox's emails, once all is sent.
async fn outbox(app: &TestApp) -> Vec<PathBuf> {
    app.settled().await;
    eml_files(&app.data_dir.path().join("outbox"))
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
    assert_eq!(app.get("/_outbox/..%2Fletters.jsonl").await.status(), 404);
    assert_eq!(app.get("/_outbox/not-an-id").await.status(), 404);
    let unknown = uuid::Uuid::new_v4();
    assert_eq!(app.get(&format!("/_outbox/{unknown}")).await.status(), 404);
    assert_eq!(
        app.get(&format!("/_outbox/{}.exe", id_of(&emails[0])))
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

    let listing = app.get("/_outbox").await.text().await.unwrap();
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
    let app = serve_local(Backend::Embedded).await;
    let response = app
        .post_form(LAUNCH, &letter_form("ada@example.org", "TX"))
        .await;
    assert_eq!(response.status(), 303);
    let id = id_of(&outbox(&app).await[0]);

    let shown = app.get(&format!("/_outbox/{id}")).await;
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

    let part = app.get(&format!("/_outbox/{id}.html")).await;
    let policy = part.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'self'"), "{policy}");
    assert!(!policy.contains("script-src"), "no scripts in an email");
    assert!(part.text().await.unwrap().contains("Senator Ted Cruz"));

    let eml = app.get(&format!("/_outbox/{id}.eml")).await;
    assert_eq!(eml.headers()["content-type"], "message/rfc822");
}
