//! Published campaigns kept current in a running function. The local
//! server serves a publication at once (the route and the catalog share one
//! process); on AWS each function instance re-reads the published campaigns
//! when its copy is older than [`REFRESH_AFTER`], before the request or the
//! batch that finds it so, so a publication is served everywhere within
//! that time (two reads of the table, then nothing until the next expiry).

use crate::campaign::{CampaignCatalog, parse_campaign};
use crate::letter::Letter;
use crate::members::Members;
use crate::ports::{CampaignStore, StoreError};
use crate::queue::LetterConsumer;
use async_trait::async_trait;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How old a function's copy of the published campaigns may get.
pub const REFRESH_AFTER: Duration = Duration::from_secs(30);

/// Serves every campaign published to `store` beside the bundled ones. One
/// that no longer passes its checks (the member data moved on, say) is left
/// out with a warning: it never stops the others, nor the server.
pub async fn serve_published(
    catalog: &CampaignCatalog,
    store: &dyn CampaignStore,
    members: &Members,
) -> Result<(), StoreError> {
    for published in store.published().await? {
        match parse_campaign(&published.text, members) {
            Ok(campaign) if campaign.slug == published.slug => {
                catalog.publish(campaign, published.version);
            }
            Ok(_) | Err(_) => tracing::warn!(
                slug = %published.slug,
                version = published.version,
                "a published campaign fails its checks: not served"
            ),
        }
    }
    Ok(())
}

/// Keeps a catalog's published campaigns at most [`REFRESH_AFTER`] old.
pub struct CampaignRefresh {
    catalog: CampaignCatalog,
    store: Arc<dyn CampaignStore>,
    members: Members,
    /// How old the copy may get ([`REFRESH_AFTER`] in a function).
    every: Duration,
    /// When the published campaigns were last read; `None` before the first.
    read_at: Mutex<Option<Instant>>,
}

impl CampaignRefresh {
    pub fn new(
        catalog: CampaignCatalog,
        store: Arc<dyn CampaignStore>,
        members: Members,
        every: Duration,
    ) -> Self {
        Self {
            catalog,
            store,
            members,
            every,
            read_at: Mutex::new(None),
        }
    }

    /// Re-reads the published campaigns if the copy is too old. A failed
    /// read keeps the campaigns served as they were, and is tried again on
    /// the next call.
    pub async fn ensure_fresh(&self) {
        // Concurrent callers wait for one read rather than each making one.
        let mut read_at = self.read_at.lock().await;
        if read_at.is_some_and(|at| at.elapsed() < self.every) {
            return;
        }
        match serve_published(&self.catalog, self.store.as_ref(), &self.members).await {
            Ok(()) => *read_at = Some(Instant::now()),
            Err(error) => tracing::warn!(%error, "could not read the published campaigns"),
        }
    }
}

/// Middleware for a router: the campaigns are fresh before each request.
pub async fn refreshed(
    State(refresh): State<Arc<CampaignRefresh>>,
    request: Request,
    next: Next,
) -> Response {
    refresh.ensure_fresh().await;
    next.run(request).await
}

/// A queue consumer whose campaigns are fresh before each letter.
pub struct Refreshed<C> {
    pub refresh: Arc<CampaignRefresh>,
    pub consumer: C,
}

#[async_trait]
impl<C: LetterConsumer> LetterConsumer for Refreshed<C> {
    async fn consume(&self, letter: &Letter) -> anyhow::Result<()> {
        self.refresh.ensure_fresh().await;
        self.consumer.consume(letter).await
    }

    fn follows_changes(&self) -> bool {
        self.consumer.follows_changes()
    }
}
