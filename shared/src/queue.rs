//! What every queue consumer does once per stored letter; the loop over an
//! SQS batch that feeds it is `letters_aws::queue`, and on one machine
//! `local::stream`.

use crate::letter::Letter;
use async_trait::async_trait;

/// Why a letter's work is not done, by what the queue should do with it.
#[derive(Debug, thiserror::Error)]
pub enum NotDone {
    /// A passing failure: the letter comes back later.
    #[error("{0:#}")]
    RetryLater(#[from] anyhow::Error),
    /// Sending again is no use until staff fix one of our settings: the
    /// letter is set aside at once where they can send it again (the
    /// queue's dead-letter queue), and this says why and what to fix,
    /// without personal data.
    #[error("{0}")]
    SetAside(String),
}

/// Work done once per stored letter: a confirmation, a delivery.
#[async_trait]
pub trait LetterConsumer: Send + Sync {
    /// Does the work for `letter`; an error says whether to ask for the
    /// letter again later or to set it aside.
    async fn consume(&self, letter: &Letter) -> Result<(), NotDone>;

    /// Whether records of a letter's later changes (its supporter confirming
    /// it, say) are for this consumer too; by default only new letters are.
    fn follows_changes(&self) -> bool {
        false
    }
}
