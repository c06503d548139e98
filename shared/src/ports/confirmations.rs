//! Where letters' confirmations and the suppressed addresses are tracked.

use super::StoreError;
use crate::domain::EmailAddress;
use crate::letter::{ConfirmationStatus, Letter};
use async_trait::async_trait;
use std::time::Duration;
use time::OffsetDateTime;

/// What a mailer gets when it asks to send a letter's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This mailer now holds the letter and must settle it.
    Claimed,
    /// The confirmation already ended this way: nothing to send.
    Settled(ConfirmationStatus),
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
    /// Only a letter still in `Sending` is changed; a settled status is
    /// counted in the campaign's tally in the same write.
    async fn settle(&self, letter: &Letter, status: &ConfirmationStatus) -> Result<(), StoreError>;

    /// Whether `email` bounced or complained before, in any campaign.
    async fn is_suppressed(&self, email: &EmailAddress) -> Result<bool, StoreError>;

    /// Puts `email` on the suppression list.
    async fn suppress(&self, email: &EmailAddress) -> Result<(), StoreError>;
}
