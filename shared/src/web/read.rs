//! The read-only routes: campaign list, campaign page, thank-you page, live
//! count, health check and the stylesheet.

use super::embed::{Framing, PageQuery};
use super::pages::{CampaignPage, DataDates, ListPage, ShareLinks, ThanksPage};
use super::recipients::DistrictPrompt;
use super::site::Site;
use super::{App, AppState, WebError, inline};
use crate::campaign::Campaign;
use crate::domain::{District, StateCode};
use crate::letter::{FieldErrors, LetterForm};
use crate::ports::PictureName;
use crate::recipients::DistrictQuestion;
use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use std::sync::Arc;

/// The project's own static files: `(name, content type, contents)`. The
/// pages carry both inlined; these serve whoever asks for them by name.
const STATIC_FILES: [(&str, &str, &str); 2] = [
    ("site.css", "text/css; charset=utf-8", inline::STYLE),
    ("app.js", "text/javascript; charset=utf-8", inline::SCRIPT),
];

/// `GET /`: straight to the campaign when one is open, else a list.
pub async fn index(State(app): State<AppState>) -> Result<Response, WebError> {
    let open: Vec<Arc<Campaign>> = app.catalog.open().collect();
    if let [only] = open.as_slice() {
        return Ok(Redirect::to(&format!("/c/{}", only.slug)).into_response());
    }
    let page = ListPage {
        campaigns: open.iter().map(AsRef::as_ref).collect(),
        sponsor: &app.sponsor,
    };
    Ok(Html(page.render()?).into_response())
}

/// `GET /c/{slug}[?embed=1][&source=..&utm_source=..&utm_medium=..&utm_campaign=..][&preview=..]`:
/// the campaign and its letter form, prefilled with the campaign's letter
/// and where the visitor came from; in a partner's frame with `embed=1`; a
/// draft only through its preview link.
pub async fn show(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    site: Site,
) -> Result<Response, WebError> {
    let query = PageQuery::parse(query.as_deref());
    let campaign = match query.preview() {
        Some(token) => app.previewed(&slug, token)?,
        None => app.campaign(&slug)?,
    };
    let form = query.fresh_form(&campaign);
    let mut shown = Shown::fresh(&form, Framing::of(&query));
    let is_draft = app
        .catalog
        .get(&campaign.slug)
        .is_some_and(|c| c.is_draft());
    if is_draft {
        shown.notice = Some(DRAFT_NOTICE.to_owned());
    }
    let mut response = render_campaign(&app, &campaign, &site, shown).await?;
    let headers = response.headers_mut();
    if is_draft {
        // Google's robots meta tag guide: X-Robots-Tag keeps a page out of results.
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
        // A preview shows the draft's latest version, to its link's holders only.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else {
        // Nothing in it is the visitor's own, so the CDN shares it for as long
        // as the count it shows is good; browsers ask again each time.
        headers.insert(header::CACHE_CONTROL, app.counts.page_cache_control());
    }
    Ok(response)
}

/// Above the form of a draft seen through its preview link.
const DRAFT_NOTICE: &str = "A preview of a draft: only people with this link can see this page, \
    and it takes no letters until the campaign is launched.";
/// `GET /c/{slug}/form-token`: `{"form_token": T}`, a signed token dated
/// now, for the page's form when its visitor first touches it; never
/// stored by a cache, since each is spent once.
pub async fn form_token(State(app): State<AppState>, Path(slug): Path<String>) -> Response {
    match app.campaign(&slug) {
        Ok(campaign) => {
            let tokens = &app.defences.tokens;
            let token = tokens.issue(campaign.slug.as_ref(), app.defences.clock.now());
            Json(serde_json::json!({ "form_token": token })).into_response()
        }
        Err(error) => error.into_json_response(),
    }
}

/// How a campaign page is shown: with what was typed, any errors, a
/// notice above the form, the district question asked (or answered), the
/// form's token (a form shown again keeps the time it was first served),
/// on the site or in a partner's frame.
pub(super) struct Shown<'a> {
    pub form: &'a LetterForm,
    pub form_token: String,
    pub errors: &'a FieldErrors,
    pub notice: Option<String>,
    pub status: StatusCode,
    pub district: Option<&'a DistrictQuestion>,
    pub framing: Framing,
}

impl<'a> Shown<'a> {
    /// A form as first served: without a token, so that the page is the
    /// same for every visitor. The script fetches one when its visitor
    /// first touches the form (`form_token`); a form sent without one is
    /// asked again, with one, all that was typed kept.
    fn fresh(form: &'a LetterForm, framing: Framing) -> Self {
        static NO_ERRORS: std::sync::LazyLock<FieldErrors> =
            std::sync::LazyLock::new(FieldErrors::default);
        Self {
            form,
            form_token: String::new(),
            errors: &NO_ERRORS,
            notice: None,
            status: StatusCode::OK,
            district: None,
            framing,
        }
    }
}

