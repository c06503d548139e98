//! Confirming letters: claim, check suppression, compose, pace, send,
//! settle. Deliveries come at least once; the claim makes the email go once.

mod feedback;
mod pacer;
mod queue;

pub use feedback::{handle_feedback, suppressed_addresses};
pub use pacer::Pacer;
pub use queue::{handle_batch, inserted_letter, letter_from_stream_record};

use crate::campaign::CampaignCatalog;
use crate::config::Sponsor;
use crate::letter::{Confirmation, Letter};
use crate::mail::{ConfirmationEmail, MailError, Mailer};
use crate::senators::SenatorDirectory;
use crate::store::{Claim, ConfirmationStore, StoreError};
use anyhow::Context;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// How a letter's confirmation ended this time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
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

/// Everything needed to confirm letters, built once per process.
pub struct Confirmer {
    pub store: Arc<dyn ConfirmationStore>,
    pub mailer: Arc<dyn Mailer>,
    pub pacer: Pacer,
    pub catalog: CampaignCatalog,
    pub senators: SenatorDirectory,
    pub sponsor: Sponsor,
    /// Where campaign links in emails point, such as `https://letters.example.org`.
    pub public_url: String,
    /// How long a claim holds before another mailer may take the letter over;
    /// longer than one send can take.
    pub lease: Duration,
}

impl Confirmer {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, campaign = %letter.campaign))]
    pub async fn confirm(&self, letter: &Letter) -> Result<Confirmed, RetryLater> {
        match self
            .store
            .claim(letter, OffsetDateTime::now_utc(), self.lease)
            .await?
        {
            Claim::Claimed => {}
            Claim::Settled(_) => return Ok(Confirmed::AlreadySettled),
            Claim::HeldElsewhere => return Err(RetryLater::HeldElsewhere),
        }
        if self.store.is_suppressed(&letter.email).await? {
            self.store.settle(letter, &Confirmation::Suppressed).await?;
            tracing::info!("confirmation suppressed");
            return Ok(Confirmed::Suppressed);
        }
        let email = match self.compose(letter) {
            Ok(email) => email,
            Err(error) => return self.release(letter, RetryLater::Transient(error)).await,
        };
        self.pacer.wait().await;
        match self.mailer.send(&email).await {
            Ok(message_id) => {
                self.store
                    .settle(letter, &Confirmation::Sent { message_id })
                    .await?;
                tracing::info!("confirmation sent");
                Ok(Confirmed::Sent)
            }
            Err(MailError::Rejected { code, message }) => {
                tracing::warn!(%code, "confirmation rejected for good");
                let reason = format!("{code}: {message}");
                self.store
                    .settle(letter, &Confirmation::Failed { reason })
                    .await?;
                Ok(Confirmed::Failed)
            }
            Err(MailError::Throttled) => self.release(letter, RetryLater::Throttled).await,
            Err(MailError::Transient(error)) => {
                self.release(letter, RetryLater::Transient(error)).await
            }
        }
    }

    /// Hands the letter back as pending, so a retry needn't wait out the lease.
    async fn release(&self, letter: &Letter, why: RetryLater) -> Result<Confirmed, RetryLater> {
        tracing::warn!(reason = %why, "confirmation to be retried");
        self.store.settle(letter, &Confirmation::Pending).await?;
        Err(why)
    }

    fn compose(&self, letter: &Letter) -> anyhow::Result<ConfirmationEmail> {
        let campaign = self
            .catalog
            .get(&letter.campaign)
            .with_context(|| format!("campaign {} is not in this build", letter.campaign))?;
        let senators = self.senators.by_bioguide(&letter.recipients);
        let url = format!(
            "{}/c/{}",
            self.public_url.trim_end_matches('/'),
            campaign.slug
        );
        Ok(ConfirmationEmail::compose(
            letter,
            campaign,
            &senators,
            &self.sponsor,
            &url,
        )?)
    }
}
