//! `POST /admin/erase`: a supporter's right to be forgotten, done by an
//! analyst. Every letter the address wrote, to any campaign, is withdrawn
//! (erased, its counts taken back) and the address's rate-limit count
//! forgotten; a bounce or complaint suppression stays, as a digest, because
//! it protects the address. The audit log says who erased how many letters,
//! never whose.

use super::WebError;
use super::admin::{AdminApp, Analyst, caller};
use crate::domain::{CampaignSlug, EmailAddress};
use crate::ports::RateLimit;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct Erasure {
    email: String,
}

pub async fn erase(
    State(app): State<Arc<AdminApp>>,
    analyst: Option<Extension<Analyst>>,
    request: Result<Json<Erasure>, JsonRejection>,
) -> Response {
    let result = async {
        let analyst = caller(analyst)?;
        let Json(request) =
            request.map_err(|_| WebError::Malformed("send a JSON object {\"email\": ADDRESS}"))?;
        let email = EmailAddress::parse(&request.email)
            .map_err(|_| WebError::Malformed("that is not an email address"))?;
        let campaigns: Vec<CampaignSlug> = app.catalog.slugs().collect();
        let erased = app.store.erase(&email, &campaigns).await?;
        let per_email = RateLimit {
            name: RateLimit::EMAIL,
            max: 0,
            per: RateLimit::EMAIL_PERIOD,
        };
        let now = time::OffsetDateTime::now_utc();
        app.store.forget(&per_email, &email.digest(), now).await?;
        tracing::info!(target: "audit", analyst = %analyst.0, erased, "letters erased by address");
        Ok::<_, WebError>(Json(serde_json::json!({ "erased": erased })).into_response())
    };
    result.await.unwrap_or_else(WebError::into_json_response)
}
