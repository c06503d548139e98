//! `POST /c/{slug}/letters`: a letter, form-encoded or JSON.
//!
//! Checks run from the cheapest and least revealing to the store, and all
//! that need only the headers before the body is read: campaign (404, 410),
//! origin (403), content type (415), declared length (413); then the body
//! (413, 400), the fields (422), the honeypot and the form's token (only a
//! certain bot gets an answer that looks like success; a doubtful form
//! comes back to be sent again, 409), the rate limits (429), the token's
//! spending (a token another supporter spent comes back too), and the
//! store. A repeat from the same supporter answers exactly as the first
//! letter did. No person loses a letter to a bot check.

use super::body;
use super::embed::{Framing, PageQuery};
use super::guard::{TokenCheck, is_cross_site};
use super::language::PageLanguage;
use super::read::{Shown, render_campaign};
use super::recipients::{self, RecipientJson};
use super::site::{ClientIp, Site};
use super::{App, AppState, WebError};
use crate::campaign::Campaign;
use crate::letter::form::{BodyFormat, MAX_BODY_BYTES};
use crate::letter::{FieldErrors, Letter, LetterForm};
use crate::messages::{Message, MessageId};
use crate::ports::{Allowance, StoreError, TokenUse};
use crate::recipients::DistrictQuestion;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use letters_core::msg;
use serde::Serialize;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

const EXPIRED: MessageId = msg!("notice-expired");

/// Asked of a form the checks doubt (sent faster than a person types, with
/// no token, or with one another letter spent): a person sends it again,
/// and a form shown again is never too fast.
const SEND_AGAIN: MessageId = msg!("notice-send-again");

const BUSY: MessageId = msg!("notice-busy");
/// How long a letter's store work may take in all (limits, token, store):
/// the function has ten seconds, and sending the letter back takes time too.
/// Past it, the store may or may not have taken the letter; the supporter is
/// asked to send again, and a repeat is answered as the first was.
const STORE_DEADLINE: Duration = Duration::from_secs(7);
/// How long a supporter is asked to wait when the store is busy or down.
const TRY_AGAIN_AFTER: Duration = Duration::from_secs(5);
const NOT_CHECKED: MessageId = msg!("notice-not-checked");
const CHECK_UNAVAILABLE: MessageId = msg!("notice-check-unavailable");

#[derive(Serialize)]
struct Accepted<'a> {
    id: Uuid,
    recipients: Vec<RecipientJson<'a>>,
    /// The House district the letter was addressed for, if it needed one.
    district: Option<String>,
}

/// `POST /c/{slug}/letters[?embed=1][&lang=es]`: a form sent from a
/// partner's frame is answered in the frame's mode, and a letter written
/// on a page in Spanish is kept as written in Spanish and answered in it.
#[tracing::instrument(skip_all, fields(campaign = %slug))]
pub async fn submit_letter(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    site: Site,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let json = body::wants_json(&headers);
    let client = client.map(|Extension(ip)| ip);
    let query = PageQuery::parse(query.as_deref());
    let framing = Framing::of(&query);
    match accept(
        &app,
        &slug,
        &site,
        (framing, &query),
        client,
        &headers,
        body,
    )
    .await
    {
        Ok(response) => response,
        Err(error) if json => error.into_json_response(),
        Err(error) => error.into_response(),
    }
}

