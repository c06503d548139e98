//! The analysts' counts and exports: read from maintained tallies and an
//! export index, and the tallies kept off the change stream.

use super::StoreError;
use crate::analytics::{ExportFilter, ExportPage, Tally};
use crate::domain::CampaignSlug;
use crate::letter::Letter;
use async_trait::async_trait;

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

/// Keeps the campaigns' tallies for a store whose writes do not (DynamoDB:
/// the aggregator adds each new letter off the stream).
#[async_trait]
pub trait TallyWriter: Send + Sync {
    /// Adds letters to their campaigns' tallies, each exactly once however
    /// often it is handed over.
    async fn tally_letters(&self, letters: &[Letter]) -> Result<(), StoreError>;
}
