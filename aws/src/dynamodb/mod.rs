//! The store on DynamoDB: letters, their counts and confirmations, the
//! suppression list, and the analysts' tallies and export index, in one
//! table. Each file does one job:
//!
//! - `keys`: the key design, and the arithmetic that spreads writes;
//! - `schema`: the table and its export index, for the local server and tests;
//! - `sharded`: a transaction that counts on a shard, retried on another;
//! - `letters`, `lifecycle`, `confirmations`, `deliveries`, `tallies`,
//!   `export`, `abuse`, `campaigns`, `written` (the warehouse's reads): the ports;
//! - `stream`: the table's stream records read back as letters.
//!
//! Why the conditional writes are safe under concurrency: DynamoDB checks a
//! condition and applies a write (or a whole transaction) atomically per
//! item, so of two requests racing on one letter's key exactly one finds it
//! absent (or `pending`). The moto emulator cannot show this under load (see
//! `../shared/local-aws.md`), so the argument is written here instead.

mod abuse;
mod campaigns;
mod confirmations;
mod deliveries;
mod export;
mod keys;
mod letters;
mod lifecycle;
mod schema;
mod sharded;
mod stream;
mod tallies;
mod written;

pub use keys::{COUNT, EXPORT_BUCKETS, ShardedCounter, TALLY};
pub use schema::ChangeStream;
pub use stream::DynamoDbStream;

use anyhow::Context;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};
use keys::Key;
use shared::ports::StoreError;
use std::time::Duration;

/// Keys per `BatchGetItem` call, the API's limit.
const BATCH_GET_LIMIT: usize = 100;

pub struct DynamoDbLetterStore {
    client: Client,
    table: String,
}

impl DynamoDbLetterStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    /// Every item of `keys` that exists, read in batches of the API's limit
    /// at once, each following up the keys DynamoDB leaves unprocessed
    /// under load, with backoff.
    async fn batch_get(
        &self,
        keys: Vec<Key>,
        projection: Option<&str>,
    ) -> Result<Vec<Key>, StoreError> {
        let mut reads = tokio::task::JoinSet::new();
        for batch in keys.chunks(BATCH_GET_LIMIT) {
            reads.spawn(batch_get_one(
                self.client.clone(),
                self.table.clone(),
                batch.to_vec(),
                projection.map(str::to_owned),
            ));
        }
        let mut items = Vec::new();
        while let Some(joined) = reads.join_next().await {
            items.extend(joined.context("a batch read panicked")??);
        }
        Ok(items)
    }
}

async fn batch_get_one(
    client: Client,
    table: String,
    keys: Vec<Key>,
    projection: Option<String>,
) -> Result<Vec<Key>, StoreError> {
    let mut pending = KeysAndAttributes::builder()
        .set_keys(Some(keys))
        .set_projection_expression(projection)
        .build()
        .context("building a batch read")?;
    let mut items = Vec::new();
    for attempt in 0..5u32 {
        let output = client
            .batch_get_item()
            .request_items(&table, pending)
            .send()
            .await
            .map_err(|e| classify(e, "reading items by key"))?;
        items.extend(
            output
                .responses
                .unwrap_or_default()
                .remove(&table)
                .unwrap_or_default(),
        );
        match output
            .unprocessed_keys
            .and_then(|mut rest| rest.remove(&table))
        {
            Some(rest) if !rest.keys.is_empty() => pending = rest,
            _ => return Ok(items),
        }
        tokio::time::sleep(Duration::from_millis(20 << attempt)).await;
    }
    Err(StoreError::Throttled)
}

fn is_throttling(code: &str) -> bool {
    matches!(
        code,
        "ThrottlingException"
            | "ThrottlingError"
            | "ProvisionedThroughputExceededException"
            | "ProvisionedThroughputExceeded"
            | "RequestLimitExceeded"
    )
}

/// Service errors that pass: DynamoDB failed on its side for now.
fn is_passing_failure(code: &str) -> bool {
    matches!(
        code,
        "InternalServerError"
            | "InternalFailure"
            | "ServiceUnavailable"
            | "ServiceUnavailableException"
    )
}

/// A failed call as a store error, after the SDK's own retries: throttling
/// and failures that pass (no answer in time, a dropped connection, a 5xx)
/// are worth trying again later; the rest is unexpected. Each says what was
/// being done.
fn classify<E>(error: SdkError<E, HttpResponse>, doing: &'static str) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let passing = match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            true
        }
        SdkError::ServiceError(service) => {
            service.raw().status().is_server_error() || error.code().is_some_and(is_passing_failure)
        }
        _ => false,
    };
    if error.code().is_some_and(is_throttling) {
        StoreError::Throttled
    } else if passing {
        StoreError::Unavailable(anyhow::Error::new(error).context(doing))
    } else {
        StoreError::Unexpected(anyhow::Error::new(error).context(doing))
    }
}

/// A number as DynamoDB takes it.
fn number(n: impl ToString) -> AttributeValue {
    AttributeValue::N(n.to_string())
}
