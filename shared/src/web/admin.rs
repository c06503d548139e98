//! The analysts' and staff's routes: reads (summaries, exports, the
//! campaigns) apart from writes (erasing a supporter's letters, publishing a
//! campaign), so that each runs as its own function whose role can do no
//! more than it must. Who may call them is settled before they run (IAM at
//! API Gateway, a bearer token locally): that layer names the caller as an
//! [`Analyst`], and a request without one is refused here too.

use super::Routes;
use super::WebError;
use crate::analytics::{
    ExportFilter, ExportFormat, ExportRows, ExportShape, MAX_PAGE, range_bound, write_rows,
};
use crate::campaign::CampaignCatalog;
use crate::domain::{CampaignSlug, LinkTag, StateCode};
use crate::members::Members;
use crate::ports::Store;
use crate::publishing::Publisher;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use std::sync::Arc;
use time::OffsetDateTime;

/// Who is asking, as the authentication layer established (an IAM ARN, say).
#[derive(Debug, Clone)]
pub struct Analyst(pub String);

/// What the analysts' routes need.
pub struct AdminApp {
    pub store: Arc<dyn Store>,
    pub catalog: CampaignCatalog,
    pub members: Members,
    /// Draws a campaign's share picture and signs a draft's preview link
    /// as it is published (the function that publishes has it; the
    /// analysts' reads do not).
    pub publisher: Option<Publisher>,
}

/// The header that carries the next page's cursor.
pub const NEXT_CURSOR: &str = "x-next-cursor";
/// The header that says how many letters the page holds.
pub const PAGE_ROWS: &str = "x-page-rows";

/// Analysts' reads: summaries, exports, an office's letters, campaigns.
pub fn reads() -> Routes<Arc<AdminApp>> {
    Routes::default()
        .get("/admin/c/{slug}/summary", summary)
        .get("/admin/c/{slug}/letters", letters)
        .get(
            "/admin/c/{slug}/offices/{office}/letters",
            super::office_letters::addressed,
        )
        .get(
            "/admin/c/{slug}/offices/{office}/unreachable",
            super::office_letters::unreachable,
        )
        .get("/admin/campaigns", super::admin_campaigns::list)
}

/// Staff's changes: erasing an address's letters, publishing a campaign.
pub fn writes() -> Routes<Arc<AdminApp>> {
    Routes::default()
        .post("/admin/erase", super::erase::erase)
        .put("/admin/campaigns/{slug}", super::admin_campaigns::publish)
}

/// The campaign an analyst's path names: one served, whatever its status, or
/// one no longer served (a bundled file since removed, say) whose letters
/// are still stored, so no campaign's letters ever become unreachable.
pub(super) async fn campaign(app: &AdminApp, slug: &str) -> Result<CampaignSlug, WebError> {
    let slug = CampaignSlug::parse(slug).map_err(|_| WebError::CampaignNotFound)?;
    if app.catalog.get(&slug).is_some() {
        return Ok(slug);
    }
    let any = app
        .store
        .export_page(&slug, &ExportFilter::default(), None, 1)
        .await?;
    if any.letters.is_empty() {
        return Err(WebError::CampaignNotFound);
    }
    Ok(slug)
}

pub(super) fn caller(analyst: Option<Extension<Analyst>>) -> Result<Analyst, WebError> {
    analyst
        .map(|Extension(analyst)| analyst)
        .ok_or(WebError::Unauthenticated)
}

async fn summary(
    State(app): State<Arc<AdminApp>>,
    analyst: Option<Extension<Analyst>>,
    Path(slug): Path<String>,
) -> Response {
    let result = async {
        caller(analyst)?;
        let slug = campaign(&app, &slug).await?;
        let tally = app.store.tally(&slug).await?;
        Ok::<_, WebError>(Json(tally.summary(&app.members)).into_response())
    };
    result.await.unwrap_or_else(WebError::into_json_response)
}