async fn accept(
    app: &App,
    slug: &str,
    site: &Site,
    (framing, query): (Framing, &PageQuery),
    client: Option<ClientIp>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, WebError> {
    let campaign = app.campaign(slug)?;
    let language = PageLanguage::choose(query, headers, &campaign.languages());
    if !campaign.is_open() {
        return Err(WebError::CampaignClosed);
    }
    let allowed = site.allowed_origins(&app.defences.allowed_origins, &campaign.allowed_origins);
    if is_cross_site(headers, &allowed) {
        return Err(WebError::CrossSite);
    }
    let format = body::declared_format(headers).ok_or(WebError::UnsupportedMediaType)?;
    let deadline = app.defences.body_read_deadline;
    let bytes = body::read_limited(headers, body, MAX_BODY_BYTES, deadline).await?;
    let form = LetterForm::decode(format, &bytes)?;
    let now = app.defences.clock.now();
    let token = app.defences.tokens.check(slug, &form.form_token, now);
    // Only a form that passes the token and the honeypot may send an
    // address to the geocoder: bots do not get to use it.
    let human = form.website.is_empty() && matches!(token, TokenCheck::Good { .. });
    let addressing = app.addresser.address(&campaign, &form, human).await;
    let reply = Reply {
        app,
        campaign: &campaign,
        site,
        format,
        form: &form,
        token: &token,
        now,
        district: addressing.question(),
        framing,
        language,
    };
    let written_in = language.language;
    let letter = match Letter::compose(
        &form,
        &campaign,
        written_in,
        &addressing,
        now,
        app.retention,
    ) {
        Ok(letter) => letter,
        Err(errors) => return reply.fields_refused(&errors).await,
    };
    let taken = tokio::time::timeout(STORE_DEADLINE, take(&reply, &letter, client, now)).await;
    match taken.unwrap_or_else(|_| {
        Err(StoreError::Unavailable(anyhow::anyhow!("over the deadline")).into())
    }) {
        Err(WebError::Store(error)) if error.is_transient() => {
            tracing::warn!(%error, "letter not stored for now; sent back to try again");
            reply
                .again(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &BUSY.into(),
                    Some(TRY_AGAIN_AFTER),
                )
                .await
        }
        answer => answer,
    }
}

/// What follows a valid letter: the checks of its sender, then the store.
async fn take(
    reply: &Reply<'_>,
    letter: &Letter,
    client: Option<ClientIp>,
    now: OffsetDateTime,
) -> Result<Response, WebError> {
    let (app, form) = (reply.app, reply.form);
    if !form.website.is_empty() {
        return Ok(reply.as_if_stored(letter, "honeypot filled"));
    }
    let (nonce, expires) = match reply.token {
        TokenCheck::Good { nonce, expires } => (nonce, *expires),
        TokenCheck::Forged => return Ok(reply.as_if_stored(letter, "no valid form token")),
        TokenCheck::Expired => return reply.ask_again(EXPIRED, "form expired").await,
        TokenCheck::TooFast => return reply.ask_again(SEND_AGAIN, "sent too fast").await,
        TokenCheck::Missing => return reply.ask_again(SEND_AGAIN, "no form token").await,
    };
    if app.defences.captcha.is_some() {
        let check = app.defences.human_check.as_ref().ok_or_else(|| {
            WebError::Unexpected(anyhow::anyhow!("a CAPTCHA is shown but nothing checks it"))
        })?;
        let passed = check
            .passed(&form.captcha, client.map(|ClientIp(ip)| ip))
            .await;
        let notice: Option<(StatusCode, Message)> = match passed {
            Ok(true) => None,
            Ok(false) => Some((StatusCode::UNPROCESSABLE_ENTITY, NOT_CHECKED.into())),
            Err(error) => {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "the CAPTCHA could not be checked"
                );
                Some((StatusCode::SERVICE_UNAVAILABLE, CHECK_UNAVAILABLE.into()))
            }
        };
        if let Some((status, notice)) = notice {
            return reply.again(status, &notice, None).await;
        }
    }
    if let Some(retry_after) = app.limited(client, letter, now).await? {
        let notice = Message::from(msg!("notice-rate-limited"))
            .with("minutes", retry_after.as_secs().div_ceil(60));
        return reply
            .again(StatusCode::TOO_MANY_REQUESTS, &notice, Some(retry_after))
            .await;
    }
    let spent = app
        .abuse
        .spend_token(nonce, &letter.supporter_key(), expires)
        .await?;
    if spent == TokenUse::OtherSupporter {
        return reply
            .ask_again(SEND_AGAIN, "form token spent by another")
            .await;
    }
    // The count is not refreshed for it: it shows when the count turns over,
    // as a letter taken for a bot's would not (`count_cache`).
    let recorded = app.store.record(letter).await?;
    tracing::info!(letter_id = %recorded.id(), outcome = ?recorded, "letter received");
    Ok(reply.accepted(recorded.id(), letter))
}

impl App {
    /// How long to wait, if this letter's client or address is over its
    /// limit; each counts one attempt otherwise.
    async fn limited(
        &self,
        client: Option<ClientIp>,
        letter: &Letter,
        now: OffsetDateTime,
    ) -> Result<Option<Duration>, WebError> {
        let defences = &self.defences;
        let mut subjects = vec![(&defences.per_email, letter.fields.email.digest())];
        if let Some(ClientIp(ip)) = client {
            subjects.insert(
                0,
                (&defences.per_ip, defences.key.digest("ip", &ip.to_string())),
            );
        }
        for (limit, subject) in subjects {
            if let Allowance::Limited { retry_after } = self.abuse.hit(limit, &subject, now).await?
            {
                tracing::info!(limit = limit.name, "rate limit reached");
                return Ok(Some(retry_after));
            }
        }
        Ok(None)
    }
}

