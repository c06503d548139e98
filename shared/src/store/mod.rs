//! The letter store port: where letters are kept and counted.
//!
//! Two adapters implement it: [`DynamoDbLetterStore`] on AWS (and against
//! the moto emulator), [`EmbeddedLetterStore`] on disk for the local server.

mod dynamodb;
mod embedded;

pub use dynamodb::DynamoDbLetterStore;
pub use embedded::EmbeddedLetterStore;

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

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store refused for now; the same request may succeed later.
    #[error("the letter store is busy")]
    Throttled,
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
