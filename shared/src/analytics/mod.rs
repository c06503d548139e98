//! What analysts ask: a campaign's summary from maintained counts, and its
//! letters exported page by page, never by scanning the table.

mod aggregate;
mod export;
mod tally;

pub use aggregate::handle_stream_batch;
pub use export::{ExportFilter, ExportFormat, ExportPage, ExportRow, write_rows};
pub use tally::{Confirmations, SenatorCount, Summary, Tally, settled_status};

use crate::domain::CampaignSlug;
use crate::store::StoreError;
use async_trait::async_trait;

/// The largest page of letters one request returns.
pub const MAX_PAGE: usize = 1000;

#[async_trait]
pub trait AnalyticsStore: Send + Sync {
    /// The campaign's counts, as maintained; never counted on the spot.
    async fn tally(&self, campaign: &CampaignSlug) -> Result<Tally, StoreError>;

    /// Up to `limit` letters matching `filter`, from where `cursor` (a
    /// previous page's `next`) left off.
    async fn export_page(
        &self,
        campaign: &CampaignSlug,
        filter: &ExportFilter,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<ExportPage, StoreError>;
}
