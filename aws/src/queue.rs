//! The loop every queue consumer runs. Each SQS message carries one change
//! record of the store (as the table's stream forwards it); the letters it
//! inserted (and, for a consumer that follows them, changed) go to the
//! consumer one at a time, and a batch reports the messages to retry, so
//! only those come back.

use anyhow::Context;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use shared::ports::LetterStream;
use shared::queue::LetterConsumer;

/// Hands each letter of the batch to `consumer` in turn; the messages to retry.
pub async fn handle_batch(
    consumer: &dyn LetterConsumer,
    stream: &dyn LetterStream,
    event: SqsEvent,
) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    for message in event.records {
        let message_id = message.message_id.unwrap_or_default();
        let body = message.body.as_deref().unwrap_or_default();
        let letter = match serde_json::from_str(body)
            .context("the message is not JSON")
            .and_then(|record| match stream.inserted_letter(&record)? {
                Some(letter) => Ok(Some(letter)),
                None if consumer.follows_changes() => stream.changed_letter(&record),
                None => Ok(None),
            }) {
            Ok(Some(letter)) => letter,
            Ok(None) => continue,
            Err(error) => {
                // Never processable; after its last receive, the dead-letter queue keeps it.
                tracing::error!(%message_id, error = format!("{error:#}"), "unreadable message");
                response.add_failure(message_id);
                continue;
            }
        };
        if let Err(error) = consumer.consume(&letter).await {
            tracing::warn!(%message_id, letter_id = %letter.id, error = format!("{error:#}"), "letter will be retried");
            response.add_failure(message_id);
        }
    }
    response
}
