//! The letters written in a span of time, for the warehouse writer: a
//! local store is held in memory, so a filter over it is enough.

use super::EmbeddedLetterStore;
use crate::domain::CampaignSlug;
use crate::letter::Letter;
use crate::ports::{LetterLog, StoreError};
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl LetterLog for EmbeddedLetterStore {
    async fn written(
        &self,
        campaign: &CampaignSlug,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Vec<Letter>, StoreError> {
        let state = self.state.lock().await;
        let mut letters: Vec<Letter> = state
            .index
            .letters
            .values()
            .filter(|letter| {
                letter.campaign == *campaign
                    && letter.created_at >= from
                    && letter.created_at < until
            })
            .cloned()
            .collect();
        letters.sort_by_key(|letter| (letter.created_at, letter.id));
        Ok(letters)
    }
}
