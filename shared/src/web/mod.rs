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
mod recipients;
mod security;
mod share_image;
pub mod submit;

pub use error::WebError;
pub use security::with_security_headers;

use crate::addressing::Addresser;
use crate::campaign::{Campaign, CampaignCatalog};
use crate::domain::CampaignSlug;
use crate::ports::{LetterStore, StoreError};
use crate::settings::Sponsor;
use std::collections::HashMap;
use std::sync::Arc;

/// Everything a handler needs, built once per process.
pub struct App {
    pub catalog: CampaignCatalog,
    /// The members of Congress, and how letters find theirs.
    pub addresser: Addresser,
    pub store: Arc<dyn LetterStore>,
    pub sponsor: Sponsor,
    /// How long letters are kept before deletion.
    pub retention: time::Duration,
    /// For each campaign, whom a letter from each state goes to as JSON,
    /// for the page's script; made once.
    recipient_hints: HashMap<CampaignSlug, String>,
    share_images: share_image::ShareImages,
    counts: count_cache::CountCache,
}

/// The state every router shares.
pub type AppState = Arc<App>;

impl App {
    /// The app over `store`, serving `catalog`'s campaigns for `sponsor`,
    /// addressing letters with `addresser` and keeping them for `retention`.
    pub fn new(
        store: Arc<dyn LetterStore>,
        catalog: CampaignCatalog,
        addresser: Addresser,
        sponsor: Sponsor,
        retention: time::Duration,
    ) -> anyhow::Result<AppState> {
        let recipient_hints = catalog
            .all()
            .map(|campaign| {
                let hints = recipients::hints_json(&campaign.targets, &addresser.members)?;
                Ok((campaign.slug.clone(), hints))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Arc::new(Self {
            catalog,
            recipient_hints,
            addresser,
            store,
            sponsor,
            retention,
            share_images: share_image::ShareImages::default(),
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
