//! What a request says about where it came from, as only trusted layers
//! may say it: the site's address (from `PUBLIC_URL`, else from API
//! Gateway's own record of the domain it was reached at, never from the
//! request's `Host`), and the client's address (the connection's peer
//! locally, API Gateway's `sourceIp` on AWS, or the viewer's address
//! CloudFront vouches for when the site is behind it).

use super::{App, AppState, WebError};
use crate::domain::Origin;
use crate::settings::PublicUrl;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use std::fmt;
use std::net::IpAddr;

/// The client's address, as the server or API Gateway saw the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// Proof that a request came through the site's CDN. Behind CloudFront,
/// API Gateway's `sourceIp` is an edge server's, shared by every visitor
/// near it; CloudFront names the visitor in `CloudFront-Viewer-Address`,
/// but anyone reaching API Gateway directly may send that header too. So
/// CloudFront also sends a secret of the stack's, and only a request that
/// carries it is taken at its viewer address.
#[derive(Clone)]
pub struct CdnOrigin {
    secret_digest: [u8; 32],
}

impl fmt::Debug for CdnOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CdnOrigin(..)")
    }
}

impl CdnOrigin {
    /// The header CloudFront adds with the secret.
    pub const PROOF_HEADER: &'static str = "x-origin-verify";
    /// The header CloudFront names the viewer in: `address:port`, an IPv6
    /// address without brackets.
    pub const VIEWER_HEADER: &'static str = "cloudfront-viewer-address";

    pub fn new(secret: &str) -> Self {
        Self {
            secret_digest: Sha256::digest(secret.trim().as_bytes()).into(),
        }
    }

    /// The viewer's address, when the request proves it came through the
    /// CDN. Digests are compared, so the time taken tells nothing of the
    /// secret.
    pub fn viewer(&self, headers: &HeaderMap) -> Option<IpAddr> {
        let proof = headers.get(Self::PROOF_HEADER)?.as_bytes();
        if <[u8; 32]>::from(Sha256::digest(proof)) != self.secret_digest {
            return None;
        }
        let address = headers.get(Self::VIEWER_HEADER)?.to_str().ok()?;
        let (ip, port) = address.rsplit_once(':')?;
        port.parse::<u16>().ok()?;
        ip.parse().ok()
    }
}

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
    pub fn allowed_origins(&self, configured: &[Origin], campaign: &[Origin]) -> Vec<String> {
        let others = configured.iter().chain(campaign);
        std::iter::once(self.0.origin())
            .chain(others.map(|origin| origin.as_str().to_owned()))
            .collect()
    }
}
