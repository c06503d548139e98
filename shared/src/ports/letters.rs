//! Where letters are kept and counted, and how their changes reach the
//! work that follows a stored letter.

use super::StoreError;
use crate::domain::CampaignSlug;
use crate::letter::Letter;
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
}

/// The store's stream of changes as its consumers receive them: a record
/// (JSON, as an event source or a queue carries it) read back as the letter
/// it inserted. The record's format is the store's own business.
pub trait LetterStream: Send + Sync {
    /// The letter `record` inserted, or `None` for a record of anything
    /// else; an error for a record that can never be read.
    fn inserted_letter(&self, record: &serde_json::Value) -> anyhow::Result<Option<Letter>>;
}
