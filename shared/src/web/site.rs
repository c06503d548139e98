//! What a request says about where it came from, as only trusted layers
//! may say it: the site's address (from `PUBLIC_URL`, else from API
//! Gateway's own record of the domain it was reached at, never from the
//! request's `Host`), and the client's address (the connection's peer
//! locally, API Gateway's `sourceIp` on AWS).

use super::{App, AppState, WebError};
use crate::settings::PublicUrl;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::net::IpAddr;

/// The client's address, as the server or API Gateway saw the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The domain API Gateway says it was reached at (its request context's
/// `domainName`): only domains routed to this API get there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayDomain(pub String);

/// The site's address for this request: the base of every absolute link.
#[derive(Debug, Clone)]
pub struct Site(pub PublicUrl);

impl App {
    fn site(&self, parts: &Parts) -> Option<Site> {
        if let Some(url) = &self.public_url {
            return Some(Site(url.clone()));
        }
        let GatewayDomain(domain) = parts.extensions.get::<GatewayDomain>()?;
        format!("https://{domain}").parse().ok().map(Site)
    }
}

impl FromRequestParts<AppState> for Site {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, WebError> {
        app.site(parts).ok_or_else(|| {
            WebError::Unexpected(anyhow::anyhow!(
                "no site address: set PUBLIC_URL, or run behind API Gateway"
            ))
        })
    }
}

impl Site {
    /// The origins whose pages may post here: the site's own, those
    /// configured, and those the campaign allows for its embeds.
    pub fn allowed_origins(&self, configured: &[String], campaign: &[String]) -> Vec<String> {
        std::iter::once(self.0.origin())
            .chain(configured.iter().cloned())
            .chain(campaign.iter().cloned())
            .collect()
    }
}
