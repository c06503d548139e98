//! The read-only routes: campaign list, campaign page, thank-you page, live
//! count, health check and the stylesheet.

use super::embed::{Framing, PageQuery};
use super::language::PageLanguage;
use super::pages::{CampaignPage, DataDates, ListPage, ShareLinks, ThanksPage};
use super::recipients::DistrictPrompt;
use super::site::Site;
use super::{App, AppState, WebError, inline};
use crate::campaign::{Campaign, CampaignCopy};
use crate::domain::{District, StateCode};
use crate::language::Language;
use crate::letter::{FieldErrors, LetterForm};
use crate::messages::{Message, MessageId};
use crate::ports::PictureName;
use crate::recipients::DistrictQuestion;
use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use letters_core::msg;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use std::sync::Arc;

/// The project's own static files: `(name, content type, contents)`. The
/// pages carry both inlined; these serve whoever asks for them by name.
const STATIC_FILES: [(&str, &str, &str); 2] = [
    ("site.css", "text/css; charset=utf-8", inline::STYLE),
    ("app.js", "text/javascript; charset=utf-8", inline::SCRIPT),
];

/// `GET /[?lang=es]`: straight to the campaign when one is open (in the
/// language asked for), else a list.
pub async fn index(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let query = PageQuery::parse(query.as_deref());
    let open: Vec<Arc<Campaign>> = app.catalog.open().collect();
    if let [only] = open.as_slice() {
        let asked = query
            .language()
            .map_or_else(String::new, |l| format!("?lang={}", l.tag()));
        return Ok(Redirect::to(&format!("/c/{}{asked}", only.slug)).into_response());
    }
    let chosen = PageLanguage::choose(&query, &headers, &Language::ALL);
    let page = ListPage {
        campaigns: open
            .iter()
            .map(|campaign| (&campaign.slug, campaign.copy(chosen.language)))
            .collect(),
        sponsor: &app.sponsor,
        tr: chosen.translator(),
    };
    let mut response = Html(page.render()?).into_response();
    chosen.label(&mut response);
    Ok(response)
}

