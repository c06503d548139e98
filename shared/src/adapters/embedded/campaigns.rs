//! Published campaigns, each version a line of `campaigns.jsonl`.

use super::EmbeddedLetterStore;
use crate::domain::CampaignSlug;
use crate::ports::{CampaignStore, PublishedCampaign, StoreError};
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl CampaignStore for EmbeddedLetterStore {
    async fn publish(
        &self,
        slug: &CampaignSlug,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        let mut state = self.state.lock().await;
        let version = state.published.get(slug).map_or(0, |p| p.version) + 1;
        let campaign = PublishedCampaign {
            slug: slug.clone(),
            version,
            text: text.to_owned(),
            published_at: now,
        };
        state.campaigns.append(&campaign)?;
        state.published.insert(slug.clone(), campaign);
        Ok(version)
    }

    async fn published(&self) -> Result<Vec<PublishedCampaign>, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .published
            .values()
            .cloned()
            .collect())
    }
}
