//! `POST /c/{slug}/letters`: a letter, form-encoded or JSON.
//!
//! Checks run from the cheapest and least revealing to the store: campaign
//! (404, 410), content type (415), size (413), decoding (400), fields (422).
//! A repeat from the same supporter answers exactly as the first letter did.

use super::body::{self, MAX_BODY_BYTES};
use super::read::render_campaign;
use super::recipients::{self, RecipientJson};
use super::{AppState, WebError};
use crate::letter::form::BodyFormat;
use crate::letter::{Letter, LetterForm};
use crate::ports::Recorded;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

/// The body limit to layer on the route, so oversized bodies stop early.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_BODY_BYTES)
}

#[derive(Serialize)]
struct Accepted<'a> {
    id: Uuid,
    recipients: Vec<RecipientJson<'a>>,
    /// The House district the letter was addressed for, if it needed one.
    district: Option<String>,
}

#[tracing::instrument(skip_all, fields(campaign = %slug))]
pub async fn submit_letter(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let json = body::wants_json(&headers);
    match accept(&app, &slug, &headers, body).await {
        Ok(response) => response,
        Err(error) if json => error.into_json_response(),
        Err(error) => error.into_response(),
    }
}

async fn accept(
    app: &AppState,
    slug: &str,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, WebError> {
    let campaign = app.campaign(slug)?;
    if !campaign.is_open() {
        return Err(WebError::CampaignClosed);
    }
    let format = body::declared_format(headers).ok_or(WebError::UnsupportedMediaType)?;
    let body = body.map_err(|rejection| match rejection {
        BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
            WebError::PayloadTooLarge
        }
        _ => WebError::Malformed("the body could not be read"),
    })?;
    let form = LetterForm::decode(format, &body)?;
    let addressing = app.addresser.address(campaign, &form).await;
    let composed = Letter::compose(
        &form,
        campaign,
        &addressing,
        OffsetDateTime::now_utc(),
        app.retention,
    );
    let question = addressing.question();
    let letter = match composed {
        Ok(letter) => letter,
        Err(errors) if format == BodyFormat::Json => {
            let refused = recipients::refusal_json(&errors, question, &app.addresser.members);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(refused)).into_response());
        }
        Err(errors) => {
            return render_campaign(app, campaign, headers, &form, &errors, question).await;
        }
    };
    let recorded = app.store.record(&letter).await?;
    if let Recorded::Stored { .. } = recorded {
        app.counts.forget(&campaign.slug);
    }
    tracing::info!(letter_id = %recorded.id(), outcome = ?recorded, "letter received");
    let district = letter.fields.district.as_ref().map(|d| d.district().code());
    if format == BodyFormat::Json {
        let members = app.addresser.members.of_recipients(&letter.recipients);
        let accepted = Accepted {
            id: recorded.id(),
            recipients: members.into_iter().map(RecipientJson::from).collect(),
            district,
        };
        return Ok((StatusCode::CREATED, Json(accepted)).into_response());
    }
    let at = district.map_or_else(String::new, |d| format!("&district={d}"));
    Ok(Redirect::to(&format!(
        "/c/{}/thanks?state={}{at}",
        campaign.slug, letter.fields.state
    ))
    .into_response())
}
