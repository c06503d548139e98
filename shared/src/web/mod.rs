//! The HTTP layer: what every route does, written once for Lambda and the
//! local server alike. Function crates only pick which routes they serve:
//! `read` (pages, count, health, static files), `submit` (letters) and
//! `admin` (the analysts' summary and exports).

pub mod admin;
mod body;
mod count_cache;
mod error;
mod pages;
pub mod read;
mod security;
mod share_image;
pub mod submit;

pub use error::WebError;
pub use security::with_security_headers;

use crate::campaign::{Campaign, CampaignCatalog};
use crate::domain::CampaignSlug;
use crate::ports::{LetterStore, StoreError};
use crate::senators::SenatorDirectory;
use crate::settings::Sponsor;
use std::sync::Arc;

/// Everything a handler needs, built once per process.
pub struct App {
    pub catalog: CampaignCatalog,
    pub senators: SenatorDirectory,
    pub store: Arc<dyn LetterStore>,
    pub sponsor: Sponsor,
    /// How long letters are kept before deletion.
    pub retention: time::Duration,
    /// Each state's Senators as JSON, for the page's script; made once.
    senators_json: String,
    counts: count_cache::CountCache,
}

/// The state every router shares.
pub type AppState = Arc<App>;

impl App {
    /// The app over `store`, serving `catalog`'s campaigns for `sponsor`,
    /// keeping letters for `retention`.
    pub fn new(
        store: Arc<dyn LetterStore>,
        catalog: CampaignCatalog,
        senators: SenatorDirectory,
        sponsor: Sponsor,
        retention: time::Duration,
    ) -> anyhow::Result<AppState> {
        Ok(Arc::new(Self {
            catalog,
            senators_json: senators.by_state_json()?,
            senators,
            store,
            sponsor,
            retention,
            counts: count_cache::CountCache::default(),
        }))
    }

    /// The campaign's public count, at most a few seconds old.
    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError> {
        self.counts.get(self.store.as_ref(), campaign).await
    }

    /// The campaign a path names; an unparsable slug is as unknown as a missing one.
    fn campaign(&self, slug: &str) -> Result<&Campaign, WebError> {
        CampaignSlug::parse(slug)
            .ok()
            .and_then(|slug| self.catalog.get(&slug))
            .ok_or(WebError::CampaignNotFound)
    }
}
