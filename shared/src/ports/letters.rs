//! Where letters are kept and counted, and how their changes reach the
//! work that follows a stored letter.

use super::StoreError;
use crate::domain::{CampaignSlug, EmailAddress};
use crate::letter::{Letter, LetterRef};
use async_trait::async_trait;
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

#[async_trait]
pub trait LetterStore: Send + Sync {
    /// Stores `letter` unless its supporter already wrote to its campaign,
    /// and counts it, both or neither.
    async fn record(&self, letter: &Letter) -> Result<Recorded, StoreError>;

    /// How many letters the campaign has stored: exactly.
    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError>;

    /// Succeeds when the store can be reached.
    async fn check_health(&self) -> Result<(), StoreError>;

    /// The letter `reference` names, while it is stored.
    async fn find(&self, reference: &LetterRef) -> Result<Option<Letter>, StoreError>;

    /// Records that the letter's supporter confirmed it from its email: the
    /// address is theirs, and updates they asked for are wanted. Counted
    /// once however often it is asked.
    async fn verify(&self, reference: &LetterRef) -> Result<Verification, StoreError>;

    /// Withdraws the letter: its personal data erased, its counts taken
    /// back, its supporter free to write again. Nothing is kept but that a
    /// letter was withdrawn.
    async fn withdraw(&self, reference: &LetterRef) -> Result<Withdrawal, StoreError>;

    /// Withdraws every letter `email` wrote to these campaigns, as
    /// [`LetterStore::withdraw`] does; how many there were.
    async fn erase(
        &self,
        email: &EmailAddress,
        campaigns: &[CampaignSlug],
    ) -> Result<usize, StoreError>;
}

/// What became of a confirmation from the email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    Verified,
    AlreadyVerified,
    /// No such letter is stored (it was withdrawn, or never was).
    NotFound,
}

/// What became of a request to withdraw a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawal {
    Withdrawn,
    /// No such letter is stored (withdrawn before, or never was).
    NotFound,
}

/// The store's stream of changes as its consumers receive them: a record
/// (JSON, as an event source or a queue carries it) read back as the letter
/// it inserted. The record's format is the store's own business.
pub trait LetterStream: Send + Sync {
    /// The letter `record` inserted, or `None` for a record of anything
    /// else; an error for a record that can never be read.
    fn inserted_letter(&self, record: &serde_json::Value) -> anyhow::Result<Option<Letter>>;

    /// The letter as a record of its later change (not its insert) shows
    /// it, or `None` for a record of anything else.
    fn changed_letter(&self, record: &serde_json::Value) -> anyhow::Result<Option<Letter>>;
}
