//! The public count, remembered for a few seconds per process. Every open
//! campaign page asks for it, and on DynamoDB a count reads 500 shards: a
//! viral day's readers must not turn into a read storm. The count stays
//! exact (it is read whole from the store, never adjusted here); it may be
//! a few seconds old.
//!
//! A letter stored does not make the count read again: it shows when the
//! remembered count turns over, as a letter taken for a bot's would not.
//! Were a stored letter to refresh it, a bot could read the count after its
//! letter and learn whether it was caught (a count one higher, read afresh,
//! or the same one as before). A letter withdrawn is forgotten at once: its
//! writer asked for it gone, and no bot check is at stake.

use crate::clock::Clock;
use crate::domain::CampaignSlug;
use crate::ports::{LetterStore, StoreError};
use axum::http::HeaderValue;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use time::OffsetDateTime;

pub struct CountCache {
    /// How long a count is served from memory.
    ttl: Duration,
    clock: Clock,
    counts: Mutex<HashMap<CampaignSlug, (OffsetDateTime, u64)>>,
}

impl CountCache {
    pub fn new(ttl: Duration, clock: Clock) -> Self {
        Self {
            ttl,
            clock,
            counts: Mutex::default(),
        }
    }

    pub async fn get(
        &self,
        store: &dyn LetterStore,
        campaign: &CampaignSlug,
    ) -> Result<u64, StoreError> {
        let now = self.clock.now();
        let remembered = self
            .counts
            .lock()
            .expect("count cache poisoned")
            .get(campaign)
            .copied();
        // A clock set back does not keep an old count in memory for longer.
        if let Some((read_at, count)) = remembered
            && (read_at..read_at + self.ttl).contains(&now)
        {
            return Ok(count);
        }
        let count = store.count(campaign).await?;
        self.counts
            .lock()
            .expect("count cache poisoned")
            .insert(campaign.clone(), (now, count));
        Ok(count)
    }

    /// Drops the remembered count, so that the next reader reads it afresh.
    pub fn forget(&self, campaign: &CampaignSlug) {
        self.counts
            .lock()
            .expect("count cache poisoned")
            .remove(campaign);
    }

    /// How long a browser or a CDN may keep the count: as long as this
    /// process does.
    pub fn cache_control(&self) -> HeaderValue {
        HeaderValue::from_str(&format!("public, max-age={}", self.ttl.as_secs()))
            .expect("a header value")
    }

    /// How long a page showing the count may be shared by a CDN: as long
    /// as the count it shows is good; a browser asks again each time, so a
    /// supporter back from the thank-you page sees the count move.
    pub fn page_cache_control(&self) -> HeaderValue {
        HeaderValue::from_str(&format!(
            "public, max-age=0, s-maxage={}",
            self.ttl.as_secs()
        ))
        .expect("a header value")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::EmbeddedLetterStore;
    use crate::fixtures::letter;

    #[tokio::test]
    async fn a_count_is_served_from_memory_until_it_turns_over_or_is_forgotten() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = EmbeddedLetterStore::open(dir.path()).unwrap();
        let clock = Clock::stopped_at(OffsetDateTime::UNIX_EPOCH);
        let cache = CountCache::new(Duration::from_secs(5), clock.clone());
        let sesta = CampaignSlug::parse("sesta").unwrap();
        assert_eq!(cache.get(&store, &sesta).await.unwrap(), 0);

        store.record(&letter("ada@example.org")).await.unwrap();
        clock.advance(time::Duration::seconds(4));
        assert_eq!(
            cache.get(&store, &sesta).await.unwrap(),
            0,
            "still the remembered count"
        );
        clock.advance(time::Duration::seconds(1));
        assert_eq!(cache.get(&store, &sesta).await.unwrap(), 1, "turned over");

        store.record(&letter("grace@example.org")).await.unwrap();
        cache.forget(&sesta);
        assert_eq!(cache.get(&store, &sesta).await.unwrap(), 2, "forgotten");
    }

    #[tokio::test]
    async fn a_clock_set_back_reads_the_count_again() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = EmbeddedLetterStore::open(dir.path()).unwrap();
        let clock = Clock::stopped_at(OffsetDateTime::UNIX_EPOCH + time::Duration::hours(1));
        let cache = CountCache::new(Duration::from_secs(5), clock.clone());
        let sesta = CampaignSlug::parse("sesta").unwrap();
        assert_eq!(cache.get(&store, &sesta).await.unwrap(), 0);

        store.record(&letter("ada@example.org")).await.unwrap();
        clock.advance(time::Duration::seconds(-1));
        assert_eq!(cache.get(&store, &sesta).await.unwrap(), 1);
    }
}
