//! Confirming letters: claim, check suppression, compose, pace, send,
//! settle. Deliveries come at least once; the claim makes the email go once.

mod email;
mod feedback;
mod pacer;
mod queue;

pub use crate::queue::handle_batch;
pub use email::ConfirmationEmails;
pub use feedback::{handle_feedback, suppressed_addresses};
pub use pacer::Pacer;

use crate::letter::{ConfirmationStatus, Letter};
use crate::ports::{Claim, ConfirmationStore, MailError, Mailer, StoreError};
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// How one attempt at a letter's confirmation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// Sent, failed or suppressed before: nothing was done.
    AlreadySettled,
    Suppressed,
    Failed,
}

/// Why a letter must be tried again later; the queue redelivers it.
#[derive(Debug, thiserror::Error)]
pub enum RetryLater {
    #[error("another mailer holds this letter")]
    HeldElsewhere,
    #[error("the mail service is throttling")]
    Throttled,
    #[error("sending failed for now: {0:#}")]
    Transient(anyhow::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Sends each letter's confirmation exactly once: built once per process.
pub struct ConfirmationSender {
    store: Arc<dyn ConfirmationStore>,
    mailer: Arc<dyn Mailer>,
    emails: ConfirmationEmails,
    pacer: Pacer,
    lease: Duration,
}

impl ConfirmationSender {
    /// Sends through `mailer` at most as fast as `pacer` allows. A claim
    /// holds for `lease` before another sender may take the letter over, so
    /// it must be longer than one send can take.
    pub fn new(
        store: Arc<dyn ConfirmationStore>,
        mailer: Arc<dyn Mailer>,
        emails: ConfirmationEmails,
        pacer: Pacer,
        lease: Duration,
    ) -> Self {
        Self {
            store,
            mailer,
            emails,
            pacer,
            lease,
        }
    }

    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, campaign = %letter.campaign))]
    pub async fn confirm(&self, letter: &Letter) -> Result<SendOutcome, RetryLater> {
        match self
            .store
            .claim(letter, OffsetDateTime::now_utc(), self.lease)
            .await?
        {
            Claim::Claimed => {}
            Claim::Settled(_) => return Ok(SendOutcome::AlreadySettled),
            Claim::HeldElsewhere => return Err(RetryLater::HeldElsewhere),
        }
        if self.store.is_suppressed(&letter.fields.email).await? {
            self.store
                .settle(letter, &ConfirmationStatus::Suppressed)
                .await?;
            tracing::info!("confirmation suppressed");
            return Ok(SendOutcome::Suppressed);
        }
        let email = match self.emails.compose(letter) {
            Ok(email) => email,
            Err(error) => return self.release(letter, RetryLater::Transient(error)).await,
        };
        self.pacer.wait().await;
        match self.mailer.send(&email).await {
            Ok(message_id) => {
                self.store
                    .settle(letter, &ConfirmationStatus::Sent { message_id })
                    .await?;
                tracing::info!("confirmation sent");
                Ok(SendOutcome::Sent)
            }
            Err(MailError::Rejected { code, message }) => {
                tracing::warn!(%code, "confirmation rejected for good");
                let reason = format!("{code}: {message}");
                self.store
                    .settle(letter, &ConfirmationStatus::Failed { reason })
                    .await?;
                Ok(SendOutcome::Failed)
            }
            Err(MailError::Throttled) => self.release(letter, RetryLater::Throttled).await,
            Err(MailError::Transient(error)) => {
                self.release(letter, RetryLater::Transient(error)).await
            }
        }
    }

    /// Hands the letter back as pending, so a retry needn't wait out the lease.
    async fn release(&self, letter: &Letter, why: RetryLater) -> Result<SendOutcome, RetryLater> {
        tracing::warn!(reason = %why, "confirmation to be retried");
        self.store
            .settle(letter, &ConfirmationStatus::Pending)
            .await?;
        Err(why)
    }
}

#[cfg(test)]
mod tests;
