//! The campaigns as staff publish them: `GET /admin/campaigns` lists what
//! exists, open or closed, with the version served; `PUT
//! /admin/campaigns/{slug}` publishes a campaign's TOML (new, changed,
//! closed, reopened, a draft), checked first: a campaign with any problem is
//! refused whole, with each problem's line and field, and changes nothing;
//! the text published already is a no-op that says so; a draft's answer
//! carries its preview link.

use super::WebError;
use super::admin::{AdminApp, Analyst, caller};
use crate::campaign::{CampaignProblem, CampaignStatus};
use crate::domain::CampaignSlug;
use crate::publishing::{Refusal, check_campaign, unchanged};
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
    /// The text was the version published already: nothing was stored.
    unchanged: bool,
    /// A draft's preview link.
    #[serde(skip_serializing_if = "Option::is_none")]
    preview: Option<String>,
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
        let preview = app.publisher.as_ref().and_then(|p| p.preview(&campaign));
        let status = campaign.status;
        if let Some(version) = unchanged(app.store.as_ref(), &slug, text).await? {
            let accepted = Accepted {
                slug: slug.to_string(),
                version,
                status,
                unchanged: true,
                preview,
            };
            return Ok((StatusCode::OK, Json(accepted)).into_response());
        }
        let existed = app.catalog.get(&slug).is_some();
        if let Some(publisher) = &app.publisher {
            publisher
                .pictures
                .keep_for(&campaign)
                .await
                .map_err(WebError::Unexpected)?;
        }
        let version = app
            .store
            .publish(&slug, text, OffsetDateTime::now_utc())
            .await?;
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
            unchanged: false,
            preview,
        };
        Ok::<_, WebError>((code, Json(accepted)).into_response())
    }
    .await;
    result.unwrap_or_else(WebError::into_json_response)
}
