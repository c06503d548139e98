//! `GET /admin/c/{slug}/offices/{office}/unreachable`: the letters the
//! office's delivery service cannot reach, for staff to deliver another
//! way: CSV, or printable HTML with one letter a page and the constituent's
//! address block. Every personal field is in it, so each request is logged
//! (who, which campaign and office; no personal data).

use super::WebError;
use super::admin::{AdminApp, Analyst, caller, campaign, export_page_response};
use crate::analytics::{ExportFilter, MAX_PAGE, unreachable_reason, write_unreachable_csv};
use crate::delivery::member_at;
use crate::domain::Chamber;
use crate::letter::Letter;
use crate::members::{Member, OfficeCode};
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
pub(super) struct UnreachableQuery {
    format: Option<String>,
    cursor: Option<String>,
    limit: Option<usize>,
}

/// A letter as it is printed.
pub(super) struct Printed<'a> {
    letter: &'a Letter,
    date: String,
    reason: &'a str,
    paragraphs: Vec<&'a str>,
}

#[derive(Template)]
#[template(path = "unreachable.html")]
pub(super) struct PrintedLetters<'a> {
    office: &'a OfficeCode,
    /// The office's member, while they hold the seat.
    addressee: Option<Addressee<'a>>,
    letters: Vec<Printed<'a>>,
}

/// Whom a printed letter is addressed to.
pub(super) struct Addressee<'a> {
    member: &'a Member,
    /// The chamber's postal address, a line each.
    chamber: [&'static str; 2],
}

impl<'a> Addressee<'a> {
    fn of(member: &'a Member) -> Self {
        let chamber = match member.chamber() {
            Chamber::Senate => ["United States Senate", "Washington, DC 20510"],
            Chamber::House => [
                "United States House of Representatives",
                "Washington, DC 20515",
            ],
        };
        Self { member, chamber }
    }
}

pub(super) async fn letters(
    State(app): State<Arc<AdminApp>>,
    analyst: Option<Extension<Analyst>>,
    Path((slug, office)): Path<(String, String)>,
    query: Result<Query<UnreachableQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        let analyst = caller(analyst)?;
        let slug = campaign(&app, &slug).await?;
        let office = OfficeCode::parse(&office).map_err(|_| WebError::NotFound)?;
        let Query(query) = query
            .map_err(|_| WebError::Malformed("the query string is not one this route takes"))?;
        let html = match query.format.as_deref() {
            None | Some("csv") => false,
            Some("html") => true,
            Some(_) => return Err(WebError::Malformed("format is csv or html")),
        };
        let limit = query.limit.unwrap_or(MAX_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(WebError::Malformed("limit is 1 to 1000"));
        }
        tracing::info!(
            target: "audit",
            analyst = %analyst.0,
            campaign = %slug,
            %office,
            cursor = query.cursor.is_some(),
            "export of unreachable letters with personal data"
        );
        let filter = ExportFilter {
            unreachable_at: Some(office.clone()),
            ..ExportFilter::default()
        };
        let page = app
            .store
            .export_page(&slug, &filter, query.cursor.as_deref(), limit)
            .await?;
        let (content_type, body) = if html {
            let page = PrintedLetters {
                office: &office,
                addressee: member_at(&office, &app.members).map(Addressee::of),
                letters: page
                    .letters
                    .iter()
                    .map(|letter| printed(letter, &office))
                    .collect(),
            };
            ("text/html; charset=utf-8", page.render()?.into_bytes())
        } else {
            let mut body = Vec::new();
            write_unreachable_csv(&mut body, &page.letters, &office, query.cursor.is_none())
                .map_err(WebError::Unexpected)?;
            ("text/csv; charset=utf-8", body)
        };
        Ok(export_page_response(
            content_type,
            body,
            page.letters.len(),
            page.next,
        ))
    };
    result.await.unwrap_or_else(WebError::into_json_response)
}

fn printed<'a>(letter: &'a Letter, office: &OfficeCode) -> Printed<'a> {
    let date = letter.created_at.date();
    Printed {
        letter,
        date: format!("{} {}, {}", date.month(), date.day(), date.year()),
        reason: unreachable_reason(letter, office),
        paragraphs: letter.paragraphs().collect(),
    }
}
