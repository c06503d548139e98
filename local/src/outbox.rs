//! `/_outbox`: the emails the local server "sent", newest first, each
//! readable as rendered and downloadable as the `.eml` file.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;
use uuid::Uuid;

struct Sent {
    id: String,
    subject: String,
    to: String,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    emails: Vec<Sent>,
}

/// Reads one header's value from an `.eml` file's head (unfolded lines only).
fn header_value(eml: &str, name: &str) -> String {
    eml.lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| {
            line.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(": "))
        })
        .unwrap_or_default()
        .to_owned()
}

async fn list(State(dir): State<Arc<PathBuf>>) -> Response {
    let mut found: Vec<(SystemTime, Sent)> = std::fs::read_dir(dir.as_path())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let id = path.file_name()?.to_str()?.strip_suffix(".eml")?.to_owned();
            let eml = std::fs::read_to_string(&path).ok()?;
            let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
            Some((
                modified,
                Sent {
                    id,
                    subject: header_value(&eml, "Subject"),
                    to: header_value(&eml, "To"),
                },
            ))
        })
        .collect();
    found.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    let page = OutboxPage {
        emails: found.into_iter().map(|(_, sent)| sent).collect(),
    };
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

/// `/_outbox/{id}` shows the HTML part; `/_outbox/{id}.eml` the whole file.
async fn show(State(dir): State<Arc<PathBuf>>, Path(name): Path<String>) -> Response {
    let (id, eml) = match name.strip_suffix(".eml") {
        Some(id) => (id, true),
        None => (name.as_str(), false),
    };
    // Only ids this mailer made: no path can escape the outbox.
    let Ok(id) = Uuid::parse_str(id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (file, content_type) = if eml {
        (format!("{id}.eml"), "message/rfc822")
    } else {
        (format!("{id}.html"), "text/html; charset=utf-8")
    };
    match std::fs::read(dir.join(file)) {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

pub fn router(dir: PathBuf) -> Router {
    Router::new()
        .route("/_outbox", get(list))
        .route("/_outbox/{name}", get(show))
        .with_state(Arc::new(dir))
}