/// The query of an export, as sent.
#[derive(Debug, Deserialize)]
struct ExportQuery {
    format: Option<String>,
    since: Option<String>,
    until: Option<String>,
    state: Option<String>,
    source: Option<String>,
    include: Option<String>,
    /// `true`: CSV for spreadsheet programs (see [`ExportShape`]).
    spreadsheet: Option<bool>,
    /// `letter` (the default) or `office`: a row per letter and office.
    rows: Option<String>,
    cursor: Option<String>,
    limit: Option<usize>,
}

/// A bound of the export's range, or why it is refused.
fn moment(text: &str) -> Result<OffsetDateTime, WebError> {
    range_bound(text).ok_or(WebError::Malformed(
        "since and until take a date (2026-11-28) or an RFC 3339 time",
    ))
}

async fn letters(
    State(app): State<Arc<AdminApp>>,
    analyst: Option<Extension<Analyst>>,
    Path(slug): Path<String>,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        let analyst = caller(analyst)?;
        let slug = campaign(&app, &slug).await?;
        let Query(query) = query
            .map_err(|_| WebError::Malformed("the query string is not one this route takes"))?;
        let format = match query.format.as_deref() {
            None | Some("csv") => ExportFormat::Csv,
            Some("jsonl") => ExportFormat::JsonLines,
            Some(_) => return Err(WebError::Malformed("format is csv or jsonl")),
        };
        let rows = match query.rows.as_deref() {
            None | Some("letter") => ExportRows::PerLetter,
            Some("office") => ExportRows::PerOffice,
            Some(_) => return Err(WebError::Malformed("rows is letter or office")),
        };
        let include_pii = match query.include.as_deref() {
            None => false,
            Some("pii") => true,
            Some(_) => return Err(WebError::Malformed("include takes only pii")),
        };
        let limit = query.limit.unwrap_or(MAX_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(WebError::Malformed("limit is 1 to 1000"));
        }
        let filter = ExportFilter {
            since: query.since.as_deref().map(moment).transpose()?,
            until: query.until.as_deref().map(moment).transpose()?,
            state: match query.state.as_deref() {
                Some(state) => Some(
                    StateCode::parse(state)
                        .map_err(|_| WebError::Malformed("state is a USPS code"))?,
                ),
                None => None,
            },
            source: (query.source.as_deref())
                .map(|source| {
                    LinkTag::parse(source).map_err(|_| {
                        WebError::Malformed("source is a code of letters, digits, - _ and .")
                    })
                })
                .transpose()?,
            office: None,
        };
        if let (Some(since), Some(until)) = (filter.since, filter.until)
            && until <= since
        {
            return Err(WebError::Malformed("until must come after since"));
        }
        if include_pii {
            // The audit trail: who, when, which filter. No personal data in it.
            tracing::info!(
                target: "audit",
                analyst = %analyst.0,
                campaign = %slug,
                since = ?query.since,
                until = ?query.until,
                state = ?query.state,
                source = ?query.source,
                cursor = query.cursor.is_some(),
                "export with personal data"
            );
        }
        let page = app
            .store
            .export_page(&slug, &filter, query.cursor.as_deref(), limit)
            .await?;
        let mut body = Vec::new();
        let shape = ExportShape {
            format,
            include_pii,
            spreadsheet: query.spreadsheet.unwrap_or(false),
            rows,
        };
        write_rows(
            &mut body,
            &page.letters,
            &shape,
            &app.members,
            query.cursor.is_none(),
        )
        .map_err(WebError::Unexpected)?;
        let content_type = match format {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::JsonLines => "application/x-ndjson",
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

/// One page of an export, with its number of rows and, when more follow,
/// the cursor of the next page in headers.
pub(super) fn export_page_response(
    content_type: &'static str,
    body: Vec<u8>,
    rows: usize,
    next: Option<String>,
) -> Response {
    let rows = rows.to_string();
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (HeaderName::from_static(PAGE_ROWS), rows.as_str()),
    ];
    let mut response = (StatusCode::OK, headers, body).into_response();
    if let Some(next) = next.and_then(|next| HeaderValue::from_str(&next).ok()) {
        response.headers_mut().insert(NEXT_CURSOR, next);
    }
    response
}
