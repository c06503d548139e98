//! The confirmation queue's consumer: each letter's confirmation, sent once.

use super::ConfirmationSender;
use crate::letter::Letter;
use crate::queue::{LetterConsumer, NotDone};
use async_trait::async_trait;

#[async_trait]
impl LetterConsumer for ConfirmationSender {
    /// Sent, failed, suppressed or settled before: done; anything else is
    /// tried again.
    async fn consume(&self, letter: &Letter) -> Result<(), NotDone> {
        self.confirm(letter)
            .await
            .map(drop)
            .map_err(|error| NotDone::RetryLater(error.into()))
    }
}