/// `GET /c/{slug}[?lang=es][&embed=1][&source=..&utm_source=..&utm_medium=..&utm_campaign=..][&preview=..]`:
/// the campaign and its letter form, prefilled with the campaign's letter
/// and where the visitor came from; in a partner's frame with `embed=1`;
/// in the language asked for, else the browser's, where the campaign is
/// written in it; a draft only through its preview link.
pub async fn show(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    site: Site,
) -> Result<Response, WebError> {
    let query = PageQuery::parse(query.as_deref());
    let campaign = match query.preview() {
        Some(token) => app.previewed(&slug, token)?,
        None => app.campaign(&slug)?,
    };
    let language = PageLanguage::choose(&query, &headers, &campaign.languages());
    let form = query.fresh_form(&campaign, language.language);
    let mut shown = Shown::fresh(&form, Framing::of(&query), language);
    let is_draft = app
        .catalog
        .get(&campaign.slug)
        .is_some_and(|c| c.is_draft());
    if is_draft {
        shown.notice = Some(Message::from(DRAFT_NOTICE).in_language(language.language));
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
const DRAFT_NOTICE: MessageId = msg!("notice-draft-preview");

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
    pub language: PageLanguage,
}

impl<'a> Shown<'a> {
    /// A form as first served: without a token, so that the page is the
    /// same for every visitor. The script fetches one when its visitor
    /// first touches the form (`form_token`); a form sent without one is
    /// asked again, with one, all that was typed kept.
    fn fresh(form: &'a LetterForm, framing: Framing, language: PageLanguage) -> Self {
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
            language,
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
    let (framing, language) = (shown.framing, shown.language);
    let path = format!("/c/{}", campaign.slug);
    let page = CampaignPage {
        campaign,
        copy: campaign.copy(language.language),
        tr: language.translator(),
        switch: language.switch(&path, framing, &campaign.languages()),
        carried: language.carried(framing),
        sponsor: &app.sponsor,
        dates: DataDates {
            senate: &snapshots.senate,
            house: &snapshots.house,
            zip_table: app.addresser.table_date(),
        },
        recipients_json: &app.recipient_hints(campaign, language.language)?,
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
            .map(|question| DistrictPrompt::new(question, members, language.language)),
        framing,
    };
    let widget = page.captcha.map(|captcha| captcha.script_url.origin());
    let policy = framing.policy(campaign, widget.as_deref());
    let mut response = (
        shown.status,
        [(header::CONTENT_SECURITY_POLICY, header_value(&policy)?)],
        Html(page.render()?),
    )
        .into_response();
    language.label(&mut response);
    Ok(response)
}

fn header_value(text: &str) -> Result<HeaderValue, WebError> {
    HeaderValue::from_str(text).map_err(|error| WebError::Unexpected(error.into()))
}

#[derive(Deserialize)]
pub struct ThanksQuery {
    state: Option<String>,
    district: Option<String>,
}

/// `GET /c/{slug}/thanks?state=XX[&district=XX-NN][&embed=1][&lang=es]`:
/// whom the letter went to, and what next. Only the state and the House
/// district travel in the URL, never anything personal; a district outside
/// the state is ignored. In a partner's frame, it stays in the frame.
pub async fn thanks(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<ThanksQuery>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    site: Site,
) -> Result<Response, WebError> {
    let campaign = app.campaign(&slug)?;
    let page_query = PageQuery::parse(raw.as_deref());
    let framing = Framing::of(&page_query);
    let language = PageLanguage::choose(&page_query, &headers, &campaign.languages());
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
        .map(|seat| seat.describe_in(language.language));
    let copy = campaign.copy(language.language);
    let page = ThanksPage {
        campaign: &campaign,
        copy,
        tr: language.translator(),
        switch: language.switch(
            &thanks_path(&campaign, raw.as_deref()),
            framing,
            &campaign.languages(),
        ),
        sponsor: &app.sponsor,
        recipients,
        vacant_seat,
        share: share_links(&copy, &campaign, &site),
        framing,
    };
    let mut response = Html(page.render()?).into_response();
    language.label(&mut response);
    if framing.is_embedded() {
        let policy = header_value(&framing.policy(&campaign, None))?;
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    Ok(response)
}

/// The thank-you page's own address without its mode and language, for
/// its language switch: what the letter's link said of where the supporter
/// is, and nothing else.
fn thanks_path(campaign: &Campaign, raw: Option<&str>) -> String {
    let kept: Vec<String> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .filter(|(name, _)| name == "state" || name == "district")
        .map(|(name, value)| {
            form_urlencoded::Serializer::new(String::new())
                .append_pair(&name, &value)
                .finish()
        })
        .collect();
    format!("/c/{}/thanks?{}", campaign.slug, kept.join("&"))
}

/// Where a supporter can share the campaign, in the page's language: its
/// share message, and a link that opens the page in that language.
fn share_links(copy: &CampaignCopy<'_>, campaign: &Campaign, site: &Site) -> ShareLinks {
    let mut url = site.0.campaign(&campaign.slug);
    if copy.language != Language::En {
        url = format!("{url}?lang={}", copy.language.tag());
    }
    let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    let (message, link) = (encode(copy.share_message), encode(&url));
    ShareLinks {
        x: format!("https://twitter.com/intent/tweet?text={message}&url={link}"),
        facebook: format!("https://www.facebook.com/sharer/sharer.php?u={link}"),
        email: format!(
            "mailto:?subject={}&body={message}%20{link}",
            encode(copy.title)
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

/// `GET /c/{slug}/share.png[?lang=es]`: the picture a shared link shows,
/// as the campaign's words are now, in the language asked for if the
/// campaign is written in it; kept a short while, as they may change.
pub async fn share_image(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let campaign = app.campaign(&slug)?;
    let language = PageQuery::parse(query.as_deref())
        .language()
        .filter(|language| campaign.languages().contains(language))
        .unwrap_or(Language::En);
    let name = super::share_image::picture_name(&campaign, language).ok_or(WebError::NotFound)?;
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
