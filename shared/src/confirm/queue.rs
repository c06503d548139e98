//! The confirmation queue's consumer. Each SQS message carries one change
//! record of the store (as EventBridge Pipes forwards the table's stream); a
//! batch reports its failed messages so only those come back.

use super::{ConfirmationSender, SendOutcome};
use crate::ports::LetterStream;
use anyhow::Context;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};

/// Confirms each letter of the batch in turn; the messages to retry.
pub async fn handle_batch(
    sender: &ConfirmationSender,
    stream: &dyn LetterStream,
    event: SqsEvent,
) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    for message in event.records {
        let message_id = message.message_id.unwrap_or_default();
        let body = message.body.as_deref().unwrap_or_default();
        let letter = match serde_json::from_str(body)
            .context("the message is not JSON")
            .and_then(|record| stream.inserted_letter(&record))
        {
            Ok(Some(letter)) => letter,
            Ok(None) => continue,
            Err(error) => {
                // Never processable; after its last receive, the dead-letter queue keeps it.
                tracing::error!(%message_id, error = format!("{error:#}"), "unreadable message");
                response.add_failure(message_id);
                continue;
            }
        };
        match sender.confirm(&letter).await {
            Ok(
                SendOutcome::Sent
                | SendOutcome::AlreadySettled
                | SendOutcome::Suppressed
                | SendOutcome::Failed,
            ) => {}
            Err(error) => {
                tracing::warn!(%message_id, letter_id = %letter.id, %error, "confirmation will be retried");
                response.add_failure(message_id);
            }
        }
    }
    response
}