/// Renders a campaign page; shared by `show` and a letter sent back to its
/// writer.
pub(super) async fn render_campaign(
    app: &App,
    campaign: &Campaign,
    site: &Site,
    shown: Shown<'_>,
) -> Result<Response, WebError> {
    let members = &app.addresser.members;
    let snapshots = members.snapshots();
    let page = CampaignPage {
        campaign,
        sponsor: &app.sponsor,
        dates: DataDates {
            senate: &snapshots.senate,
            house: &snapshots.house,
            zip_table: app.addresser.table_date(),
        },
        recipients_json: &app.recipient_hints(campaign)?,
        url: site.0.campaign(&campaign.slug),
        // A page with its form still serves when the count can't be read:
        // it may be bringing back a letter the store could not take.
        count: app
            .count(&campaign.slug)
            .await
            .inspect_err(|error| tracing::warn!(%error, "the count could not be read"))
            .ok(),
        form: shown.form,
        errors: shown.errors,
        notice: shown.notice,
        form_token: shown.form_token,
        captcha: app.defences.captcha.as_ref(),
        district: shown
            .district
            .map(|question| DistrictPrompt::new(question, members)),
        framing: shown.framing,
    };
    let widget = page.captcha.map(|captcha| captcha.script_url.origin());
    let policy = shown.framing.policy(campaign, widget.as_deref());
    Ok((
        shown.status,
        [(header::CONTENT_SECURITY_POLICY, header_value(&policy)?)],
        Html(page.render()?),
    )
        .into_response())
}

fn header_value(text: &str) -> Result<HeaderValue, WebError> {
    HeaderValue::from_str(text).map_err(|error| WebError::Unexpected(error.into()))
}

#[derive(Deserialize)]
pub struct ThanksQuery {
    state: Option<String>,
    district: Option<String>,
}

/// `GET /c/{slug}/thanks?state=XX[&district=XX-NN][&embed=1]`: whom the
/// letter went to, and what next. Only the state and the House district
/// travel in the URL, never anything personal; a district outside the
/// state is ignored. In a partner's frame, it stays in the frame.
pub async fn thanks(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<ThanksQuery>,
    RawQuery(raw): RawQuery,
    site: Site,
) -> Result<Response, WebError> {
    let campaign = app.campaign(&slug)?;
    let framing = Framing::of(&PageQuery::parse(raw.as_deref()));
    let members = &app.addresser.members;
    let state = query.state.and_then(|state| StateCode::parse(&state).ok());
    let district = query
        .district
        .and_then(|district| District::parse(&district).ok())
        .filter(|district| Some(district.state()) == state && members.is_seat(*district));
    let recipients = state
        .map(|state| campaign.targets.members_for(members, state, district))
        .unwrap_or_default();
    let vacant_seat = campaign
        .targets
        .vacant_seat(members, district)
        .map(District::describe);
    let page = ThanksPage {
        campaign: &campaign,
        sponsor: &app.sponsor,
        recipients,
        vacant_seat,
        share: share_links(&campaign, &site),
        framing,
    };
    let mut response = Html(page.render()?).into_response();
    if framing.is_embedded() {
        let policy = header_value(&framing.policy(&campaign, None))?;
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    Ok(response)
}

fn share_links(campaign: &Campaign, site: &Site) -> ShareLinks {
    let url = site.0.campaign(&campaign.slug);
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
            [(header::CACHE_CONTROL, app.counts.cache_control())],
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

/// `GET /c/{slug}/share.png`: the picture a shared link shows, as the
/// campaign's words are now; kept a short while, as they may change.
pub async fn share_image(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let campaign = app.campaign(&slug)?;
    let name = super::share_image::picture_name(&campaign).ok_or(WebError::NotFound)?;
    let png = app.picture(&name).await?.ok_or(WebError::NotFound)?;
    Ok(png_response(png, "public, max-age=300"))
}

/// `GET /c/{slug}/share/{picture}`: a share picture by the name the page
/// gives it (a digest of its words), kept for good: new words, new name.
pub async fn share_picture(
    State(app): State<AppState>,
    Path((slug, picture)): Path<(String, String)>,
) -> Result<Response, WebError> {
    app.campaign(&slug)?;
    let name = PictureName::parse(&picture).ok_or(WebError::NotFound)?;
    let png = app.picture(&name).await?.ok_or(WebError::NotFound)?;
    Ok(png_response(png, "public, max-age=31536000, immutable"))
}

fn png_response(png: axum::body::Bytes, cache: &'static str) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "image/png"),
        (header::CACHE_CONTROL, cache),
    ];
    (headers, png).into_response()
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
