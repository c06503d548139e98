//! `/_outbox`: the emails the local server wrote instead of sending, newest
//! first, each with its time, sender, subject, recipient and status; a
//! message's page with its headers, text part and HTML part; and the
//! `.eml` file itself.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use mail_parser::{Address, MessageParser};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;
use time::OffsetDateTime;
use uuid::Uuid;

/// Every message here has the same fate: the outbox mailer only writes.
const STATUS: &str = "Written here, not sent";

/// The view may frame the HTML part (served by this router alone).
const VIEW_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
    frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/// The HTML part as a mail program shows it: its own inline styles and
/// pictures, no scripts, framed only by the view.
const PART_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// An outbox message, read back from its `.eml` file.
struct Sent {
    id: Uuid,
    /// When it was written, to the second, in UTC.
    time: String,
    from: String,
    to: String,
    subject: String,
    /// Every header as written (folded lines joined), in order.
    headers: Vec<(String, String)>,
    text: String,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    emails: Vec<Sent>,
}

#[derive(Template)]
#[template(path = "outbox-message.html")]
struct MessagePage {
    email: Sent,
}

fn readable_time(moment: OffsetDateTime) -> String {
    let (hour, minute, second) = moment.time().as_hms();
    format!("{} {hour:02}:{minute:02}:{second:02} UTC", moment.date())
}

/// `Name <address>`, or the bare address.
fn mailbox(address: Option<&Address>) -> String {
    let Some(first) = address.and_then(Address::first) else {
        return String::new();
    };
    match (first.name(), first.address()) {
        (Some(name), Some(address)) => format!("{name} <{address}>"),
        (None, Some(address)) => address.to_owned(),
        (name, None) => name.unwrap_or_default().to_owned(),
    }
}

/// Reads the message `id` and when its file was written; `None` if there
/// is no such message.
fn read(dir: &std::path::Path, id: Uuid) -> Option<(SystemTime, Sent)> {
    let path = dir.join(format!("{id}.eml"));
    let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    let eml = std::fs::read(&path).ok()?;
    let message = MessageParser::default().parse(&eml)?;
    let time = message
        .date()
        .and_then(|date| OffsetDateTime::from_unix_timestamp(date.to_timestamp()).ok())
        .unwrap_or_else(|| written.into());
    let headers = message
        .headers_raw()
        .map(|(name, value)| {
            let unfolded = value.split_whitespace().collect::<Vec<_>>().join(" ");
            (name.to_owned(), unfolded)
        })
        .collect();
    let sent = Sent {
        id,
        time: readable_time(time),
        from: mailbox(message.from()),
        to: mailbox(message.to()),
        subject: message.subject().unwrap_or_default().to_owned(),
        headers,
        text: message.body_text(0).unwrap_or_default().into_owned(),
        status: STATUS,
    };
    Some((written, sent))
}

fn page(template: impl Template, policy: &'static str) -> Response {
    match template.render() {
        Ok(html) => ([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)).into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

async fn list(State(dir): State<Arc<PathBuf>>) -> Response {
    let mut found: Vec<(SystemTime, Sent)> = std::fs::read_dir(dir.as_path())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let id = Uuid::parse_str(name.to_str()?.strip_suffix(".eml")?).ok()?;
            read(&dir, id)
        })
        .collect();
    // The file's time, finer than the Date header's second, orders them.
    found.sort_by_key(|(written, _)| std::cmp::Reverse(*written));
    let emails = found.into_iter().map(|(_, sent)| sent).collect();
    page(OutboxPage { emails }, VIEW_POLICY)
}

/// `/_outbox/{id}`: the message's page; `{id}.eml`: the file as written;
/// `{id}.html`: its HTML part, for the page's frame.
async fn show(State(dir): State<Arc<PathBuf>>, Path(name): Path<String>) -> Response {
    let (id, suffix) = name.split_once('.').unwrap_or((&name, ""));
    // Only ids this mailer made: no path can escape the outbox.
    let Ok(id) = Uuid::parse_str(id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let file = |file: String, content_type: &'static str, policy: Option<&'static str>| {
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let mut response = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
        if let Some(policy) = policy {
            let value = header::HeaderValue::from_static(policy);
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, value);
        }
        response
    };
    match suffix {
        "" => match read(&dir, id) {
            Some((_, email)) => page(MessagePage { email }, VIEW_POLICY),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        "eml" => file(format!("{id}.eml"), "message/rfc822", None),
        "html" => file(
            format!("{id}.html"),
            "text/html; charset=utf-8",
            Some(PART_POLICY),
        ),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../templates/outbox.css"),
    )
        .into_response()
}

pub fn router(dir: PathBuf) -> Router {
    Router::new()
        .route("/_outbox", get(list))
        .route("/_outbox/outbox.css", get(stylesheet))
        .route("/_outbox/{name}", get(show))
        .with_state(Arc::new(dir))
}
