//! Campaigns published at run time: their text, versioned.

use super::StoreError;
use crate::domain::CampaignSlug;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A campaign's latest published version, as it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedCampaign {
    pub slug: CampaignSlug,
    /// 1 for the first publication, one more for each after it.
    pub version: u64,
    /// The campaign's TOML, checked before it was stored.
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
}

#[async_trait]
pub trait CampaignStore: Send + Sync {
    /// Stores `text` (already checked) as `slug`'s next version; that
    /// version. Two publications at once get two versions.
    async fn publish(
        &self,
        slug: &CampaignSlug,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<u64, StoreError>;

    /// Every published campaign's latest version, in slug order.
    async fn published(&self) -> Result<Vec<PublishedCampaign>, StoreError>;
}

/// A file as uploaded to the campaigns bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The file's first bytes: all of it, up to the limit it was read with
    /// and one byte more, so that a file over the limit shows as such.
    pub bytes: Vec<u8>,
    /// The object's entity tag, which the uploader's tools print too.
    pub etag: Option<String>,
}

/// The bucket staff upload campaign files to, where each file's result is
/// written back for them to read.
#[async_trait]
pub trait CampaignBucket: Send + Sync {
    /// The file at `key`, at most `limit + 1` bytes of it; `None` if it is
    /// no longer there.
    async fn read(&self, key: &str, limit: usize) -> anyhow::Result<Option<UploadedFile>>;

    /// Writes `json` at `key`, replacing what was there.
    async fn write_json(&self, key: &str, json: Vec<u8>) -> anyhow::Result<()>;
}
