//! The store ports: where letters are kept and counted
//! ([`LetterStore`]), and where their confirmations and the suppressed
//! addresses are tracked ([`ConfirmationStore`]).
//!
//! Two adapters implement it: [`DynamoDbLetterStore`] on AWS (and against
//! the moto emulator), [`EmbeddedLetterStore`] on disk for the local server.

mod dynamodb;
mod embedded;
mod json_lines;

pub use dynamodb::DynamoDbLetterStore;
pub use embedded::EmbeddedLetterStore;

use crate::analytics::AnalyticsStore;
use crate::domain::{CampaignSlug, EmailAddress};
use crate::letter::{Confirmation, Letter};
use async_trait::async_trait;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

/// What became of a letter handed to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The letter is stored and counted.
    Stored { id: Uuid },
    /// This supporter already wrote to this campaign: nothing new was stored.
    /// `id` is the earlier letter's.
    AlreadyRecorded { id: Uuid },
}

impl Recorded {
    pub fn id(self) -> Uuid {
        match self {
            Self::Stored { id } | Self::AlreadyRecorded { id } => id,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store refused for now; the same request may succeed later.
    #[error("the letter store is busy")]
    Throttled,
    /// An export cursor this store did not hand out.
    #[error("the export cursor is not valid")]
    InvalidCursor,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[async_trait]
pub trait LetterStore: Send + Sync {
    /// Stores `letter` unless its supporter already wrote to its campaign,
    /// and counts it, both or neither.
    async fn record(&self, letter: &Letter) -> Result<Recorded, StoreError>;

    /// How many letters the campaign has stored: exactly.
    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError>;

    /// Succeeds when the store can be reached.
    async fn check_health(&self) -> Result<(), StoreError>;
}

/// A store that keeps letters, confirmations and analysts' counts, as both
/// adapters do.
pub trait Store: LetterStore + ConfirmationStore + AnalyticsStore {}

impl<T: LetterStore + ConfirmationStore + AnalyticsStore> Store for T {}

/// What a mailer gets when it asks to send a letter's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This mailer now holds the letter and must settle it.
    Claimed,
    /// The confirmation already ended this way: nothing to send.
    Settled(Confirmation),
    /// Another mailer holds a live lease on it: try again later.
    HeldElsewhere,
}

#[async_trait]
pub trait ConfirmationStore: Send + Sync {
    /// Takes the letter's confirmation for sending, by a conditional write:
    /// it must be pending, or sending under a lease older than `lease`.
    async fn claim(
        &self,
        letter: &Letter,
        now: OffsetDateTime,
        lease: Duration,
    ) -> Result<Claim, StoreError>;

    /// Records how sending ended, or hands the letter back with `Pending`.
    /// Only a letter still in `Sending` is changed.
    async fn settle(&self, letter: &Letter, confirmation: &Confirmation) -> Result<(), StoreError>;

    /// Whether `email` bounced or complained before, in any campaign.
    async fn is_suppressed(&self, email: &EmailAddress) -> Result<bool, StoreError>;

    /// Puts `email` on the suppression list.
    async fn suppress(&self, email: &EmailAddress) -> Result<(), StoreError>;
}
