//! The table's stream, as its consumers receive it: a record read back as
//! the letter it inserted. Only this adapter knows the records' shape.

use anyhow::Context;
use aws_lambda_events::event::dynamodb::EventRecord;
use serde::Deserialize;
use shared::letter::Letter;
use shared::letter::StoredLetter;
use shared::ports::LetterStream;

/// Reads records of the letters table's stream (NEW_IMAGE), as the event
/// source mapping delivers them or EventBridge Pipes forwards them to a queue.
#[derive(Debug, Clone, Copy, Default)]
pub struct DynamoDbStream;

impl LetterStream for DynamoDbStream {
    /// `None` for a record that is not a letter's insert: another kind of
    /// item, a modification, or a key-only image (the moto emulator emits
    /// one before the full image).
    fn inserted_letter(&self, record: &serde_json::Value) -> anyhow::Result<Option<Letter>> {
        letter_of("INSERT", record)
    }

    /// `None` for a record that is not a letter's modification.
    fn changed_letter(&self, record: &serde_json::Value) -> anyhow::Result<Option<Letter>> {
        letter_of("MODIFY", record)
    }
}

/// The letter in `record`'s new image, if the record is an `event` of a
/// letter's full item.
fn letter_of(event: &str, record: &serde_json::Value) -> anyhow::Result<Option<Letter>> {
    let record =
        EventRecord::deserialize(record).context("the record is not a DynamoDB stream record")?;
    let image = &record.change.new_image;
    let is_letter = matches!(
        image.get("pk"),
        Some(serde_dynamo::AttributeValue::S(pk)) if pk.starts_with("LETTER#")
    );
    if record.event_name != event || !is_letter || !image.contains_key("id") {
        return Ok(None);
    }
    let letter: StoredLetter = serde_dynamo::from_item(record.change.new_image)
        .context("the record's image is not a letter")?;
    Ok(Some(letter.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn record(event_name: &str, image: Value) -> Value {
        json!({
            "eventID": "1",
            "eventName": event_name,
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "dynamodb": { "Keys": {}, "NewImage": image, "SequenceNumber": "1", "SizeBytes": 1, "StreamViewType": "NEW_IMAGE" },
        })
    }

    #[test]
    fn records_that_are_not_a_letters_insert_are_skipped() {
        let key_only = json!({ "pk": { "S": "LETTER#sesta#abc" } });
        let count = json!({ "pk": { "S": "COUNT#sesta#001" }, "letters": { "N": "1" } });
        let modified = json!({ "pk": { "S": "LETTER#sesta#abc" }, "id": { "S": "x" } });
        for record in [
            record("INSERT", key_only),
            record("INSERT", count),
            record("MODIFY", modified),
        ] {
            assert!(DynamoDbStream.inserted_letter(&record).unwrap().is_none());
        }
    }

    #[test]
    fn a_letters_change_reads_back_as_the_letter_it_is_now() {
        let mut letter = shared::fixtures::letter("ada@example.org");
        letter.email_verified = true;
        let item: serde_dynamo::Item = serde_dynamo::to_item(StoredLetter::from(&letter)).unwrap();
        let mut image = serde_json::to_value(item).unwrap();
        image["pk"] = json!({ "S": "LETTER#sesta#abc" });
        let modified = record("MODIFY", image.clone());
        assert_eq!(
            DynamoDbStream.changed_letter(&modified).unwrap(),
            Some(letter)
        );
        assert!(DynamoDbStream.inserted_letter(&modified).unwrap().is_none());
        let inserted = record("INSERT", image);
        assert!(DynamoDbStream.changed_letter(&inserted).unwrap().is_none());
    }

    #[test]
    fn every_versions_golden_items_read_back_from_the_stream() {
        for set in shared::fixtures::golden::sets() {
            for (name, letter) in &set.letters {
                let item = std::fs::read_to_string(set.dynamodb().join(format!("{name}.json")));
                let image: Value = serde_json::from_str(&item.unwrap()).unwrap();
                let read = DynamoDbStream.changed_letter(&record("MODIFY", image));
                assert_eq!(
                    read.unwrap().as_ref(),
                    Some(letter),
                    "v{} {name}",
                    set.version
                );
            }
        }
    }

    #[test]
    fn a_damaged_letter_or_record_is_an_error() {
        let damaged = json!({ "pk": { "S": "LETTER#sesta#abc" }, "id": { "S": "not a uuid" } });
        assert!(
            DynamoDbStream
                .inserted_letter(&record("INSERT", damaged))
                .is_err()
        );
        assert!(
            DynamoDbStream
                .inserted_letter(&json!("not a record"))
                .is_err()
        );
    }
}