/// How a submission is answered, in the format it came in.
struct Reply<'a> {
    app: &'a App,
    campaign: &'a Campaign,
    site: &'a Site,
    format: BodyFormat,
    form: &'a LetterForm,
    /// What the form's token said, checked once.
    token: &'a TokenCheck,
    now: OffsetDateTime,
    /// The district question asked (or answered), to show with the form.
    district: Option<&'a DistrictQuestion>,
    /// The page's mode, kept by the form shown again and the thank-you page.
    framing: Framing,
    /// The page's language, kept the same way.
    language: PageLanguage,
}

impl Reply<'_> {
    /// 422 with a message per field: JSON, or the form shown again.
    async fn fields_refused(&self, errors: &FieldErrors) -> Result<Response, WebError> {
        if self.format == BodyFormat::Json {
            let members = &self.app.addresser.members;
            let language = self.language.language;
            let body = Json(recipients::refusal_json(
                errors,
                self.district,
                members,
                language,
            ));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
        }
        let shown = Shown {
            form: self.form,
            form_token: self.kept_token(),
            errors,
            notice: None,
            status: StatusCode::UNPROCESSABLE_ENTITY,
            district: self.district,
            framing: self.framing,
            language: self.language,
        };
        render_campaign(self.app, self.campaign, self.site, shown).await
    }

    /// The token a form shown again carries: the one sent, while it still
    /// dates the form the visitor first got (so the fill time is never
    /// counted twice), else one that may be sent at once.
    fn kept_token(&self) -> String {
        if self.token.dates_the_form() {
            self.form.form_token.clone()
        } else {
            self.ready_token()
        }
    }

    fn ready_token(&self) -> String {
        let tokens = &self.app.defences.tokens;
        tokens.ready(self.campaign.slug.as_ref(), self.now)
    }

    /// 409: a form the checks doubt comes back with all that was typed, one
    /// sentence, and a token to send it with at once.
    async fn ask_again(
        &self,
        notice: MessageId,
        reason: &'static str,
    ) -> Result<Response, WebError> {
        tracing::info!(reason, "form sent back to be sent again; nothing stored");
        let token = self.ready_token();
        self.shown_again(StatusCode::CONFLICT, &notice.into(), None, token)
            .await
    }

    /// `status` with `notice`: JSON, or the form shown again with all that
    /// was typed, to send when ready.
    async fn again(
        &self,
        status: StatusCode,
        notice: &Message,
        retry_after: Option<Duration>,
    ) -> Result<Response, WebError> {
        self.shown_again(status, notice, retry_after, self.kept_token())
            .await
    }

    async fn shown_again(
        &self,
        status: StatusCode,
        notice: &Message,
        retry_after: Option<Duration>,
        form_token: String,
    ) -> Result<Response, WebError> {
        let notice = notice.in_language(self.language.language);
        let mut response = if self.format == BodyFormat::Json {
            let body = serde_json::json!({ "error": notice, "form_token": form_token });
            (status, Json(body)).into_response()
        } else {
            let shown = Shown {
                form: self.form,
                form_token,
                errors: &FieldErrors::default(),
                notice: Some(notice),
                status,
                district: self.district,
                framing: self.framing,
                language: self.language,
            };
            render_campaign(self.app, self.campaign, self.site, shown).await?
        };
        if let Some(wait) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs()));
        }
        Ok(response)
    }

    /// The answer to a stored (or already stored) letter.
    fn accepted(&self, id: Uuid, letter: &Letter) -> Response {
        let district = letter.fields.district.as_ref().map(|d| d.district().code());
        if self.format == BodyFormat::Json {
            let members = self.app.addresser.members.of_recipients(&letter.recipients);
            let accepted = Accepted {
                id,
                recipients: members.into_iter().map(RecipientJson::from).collect(),
                district,
            };
            return (StatusCode::CREATED, Json(accepted)).into_response();
        }
        let at = district.map_or_else(String::new, |d| format!("&district={d}"));
        let carried = self.language.carried(self.framing).replacen('?', "&", 1);
        let thanks = format!(
            "/c/{}/thanks?state={}{at}{carried}",
            self.campaign.slug, letter.fields.state
        );
        Redirect::to(&thanks).into_response()
    }

    /// What a bot is told: what a person would be, though nothing was
    /// stored or sent, so that it learns nothing from the answer.
    fn as_if_stored(&self, letter: &Letter, reason: &'static str) -> Response {
        tracing::info!(reason, "submission taken for automated; nothing stored");
        self.accepted(Uuid::new_v4(), letter)
    }
}
