//! Stands in for the table's stream on one machine: every newly stored
//! letter is handed to what the stream feeds on AWS: the same consumers the
//! queue-fed Lambdas run (the confirmation sender, the deliverer when
//! delivery is configured) and, for a store that does not keep its tallies
//! itself (DynamoDB), the aggregator's tally writer; a letter its supporter
//! confirms goes again to the consumers that follow such changes (the
//! deliverer). Each is retried a few times if it asks to be, as the queue
//! would; one that asks to set the letter aside is not retried. Its [`Backlog`] tells when all that is done, so that a test may
//! assert what was (or was not) sent without waiting on the wall clock.

use async_trait::async_trait;
use shared::domain::{CampaignSlug, EmailAddress};
use shared::letter::{Letter, LetterRef};
use shared::ports::{LetterStore, Recorded, StoreError, TallyWriter, Verification, Withdrawal};
use shared::queue::{LetterConsumer, NotDone};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

const ATTEMPTS: u32 = 5;

/// What happened to a letter, as the table's stream would record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Inserted,
    /// Its supporter confirmed it: what a letter waiting for that follows.
    Confirmed,
}

/// The changes the stream has yet to finish with: each counts from when
/// it is sent until every consumer (and the tally) is done with it, retries
/// included. Clones share one count.
#[derive(Debug, Clone)]
pub struct Backlog(Arc<watch::Sender<usize>>);

impl Default for Backlog {
    fn default() -> Self {
        Self(Arc::new(watch::Sender::new(0)))
    }
}

impl Backlog {
    /// Waits until every change sent so far has been handled.
    pub async fn settled(&self) {
        let mut unfinished = self.0.subscribe();
        // The sender lives in `self`, so the channel cannot close meanwhile.
        let _ = unfinished.wait_for(|&n| n == 0).await;
    }

    fn add(&self) -> Unfinished {
        self.0.send_modify(|n| *n += 1);
        Unfinished(self.clone())
    }
}

/// One change in the backlog, until the last of its tasks drops it.
struct Unfinished(Backlog);

impl Drop for Unfinished {
    fn drop(&mut self) {
        self.0.0.send_modify(|n| *n -= 1);
    }
}

/// A letter store that hands each letter it newly stores (or sees
/// confirmed) to the consumers.
pub struct InProcessStream {
    inner: Arc<dyn LetterStore>,
    changes: mpsc::UnboundedSender<(Letter, Change, Unfinished)>,
    backlog: Backlog,
}

impl InProcessStream {
    /// Wraps `inner`, handing each new letter to every named consumer and
    /// tallying it through `tallies` (if any), in background tasks counted
    /// in `backlog`.
    pub fn new(
        inner: Arc<dyn LetterStore>,
        consumers: Vec<(&'static str, Arc<dyn LetterConsumer>)>,
        tallies: Option<Arc<dyn TallyWriter>>,
        backlog: Backlog,
    ) -> Self {
        let (changes, mut letters) = mpsc::unbounded_channel::<(Letter, Change, Unfinished)>();
        tokio::spawn(async move {
            while let Some((letter, change, unfinished)) = letters.recv().await {
                let (letter, unfinished) = (Arc::new(letter), Arc::new(unfinished));
                if let (Some(tallies), Change::Inserted) = (&tallies, change) {
                    let (tallies, letter) = (tallies.clone(), letter.clone());
                    let task = with_retries("tally", letter.clone(), move || {
                        let (tallies, letter) = (tallies.clone(), letter.clone());
                        async move {
                            tallies
                                .tally_letters(std::slice::from_ref(&letter))
                                .await
                                .map_err(|error| NotDone::RetryLater(error.into()))
                        }
                    });
                    spawn_counted(task, unfinished.clone());
                }
                let follow = |consumer: &Arc<dyn LetterConsumer>| {
                    change == Change::Inserted || consumer.follows_changes()
                };
                for (what, consumer) in consumers.iter().filter(|(_, c)| follow(c)) {
                    let (consumer, for_retries) = (consumer.clone(), letter.clone());
                    let task = with_retries(what, letter.clone(), move || {
                        let (consumer, letter) = (consumer.clone(), for_retries.clone());
                        async move { consumer.consume(&letter).await }
                    });
                    spawn_counted(task, unfinished.clone());
                }
            }
        });
        Self {
            inner,
            changes,
            backlog,
        }
    }

    /// Hands a change to the consumers.
    fn send(&self, letter: Letter, change: Change) {
        // Only fails once the server is shutting down.
        let _ = self.changes.send((letter, change, self.backlog.add()));
    }
}

/// Runs `task` in the background, its change unfinished until it ends.
fn spawn_counted(task: impl Future<Output = ()> + Send + 'static, unfinished: Arc<Unfinished>) {
    tokio::spawn(async move {
        task.await;
        drop(unfinished);
    });
}

/// Runs `attempt` until it succeeds, a few times at most, waiting longer
/// after each failure; not again once it asks to set the letter aside.
async fn with_retries<F>(what: &'static str, letter: Arc<Letter>, attempt: impl Fn() -> F)
where
    F: Future<Output = Result<(), NotDone>>,
{
    for tries in 1..=ATTEMPTS {
        match attempt().await {
            Ok(()) => return,
            // No dead-letter queue here: the letter stays stored with its
            // held offices, and this line says what to fix, as on AWS.
            Err(NotDone::SetAside(why)) => {
                tracing::error!(letter_id = %letter.id, %why, "{what} set aside until a setting is fixed");
                return;
            }
            Err(NotDone::RetryLater(error)) => {
                tracing::warn!(letter_id = %letter.id, tries, error = format!("{error:#}"), "{what} to be retried");
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
            self.send(letter.clone(), Change::Inserted);
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
        let verification = self.inner.verify(reference).await?;
        if verification == Verification::Verified
            && let Some(letter) = self.inner.find(reference).await?
        {
            self.send(letter, Change::Confirmed);
        }
        Ok(verification)
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
