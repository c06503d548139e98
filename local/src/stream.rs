//! Stands in for the table's stream on one machine: every newly stored
//! letter is handed to what the stream feeds on AWS: the same confirmation
//! sender the mailer Lambda runs and, for a store that does not keep its
//! tallies itself (DynamoDB), the aggregator's tally writer. Each is retried
//! a few times if it asks to be, as the queue would.

use async_trait::async_trait;
use shared::confirm::ConfirmationSender;
use shared::domain::{CampaignSlug, EmailAddress};
use shared::letter::{Letter, LetterRef};
use shared::ports::{LetterStore, Recorded, StoreError, TallyWriter, Verification, Withdrawal};
use std::fmt::Display;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

const ATTEMPTS: u32 = 5;

/// A letter store that hands each letter it newly stores to the consumers.
pub struct InProcessStream {
    inner: Arc<dyn LetterStore>,
    stored: mpsc::UnboundedSender<Letter>,
}

impl InProcessStream {
    /// Wraps `inner`, confirming through `sender` and tallying through
    /// `tallies` (if any) in background tasks.
    pub fn new(
        inner: Arc<dyn LetterStore>,
        sender: Arc<ConfirmationSender>,
        tallies: Option<Arc<dyn TallyWriter>>,
    ) -> Self {
        let (stored, mut letters) = mpsc::unbounded_channel::<Letter>();
        tokio::spawn(async move {
            while let Some(letter) = letters.recv().await {
                let letter = Arc::new(letter);
                if let Some(tallies) = &tallies {
                    let (tallies, letter) = (tallies.clone(), letter.clone());
                    tokio::spawn(with_retries("tally", letter.clone(), move || {
                        let (tallies, letter) = (tallies.clone(), letter.clone());
                        async move { tallies.tally_letters(std::slice::from_ref(&letter)).await }
                    }));
                }
                let sender = sender.clone();
                tokio::spawn(with_retries("confirmation", letter.clone(), move || {
                    let (sender, letter) = (sender.clone(), letter.clone());
                    async move { sender.confirm(&letter).await.map(drop) }
                }));
            }
        });
        Self { inner, stored }
    }
}

/// Runs `attempt` until it succeeds, a few times at most, waiting longer
/// after each failure.
async fn with_retries<F, E>(what: &'static str, letter: Arc<Letter>, attempt: impl Fn() -> F)
where
    F: Future<Output = Result<(), E>>,
    E: Display,
{
    for tries in 1..=ATTEMPTS {
        match attempt().await {
            Ok(()) => return,
            Err(error) => {
                tracing::warn!(letter_id = %letter.id, tries, %error, "{what} to be retried");
                tokio::time::sleep(Duration::from_secs(u64::from(tries))).await;
            }
        }
    }
    tracing::error!(letter_id = %letter.id, "{what} gave up after {ATTEMPTS} tries");
}

#[async_trait]
impl LetterStore for InProcessStream {
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

    async fn find(&self, reference: &LetterRef) -> Result<Option<Letter>, StoreError> {
        self.inner.find(reference).await
    }

    async fn verify(&self, reference: &LetterRef) -> Result<Verification, StoreError> {
        self.inner.verify(reference).await
    }

    async fn withdraw(&self, reference: &LetterRef) -> Result<Withdrawal, StoreError> {
        self.inner.withdraw(reference).await
    }

    async fn erase(
        &self,
        email: &EmailAddress,
        campaigns: &[CampaignSlug],
    ) -> Result<usize, StoreError> {
        self.inner.erase(email, campaigns).await
    }
}
