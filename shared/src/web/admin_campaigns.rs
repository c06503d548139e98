//! `GET /admin/campaigns`: what campaigns exist, open or closed, for the
//! analysts' `campaigns` command and for staff.

use super::WebError;
use super::admin::{AdminApp, Analyst, caller};
use crate::campaign::CampaignStatus;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use std::sync::Arc;

/// One campaign in the list.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct CampaignListing {
    pub slug: String,
    pub title: String,
    pub status: CampaignStatus,
    pub goal: u64,
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
                })
                .collect();
            Json(campaigns).into_response()
        }
        Err(error) => WebError::into_json_response(error),
    }
}
