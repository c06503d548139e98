//! The public count, remembered for a few seconds per process. Every open
//! campaign page asks for it, and on DynamoDB a count reads 500 shards: a
//! viral day's readers must not turn into a read storm. The count stays
//! exact (it is read whole from the store, never adjusted here); it may be
//! a few seconds old. A letter stored by this process forgets it at once.

use crate::domain::CampaignSlug;
use crate::ports::{LetterStore, StoreError};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a count is served from memory.
pub const COUNT_TTL: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct CountCache {
    counts: Mutex<HashMap<CampaignSlug, (Instant, u64)>>,
}

impl CountCache {
    pub async fn get(
        &self,
        store: &dyn LetterStore,
        campaign: &CampaignSlug,
    ) -> Result<u64, StoreError> {
        let remembered = self
            .counts
            .lock()
            .expect("count cache poisoned")
            .get(campaign)
            .copied();
        if let Some((read_at, count)) = remembered
            && read_at.elapsed() < COUNT_TTL
        {
            return Ok(count);
        }
        let count = store.count(campaign).await?;
        self.counts
            .lock()
            .expect("count cache poisoned")
            .insert(campaign.clone(), (Instant::now(), count));
        Ok(count)
    }

    pub fn forget(&self, campaign: &CampaignSlug) {
        self.counts
            .lock()
            .expect("count cache poisoned")
            .remove(campaign);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::EmbeddedLetterStore;
    use crate::fixtures::letter;

    #[tokio::test]
    async fn a_count_is_served_from_memory_until_forgotten() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = EmbeddedLetterStore::open(dir.path()).unwrap();
        let (cache, sesta) = (CountCache::default(), CampaignSlug::parse("sesta").unwrap());
        assert_eq!(cache.get(&store, &sesta).await.unwrap(), 0);

        store.record(&letter("ada@example.org")).await.unwrap();
        assert_eq!(
            cache.get(&store, &sesta).await.unwrap(),
            0,
            "still the remembered count"
        );

        cache.forget(&sesta);
        assert_eq!(cache.get(&store, &sesta).await.unwrap(), 1);
    }
}
