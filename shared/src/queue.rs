//! What every queue consumer does once per stored letter; the loop over an
//! SQS batch that feeds it is `letters_aws::queue`.

use crate::letter::Letter;
use async_trait::async_trait;

/// Work done once per stored letter: a confirmation, a delivery.
#[async_trait]
pub trait LetterConsumer: Send + Sync {
    /// Does the work for `letter`; an error asks for the letter again later.
    async fn consume(&self, letter: &Letter) -> anyhow::Result<()>;

    /// Whether records of a letter's later changes (its supporter confirming
    /// it, say) are for this consumer too; by default only new letters are.
    fn follows_changes(&self) -> bool {
        false
    }
}
