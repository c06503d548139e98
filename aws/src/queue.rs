//! The loop every queue consumer runs. Each SQS message carries one change
//! record of the store (as the table's stream forwards it); the letters it
//! inserted (and, for a consumer that follows them, changed) go to the
//! consumer one at a time, and a batch reports the messages to retry, so
//! only those come back. A letter the consumer sets aside goes straight to
//! the queue's dead-letter queue, to wait for staff there.

use anyhow::Context;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use shared::ports::LetterStream;
use shared::queue::{LetterConsumer, NotDone};

/// A queue's dead-letter queue, where a consumer sets aside a message that
/// must wait for staff: the one its redrive policy fills after the last
/// receive, so that one redrive sends back both kinds.
pub struct SqsDeadLetterQueue {
    client: aws_sdk_sqs::Client,
    url: String,
}

impl SqsDeadLetterQueue {
    pub fn new(client: aws_sdk_sqs::Client, url: impl Into<String>) -> Self {
        Self {
            client,
            url: url.into(),
        }
    }

    /// Puts `body` in the queue as a new message: the record as it came.
    async fn set_aside(&self, body: &str) -> anyhow::Result<()> {
        self.client
            .send_message()
            .queue_url(&self.url)
            .message_body(body)
            .send()
            .await
            .context("sending the message to the dead-letter queue")?;
        Ok(())
    }
}

/// Hands each letter of the batch to `consumer` in turn; the messages to
/// retry. A letter the consumer sets aside goes to `dead_letters` and is
/// not retried; without one (a consumer that never sets aside), or if it
/// cannot be put there, it is retried.
pub async fn handle_batch(
    consumer: &dyn LetterConsumer,
    stream: &dyn LetterStream,
    dead_letters: Option<&SqsDeadLetterQueue>,
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
        match consumer.consume(&letter).await {
            Ok(()) => {}
            Err(NotDone::RetryLater(error)) => {
                tracing::warn!(%message_id, letter_id = %letter.id, error = format!("{error:#}"), "letter will be retried");
                response.add_failure(message_id);
            }
            // The one line staff need: what to fix, and where the letter waits.
            Err(NotDone::SetAside(why)) => match set_aside(dead_letters, body).await {
                Ok(()) => {
                    tracing::error!(%message_id, letter_id = %letter.id, %why, "letter set aside in the dead-letter queue until a setting is fixed");
                }
                Err(error) => {
                    tracing::error!(%message_id, letter_id = %letter.id, %why, error = format!("{error:#}"), "letter to set aside will be retried: the dead-letter queue did not take it");
                    response.add_failure(message_id);
                }
            },
        }
    }
    response
}

/// Puts `body` in `dead_letters`, if the queue has one.
async fn set_aside(dead_letters: Option<&SqsDeadLetterQueue>, body: &str) -> anyhow::Result<()> {
    dead_letters
        .context("this queue's consumer has no dead-letter queue")?
        .set_aside(body)
        .await
}
