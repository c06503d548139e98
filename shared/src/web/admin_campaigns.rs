//! The campaigns as staff publish them: `GET /admin/campaigns` lists what
//! exists, open or closed, with the version served; `PUT
//! /admin/campaigns/{slug}` publishes a campaign's TOML (new, changed,
//! closed, reopened), checked first: a campaign with any problem is
//! refused whole, with each problem's line and field, and changes nothing.

use super::WebError;
use super::admin::{AdminApp, Analyst, caller};
use crate::campaign::{CampaignProblem, CampaignStatus};
use crate::domain::CampaignSlug;
use crate::publishing::{Refusal, check_campaign};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use std::sync::Arc;
use time::OffsetDateTime;

/// One campaign in the list.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct CampaignListing {
    pub slug: String,
    pub title: String,
    pub status: CampaignStatus,
    pub goal: u64,
    /// The version served: 0 for the bundled file, else its publication's.
    #[serde(default)]
    pub version: u64,
}

pub(super) async fn list(
    State(app): State<Arc<AdminApp>>,
    analyst: Option<Extension<Analyst>>,
) -> Response {
    match caller(analyst) {
        Ok(_) => {
            let campaigns: Vec<CampaignListing> = app
                .catalog
                .all()
                .map(|campaign| CampaignListing {
                    slug: campaign.slug.to_string(),
                    title: campaign.title.clone(),
                    status: campaign.status,
                    goal: campaign.goal,
                    version: app.catalog.version(&campaign.slug).unwrap_or(0),
                })
                .collect();
            Json(campaigns).into_response()
        }
        Err(error) => WebError::into_json_response(error),
    }
}

#[derive(Serialize)]
struct Accepted {
    slug: String,
    version: u64,
    status: CampaignStatus,
}

fn refused(problems: Vec<CampaignProblem>) -> Response {
    let body = serde_json::json!({ "errors": problems });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

pub(super) async fn publish(
    State(app): State<Arc<AdminApp>>,
    analyst: Option<Extension<Analyst>>,
    Path(slug): Path<String>,
    body: Bytes,
) -> Response {
    let result = async {
        let analyst = caller(analyst)?;
        let slug = CampaignSlug::parse(&slug).map_err(|_| WebError::CampaignNotFound)?;
        let (campaign, text) = match check_campaign(&slug, &body, &app.members) {
            Ok(checked) => checked,
            Err(Refusal::TooLarge) => return Err(WebError::PayloadTooLarge),
            Err(Refusal::Problems(problems)) => return Ok(refused(problems)),
        };
        let existed = app.catalog.get(&slug).is_some();
        if let Some(pictures) = &app.pictures {
            pictures
                .keep_for(&campaign)
                .await
                .map_err(WebError::Unexpected)?;
        }
        let version = app
            .store
            .publish(&slug, text, OffsetDateTime::now_utc())
            .await?;
        let status = campaign.status;
        app.catalog.publish(campaign, version);
        tracing::info!(target: "audit", analyst = %analyst.0, %slug, version, "campaign published");
        let code = if existed {
            StatusCode::OK
        } else {
            StatusCode::CREATED
        };
        let accepted = Accepted {
            slug: slug.to_string(),
            version,
            status,
        };
        Ok::<_, WebError>((code, Json(accepted)).into_response())
    }
    .await;
    result.unwrap_or_else(WebError::into_json_response)
}
