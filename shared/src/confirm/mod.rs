//! Confirming letters: claim, check suppression, compose, pace, send,
//! settle. Deliveries come at least once; the claim makes the email go once.

mod email;
mod pacer;
mod queue;

pub use email::ConfirmationEmails;
pub use pacer::Pacer;

use crate::campaign::CampaignCatalog;
use crate::letter::{ConfirmationStatus, Letter};
use crate::links::LetterLinks;
use crate::members::Members;
use crate::ports::{
    AbuseStore, Allowance, Claim, ConfirmationStore, MailError, Mailer, RateLimit, Store,
    StoreError,
};
use crate::settings::{Settings, SettingsError};
use crate::signing::SigningKey;
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
    #[error("this recipient domain had its share of confirmations for now")]
    DomainLimited,
    #[error("sending failed for now: {0:#}")]
    Transient(anyhow::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A limit on confirmations to one recipient domain, so the form cannot be
/// turned into a flood on a small organisation's mail; the large providers
/// most supporters use are exempt.
pub struct DomainLimit {
    pub counts: Arc<dyn AbuseStore>,
    pub limit: RateLimit,
    pub exempt: Vec<String>,
}

impl DomainLimit {
    async fn allows(&self, letter: &Letter) -> Result<bool, StoreError> {
        let address = letter.fields.email.normalized();
        let domain = address.rsplit_once('@').map_or("", |(_, domain)| domain);
        if self.exempt.iter().any(|exempt| exempt == domain) {
            return Ok(true);
        }
        let subject = crate::domain::digest_hex(&[domain]);
        let now = OffsetDateTime::now_utc();
        Ok(self.counts.hit(&self.limit, &subject, now).await? == Allowance::Allowed)
    }
}

/// Sends each letter's confirmation exactly once: built once per process.
pub struct ConfirmationSender {
    store: Arc<dyn ConfirmationStore>,
    mailer: Arc<dyn Mailer>,
    emails: ConfirmationEmails,
    pacer: Pacer,
    lease: Duration,
    domains: Option<DomainLimit>,
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
            domains: None,
        }
    }

    /// Holds back confirmations to a domain over `limit`: they wait in the
    /// queue for the next window.
    pub fn with_domain_limit(mut self, limit: DomainLimit) -> Self {
        self.domains = Some(limit);
        self
    }

    /// The sender a deployment runs, as its settings say: through
    /// `mailer`, over `store`, its links signed with `key`, paced and
    /// limited per recipient domain.
    pub fn configured(
        store: Arc<dyn Store>,
        mailer: Arc<dyn Mailer>,
        catalog: CampaignCatalog,
        members: Members,
        settings: &Settings,
        key: SigningKey,
        lease: Duration,
    ) -> Result<Self, SettingsError> {
        let mailer_settings = settings.mailer()?;
        let emails = ConfirmationEmails::new(
            catalog,
            members,
            settings.sponsor.clone(),
            mailer_settings.public_url,
            LetterLinks::new(key),
        );
        let pacer = Pacer::new(mailer_settings.per_instance_rate);
        let domains = DomainLimit {
            counts: store.clone(),
            limit: settings.defences.per_domain(),
            exempt: settings.defences.exempt_domains.clone(),
        };
        Ok(Self::new(store, mailer, emails, pacer, lease).with_domain_limit(domains))
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
        if let Some(domains) = &self.domains
            && !domains.allows(letter).await?
        {
            return self.release(letter, RetryLater::DomainLimited).await;
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
mod properties;
#[cfg(test)]
mod tests;
