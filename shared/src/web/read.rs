//! The read-only routes: campaign list, campaign page, thank-you page, live
//! count, health check and the stylesheet.

use super::pages::{CampaignPage, ListPage, ShareLinks, ThanksPage};
use super::{App, AppState, WebError};
use crate::campaign::Campaign;
use crate::domain::StateCode;
use crate::letter::{FieldErrors, LetterForm};
use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

/// The project's own static files: `(name, content type, contents)`.
const STATIC_FILES: [(&str, &str, &str); 2] = [
    (
        "site.css",
        "text/css; charset=utf-8",
        include_str!("../../static/site.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/app.js"),
    ),
];

/// `GET /`: straight to the campaign when one is open, else a list.
pub async fn index(State(app): State<AppState>) -> Result<Response, WebError> {
    let open: Vec<&Campaign> = app.catalog.open().collect();
    if let [only] = open.as_slice() {
        return Ok(Redirect::to(&format!("/c/{}", only.slug)).into_response());
    }
    let page = ListPage {
        campaigns: open,
        sponsor: &app.sponsor,
    };
    Ok(Html(page.render()?).into_response())
}

/// `GET /c/{slug}`: the campaign and its letter form.
pub async fn show(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let campaign = app.campaign(&slug)?;
    // The letter comes prefilled with the campaign's own.
    let form = LetterForm {
        subject: campaign.letter.subject.to_string(),
        body: campaign.letter.body.to_string(),
        ..LetterForm::default()
    };
    render_campaign(&app, campaign, &headers, &form, &FieldErrors::default()).await
}

/// Renders a campaign page; shared by `show` and a refused letter.
pub(super) async fn render_campaign(
    app: &App,
    campaign: &Campaign,
    headers: &HeaderMap,
    form: &LetterForm,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let page = CampaignPage {
        campaign,
        sponsor: &app.sponsor,
        snapshot_date: app.senators.snapshot_date(),
        senators_json: &app.senators_json,
        url: campaign_url(campaign, headers),
        count: app.count(&campaign.slug).await?,
        form,
        errors,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
pub struct ThanksQuery {
    state: Option<String>,
}

/// `GET /c/{slug}/thanks?state=XX`: whom the letter went to, and what next.
/// Only the state travels in the URL, never anything personal.
pub async fn thanks(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<ThanksQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let campaign = app.campaign(&slug)?;
    let senators = query
        .state
        .and_then(|state| StateCode::parse(&state).ok())
        .map(|state| app.senators.for_state(state))
        .unwrap_or_default();
    let page = ThanksPage {
        campaign,
        sponsor: &app.sponsor,
        senators,
        share: share_links(campaign, &headers),
    };
    Ok(Html(page.render()?).into_response())
}

/// The campaign's public address as the client reached it.
fn campaign_url(campaign: &Campaign, headers: &HeaderMap) -> String {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let host = header(header::HOST.as_str()).unwrap_or("localhost");
    let scheme = header("x-forwarded-proto").unwrap_or("http");
    format!("{scheme}://{host}/c/{}", campaign.slug)
}

fn share_links(campaign: &Campaign, headers: &HeaderMap) -> ShareLinks {
    let url = campaign_url(campaign, headers);
    let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    let (message, link) = (encode(&campaign.share_message), encode(&url));
    ShareLinks {
        x: format!("https://twitter.com/intent/tweet?text={message}&url={link}"),
        facebook: format!("https://www.facebook.com/sharer/sharer.php?u={link}"),
        email: format!(
            "mailto:?subject={}&body={message}%20{link}",
            encode(&campaign.title)
        ),
        url,
    }
}

/// `GET /c/{slug}/count`: `{"count": N, "goal": G}` for the live counter.
pub async fn count(State(app): State<AppState>, Path(slug): Path<String>) -> Response {
    let campaign = match app.campaign(&slug) {
        Ok(campaign) => campaign,
        Err(error) => return error.into_json_response(),
    };
    match app.count(&campaign.slug).await {
        Ok(count) => (
            [(header::CACHE_CONTROL, "public, max-age=5")],
            Json(serde_json::json!({ "count": count, "goal": campaign.goal })),
        )
            .into_response(),
        Err(error) => WebError::from(error).into_json_response(),
    }
}

/// `GET /healthz`: 200 when the store answers, 503 when it does not.
pub async fn health(State(app): State<AppState>) -> Response {
    match app.store.check_health().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

/// `GET /c/{slug}/share.png`: the picture a shared link shows.
pub async fn share_image(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let campaign = app.campaign(&slug)?;
    let png = super::share_image::picture(campaign).ok_or(WebError::NotFound)?;
    let headers = [
        (header::CONTENT_TYPE, "image/png"),
        (header::CACHE_CONTROL, "public, max-age=86400"),
    ];
    Ok((headers, png).into_response())
}

/// `GET /static/{file}`: the stylesheet and the script.
pub async fn static_file(Path(file): Path<String>) -> Response {
    let Some((_, content_type, contents)) = STATIC_FILES.iter().find(|(name, _, _)| *name == file)
    else {
        return WebError::NotFound.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, *content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        *contents,
    )
        .into_response()
}
