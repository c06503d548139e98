//! One office's letters, for staff to deliver by hand or by email: CSV, or
//! printable HTML with one letter a page and the constituent's address
//! block. `GET /admin/c/{slug}/offices/{office}/letters` gives every letter
//! addressed to the office, whether or not the campaign delivers;
//! `.../unreachable` only those the office's delivery service cannot
//! reach. Every personal field is in them, so each request is logged (who,
//! which campaign and office; no personal data).

use super::WebError;
use super::admin::{AdminApp, Analyst, caller, campaign, export_page_response};
use super::receipt::spoken_date;
use crate::analytics::{ExportFilter, LetterText, MAX_PAGE, OfficeFilter, OfficeLetters};
use crate::delivery::member_at;
use crate::domain::Chamber;
use crate::language::Language;
use crate::letter::{Letter, OfficeDelivery};
use crate::members::{Member, OfficeCode};
use askama::Template;
use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
pub(super) struct OfficeQuery {
    format: Option<String>,
    cursor: Option<String>,
    limit: Option<usize>,
}

/// A letter as it is printed.
pub(super) struct Printed<'a> {
    letter: &'a Letter,
    date: String,
    text: LetterText<'a>,
    /// Where the letter stands with the office's delivery service, after
    /// "Written on ...": empty when nothing was tried.
    delivery: String,
}

#[derive(Template)]
#[template(path = "office_letters.html")]
pub(super) struct PrintedLetters<'a> {
    office: &'a OfficeCode,
    /// The office's member, while they hold the seat.
    addressee: Option<Addressee<'a>>,
    /// Whom the letters are to: the member and office, or the office alone.
    heading: String,
    /// Whether these are only the letters delivery cannot take.
    unreachable: bool,
    letters: Vec<Printed<'a>>,
}

impl<'a> PrintedLetters<'a> {
    /// `page`, printed for `office`, whose seat `holder` holds.
    fn new(
        office: &'a OfficeCode,
        holder: Option<&'a Member>,
        letters: OfficeLetters,
        page: &'a [Letter],
    ) -> Self {
        let heading = match holder {
            Some(member) => format!("{} {} ({office})", member.title(), member.name),
            None => format!("office {office}"),
        };
        Self {
            office,
            addressee: holder.map(Addressee::of),
            heading,
            unreachable: letters == OfficeLetters::Unreachable,
            letters: page.iter().map(|letter| printed(letter, office)).collect(),
        }
    }
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

/// `GET /admin/c/{slug}/offices/{office}/letters`.
pub(super) async fn addressed(
    State(app): State<Arc<AdminApp>>,
    analyst: Option<Extension<Analyst>>,
    Path(path): Path<(String, String)>,
    query: Result<Query<OfficeQuery>, QueryRejection>,
) -> Response {
    export(&app, analyst, path, query, OfficeLetters::Addressed).await
}

/// `GET /admin/c/{slug}/offices/{office}/unreachable`.
pub(super) async fn unreachable(
    State(app): State<Arc<AdminApp>>,
    analyst: Option<Extension<Analyst>>,
    Path(path): Path<(String, String)>,
    query: Result<Query<OfficeQuery>, QueryRejection>,
) -> Response {
    export(&app, analyst, path, query, OfficeLetters::Unreachable).await
}

/// A page of `letters` of the path's office, in the query's format.
async fn export(
    app: &AdminApp,
    analyst: Option<Extension<Analyst>>,
    (slug, office): (String, String),
    query: Result<Query<OfficeQuery>, QueryRejection>,
    letters: OfficeLetters,
) -> Response {
    let result = async {
        let analyst = caller(analyst)?;
        let slug = campaign(app, &slug).await?;
        let office =
            OfficeCode::parse(&office).map_err(|why| WebError::InvalidInPath("office", why))?;
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
        // The audit trail: who, which campaign and office. No personal data.
        let cursor = query.cursor.is_some();
        match letters {
            OfficeLetters::Addressed => tracing::info!(
                target: "audit", analyst = %analyst.0, campaign = %slug, %office, cursor,
                "export of an office's letters with personal data"
            ),
            OfficeLetters::Unreachable => tracing::info!(
                target: "audit", analyst = %analyst.0, campaign = %slug, %office, cursor,
                "export of unreachable letters with personal data"
            ),
        }
        let holder = member_at(&office, &app.members);
        let filter = OfficeFilter::new(office.clone(), letters, holder);
        let export = ExportFilter {
            office: Some(filter.clone()),
            ..ExportFilter::default()
        };
        let page = app
            .store
            .export_page(&slug, &export, query.cursor.as_deref(), limit)
            .await?;
        let (content_type, body) = if html {
            let printed = PrintedLetters::new(&office, holder, letters, &page.letters);
            ("text/html; charset=utf-8", printed.render()?.into_bytes())
        } else {
            let mut body = Vec::new();
            filter
                .write_csv(&mut body, &page.letters, !cursor)
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
    let service = "Congress's delivery service";
    let delivery = match letter.deliveries.get(office) {
        None => String::new(),
        Some(OfficeDelivery::Delivered { at, .. }) => {
            format!(
                "; delivered through {service} on {}",
                spoken_date(at.date(), Language::En)
            )
        }
        Some(OfficeDelivery::Rejected { error, .. }) => {
            format!("; refused by {service}: {error}")
        }
        Some(OfficeDelivery::Unreachable { reason, .. }) => {
            format!("; not delivered through {service}: {reason}")
        }
        Some(OfficeDelivery::Retrying { .. }) => {
            format!("; not yet accepted by {service}, to be tried again")
        }
    };
    Printed {
        letter,
        date: spoken_date(letter.created_at.date(), Language::En),
        text: LetterText::of(letter),
        delivery,
    }
}
