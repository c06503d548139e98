//! The aggregator: new letters from the store's change stream (on AWS a
//! Lambda event source mapping, filtered to letter inserts) added to their
//! campaigns' tallies, each exactly once.

use crate::ports::{LetterStream, StoreError, TallyWriter};
use serde::Deserialize;
use std::collections::HashSet;

/// A batch of change records, as an event source mapping delivers it.
#[derive(Debug, Default, Deserialize)]
pub struct StreamBatch {
    #[serde(rename = "Records")]
    pub records: Vec<serde_json::Value>,
}

/// Tallies the batch's letters. An error fails the whole batch, which the
/// event source retries (splitting it to isolate a bad record); letters
/// already tallied are skipped, so retries never count twice.
pub async fn handle_stream_batch(
    stream: &dyn LetterStream,
    tallies: &dyn TallyWriter,
    batch: StreamBatch,
) -> Result<usize, StoreError> {
    let mut letters = Vec::new();
    let mut seen = HashSet::new();
    for record in &batch.records {
        match stream.inserted_letter(record) {
            // A letter twice in one batch (a replay, or moto's two records
            // for one insert) is tallied once: a transaction may not name
            // one item twice.
            Ok(Some(letter)) => {
                if seen.insert(letter.id) {
                    letters.push(letter);
                }
            }
            Ok(None) => {}
            Err(error) => {
                let event_id = record["eventID"].as_str().unwrap_or_default();
                tracing::error!(%event_id, error = format!("{error:#}"), "unreadable stream record");
                return Err(StoreError::Unexpected(error));
            }
        }
    }
    tallies.tally_letters(&letters).await?;
    tracing::info!(letters = letters.len(), "letters tallied");
    Ok(letters.len())
}
