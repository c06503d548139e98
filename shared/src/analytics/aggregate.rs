//! The aggregator: new letters from the table's stream (a Lambda event
//! source mapping, filtered to letter inserts) added to their campaigns'
//! tallies, each exactly once.

use crate::confirm::inserted_letter;
use crate::store::{DynamoDbLetterStore, StoreError};
use aws_lambda_events::event::dynamodb::Event;

/// Tallies the batch's letters. An error fails the whole batch, which the
/// event source retries (splitting it to isolate a bad record); letters
/// already tallied are skipped, so retries never count twice.
pub async fn handle_stream_batch(
    store: &DynamoDbLetterStore,
    event: Event,
) -> Result<usize, StoreError> {
    let mut letters = Vec::new();
    for record in event.records {
        let event_id = record.event_id.clone();
        match inserted_letter(record) {
            Ok(Some(letter)) => letters.push(letter),
            Ok(None) => {}
            Err(error) => {
                tracing::error!(%event_id, error = format!("{error:#}"), "unreadable stream record");
                return Err(StoreError::Unexpected(error));
            }
        }
    }
    store.tally_letters(&letters).await?;
    tracing::info!(letters = letters.len(), "letters tallied");
    Ok(letters.len())
}
