//! What the warehouse writer needs: the letters written in a span of time,
//! read through the export index (never a scan), and a place to keep files.

use super::StoreError;
use crate::domain::CampaignSlug;
use crate::letter::Letter;
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
pub trait LetterLog: Send + Sync {
    /// `campaign`'s letters written from `from` (inclusive) until `until`
    /// (exclusive), each as it stands now.
    async fn written(
        &self,
        campaign: &CampaignSlug,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Vec<Letter>, StoreError>;
}

/// Where the warehouse's files go: S3 on AWS, a folder locally. Keys are
/// paths relative to the warehouse's root (`letters/campaign=sesta/...`).
#[async_trait]
pub trait WarehouseFiles: Send + Sync {
    /// Writes `bytes` at `key` whole, replacing what was there: a reader
    /// sees the old file or the new one, never part of one.
    async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()>;

    /// The file at `key`, or `None` when there is none.
    async fn get(&self, key: &str) -> anyhow::Result<Option<Vec<u8>>>;
}
