//! The confirmation queue's consumer. Each SQS message carries one
//! DynamoDB stream record (as EventBridge Pipes forwards it); a batch
//! reports its failed messages so only those come back.

use super::{Confirmed, Confirmer};
use crate::letter::Letter;
use anyhow::Context;
use aws_lambda_events::event::dynamodb::EventRecord;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};

/// The letter a stream record (as JSON text) inserted; see [`inserted_letter`].
pub fn letter_from_stream_record(body: &str) -> anyhow::Result<Option<Letter>> {
    let record: EventRecord =
        serde_json::from_str(body).context("the message is not a DynamoDB stream record")?;
    inserted_letter(record)
}

/// The letter a stream record inserted, or `None` for a record that is not
/// a letter's insert: another kind of item, a modification, or a key-only
/// image (the moto emulator emits one before the full image).
pub fn inserted_letter(record: EventRecord) -> anyhow::Result<Option<Letter>> {
    let image = &record.change.new_image;
    let is_letter = image
        .get("pk")
        .and_then(|pk| match pk {
            serde_dynamo::AttributeValue::S(pk) => Some(pk.starts_with("LETTER#")),
            _ => None,
        })
        .unwrap_or(false);
    if record.event_name != "INSERT" || !is_letter || !image.contains_key("id") {
        return Ok(None);
    }
    let letter = serde_dynamo::from_item(record.change.new_image)
        .context("the record's image is not a letter")?;
    Ok(Some(letter))
}

/// Confirms each letter of the batch in turn; the messages to retry.
pub async fn handle_batch(confirmer: &Confirmer, event: SqsEvent) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    for message in event.records {
        let message_id = message.message_id.unwrap_or_default();
        let letter = match letter_from_stream_record(message.body.as_deref().unwrap_or_default()) {
            Ok(Some(letter)) => letter,
            Ok(None) => continue,
            Err(error) => {
                // Never processable; after its last receive, the dead-letter queue keeps it.
                tracing::error!(%message_id, error = format!("{error:#}"), "unreadable message");
                response.add_failure(message_id);
                continue;
            }
        };
        match confirmer.confirm(&letter).await {
            Ok(
                Confirmed::Sent
                | Confirmed::AlreadySettled
                | Confirmed::Suppressed
                | Confirmed::Failed,
            ) => {}
            Err(error) => {
                tracing::warn!(%message_id, letter_id = %letter.id, %error, "confirmation will be retried");
                response.add_failure(message_id);
            }
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(event_name: &str, image: serde_json::Value) -> String {
        json!({
            "eventID": "1",
            "eventName": event_name,
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "dynamodb": { "Keys": {}, "NewImage": image, "SequenceNumber": "1", "SizeBytes": 1, "StreamViewType": "NEW_IMAGE" },
        })
        .to_string()
    }

    #[test]
    fn records_that_are_not_a_letters_insert_are_skipped() {
        let key_only = json!({ "pk": { "S": "LETTER#sesta#abc" } });
        let count = json!({ "pk": { "S": "COUNT#sesta#001" }, "letters": { "N": "1" } });
        let modified = json!({ "pk": { "S": "LETTER#sesta#abc" }, "id": { "S": "x" } });
        assert!(
            letter_from_stream_record(&record("INSERT", key_only))
                .unwrap()
                .is_none()
        );
        assert!(
            letter_from_stream_record(&record("INSERT", count))
                .unwrap()
                .is_none()
        );
        assert!(
            letter_from_stream_record(&record("MODIFY", modified))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_damaged_letter_or_message_is_an_error() {
        let damaged = json!({ "pk": { "S": "LETTER#sesta#abc" }, "id": { "S": "not a uuid" } });
        assert!(letter_from_stream_record(&record("INSERT", damaged)).is_err());
        assert!(letter_from_stream_record("not json").is_err());
    }
}
