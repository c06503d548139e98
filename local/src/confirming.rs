//! Stands in for the table's stream on one machine: every newly stored
//! letter is handed to the same `Confirmer` the mailer Lambda runs (retried a
//! few times if it asks to be) and, on DynamoDB, to the aggregator that keeps
//! the analysts' tallies. The embedded store keeps its tallies itself.

use async_trait::async_trait;
use shared::confirm::Confirmer;
use shared::domain::CampaignSlug;
use shared::letter::Letter;
use shared::store::{DynamoDbLetterStore, LetterStore, Recorded, Store, StoreError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

const ATTEMPTS: u32 = 5;

/// A letter store that confirms (and, on DynamoDB, tallies) each letter it
/// newly stores.
pub struct ConfirmingStore {
    inner: Arc<dyn Store>,
    stored: mpsc::UnboundedSender<Letter>,
}

impl ConfirmingStore {
    /// Wraps `inner`, confirming through `confirmer` and tallying through
    /// `aggregator` (if any) in a background task.
    pub fn new(
        inner: Arc<dyn Store>,
        confirmer: Arc<Confirmer>,
        aggregator: Option<Arc<DynamoDbLetterStore>>,
    ) -> Self {
        let (stored, mut letters) = mpsc::unbounded_channel::<Letter>();
        tokio::spawn(async move {
            while let Some(letter) = letters.recv().await {
                if let Some(aggregator) = &aggregator {
                    tokio::spawn(tally_with_retries(aggregator.clone(), letter.clone()));
                }
                tokio::spawn(confirm_with_retries(confirmer.clone(), letter));
            }
        });
        Self { inner, stored }
    }
}

async fn tally_with_retries(aggregator: Arc<DynamoDbLetterStore>, letter: Letter) {
    for attempt in 1..=ATTEMPTS {
        match aggregator
            .tally_letters(std::slice::from_ref(&letter))
            .await
        {
            Ok(()) => return,
            Err(error) => {
                tracing::warn!(letter_id = %letter.id, attempt, %error, "tally to be retried");
                tokio::time::sleep(Duration::from_secs(u64::from(attempt))).await;
            }
        }
    }
    tracing::error!(letter_id = %letter.id, "tally gave up; the letter is not counted in the summary");
}

async fn confirm_with_retries(confirmer: Arc<Confirmer>, letter: Letter) {
    for attempt in 1..=ATTEMPTS {
        match confirmer.confirm(&letter).await {
            Ok(_) => return,
            Err(error) => {
                tracing::warn!(letter_id = %letter.id, attempt, %error, "confirmation to be retried");
                tokio::time::sleep(Duration::from_secs(u64::from(attempt))).await;
            }
        }
    }
    tracing::error!(letter_id = %letter.id, "confirmation gave up; the letter stays pending");
}

#[async_trait]
impl LetterStore for ConfirmingStore {
    async fn record(&self, letter: &Letter) -> Result<Recorded, StoreError> {
        let recorded = self.inner.record(letter).await?;
        if let Recorded::Stored { .. } = recorded {
            // Only fails once the server is shutting down.
            let _ = self.stored.send(letter.clone());
        }
        Ok(recorded)
    }

    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError> {
        self.inner.count(campaign).await
    }

    async fn check_health(&self) -> Result<(), StoreError> {
        self.inner.check_health().await
    }
}
