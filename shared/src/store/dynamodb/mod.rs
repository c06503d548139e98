//! The letter store on DynamoDB.
//!
//! # Keys
//!
//! One table, partition key `pk` (string), no sort key:
//!
//! - a letter is `LETTER#{slug}#{supporter key}`, the supporter key being a
//!   SHA-256 digest of the slug and the normalised email. Every letter has a
//!   partition key of its own, so letters spread over all partitions however
//!   fast they come, and a conditional put on that key makes the rule "one
//!   letter per supporter per campaign" hold under concurrent repeats.
//! - a campaign's count is split over [`COUNT_SHARDS`] items
//!   `COUNT#{slug}#{shard}`, each holding a number `letters`. The letter's put
//!   and one shard's increment are a single transaction, so the count can
//!   never drift from the letters stored, whatever retries happen.
//!
//! # Write spread
//!
//! At 20,000 letters a second for one campaign, each shard takes 20,000 / 500
//! = 40 transactional writes a second, 80 write units (a transactional write
//! costs two), far under the 1,000 a partition accepts. Letter items take one
//! write each on distinct keys. Two transactions touching the same shard at
//! the same moment conflict; the loser retries on another shard, chosen
//! afresh per attempt, which is why there are many shards and not a few.
//!
//! Reading a count sums the 500 shards with five `BatchGetItem` calls.
//!
//! # For analysts
//!
//! - Summaries read [`analytics::TALLY_SHARDS`] items `TALLY#{slug}#{shard}`
//!   kept by the aggregator off the stream, never the letters themselves.
//! - Exports query the index `by_campaign_day`, partitioned by
//!   `{slug}#{day}#{bucket}` over [`analytics::EXPORT_BUCKETS`] buckets, so
//!   at 20,000 letters a second each index partition takes 20,000 / 32 =
//!   625 writes a second; sorted by creation time.

mod analytics;
mod confirmations;

use super::{LetterStore, Recorded, StoreError};
use crate::domain::CampaignSlug;
use crate::letter::Letter;
use anyhow::{Context, anyhow};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeyType, KeysAndAttributes, Put,
    ScalarAttributeType, StreamSpecification, StreamViewType, TransactWriteItem, Update,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Duration;
use uuid::Uuid;

/// How many items hold one campaign's count.
pub const COUNT_SHARDS: u64 = 500;
/// Keys per `BatchGetItem` call, the API's limit.
const BATCH_GET_LIMIT: usize = 100;
/// Attempts at a letter's transaction when it conflicts with another.
const CONFLICT_ATTEMPTS: u32 = 4;

/// A letter as an item: its key, its place in the export index, then its fields.
#[derive(Serialize, Deserialize)]
struct LetterItem {
    pk: String,
    export_pk: String,
    export_sk: String,
    #[serde(flatten)]
    letter: Letter,
}

#[derive(Deserialize)]
struct IdOnly {
    id: Uuid,
}

#[derive(Deserialize)]
struct CountShard {
    letters: u64,
}

fn letter_key(campaign: &CampaignSlug, supporter_key: &str) -> String {
    format!("LETTER#{campaign}#{supporter_key}")
}

fn count_key(campaign: &CampaignSlug, shard: u64) -> String {
    format!("COUNT#{campaign}#{shard:03}")
}

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

    /// The store a function uses: the table named by `TABLE_NAME`.
    pub fn from_env(sdk_config: &aws_config::SdkConfig) -> anyhow::Result<Self> {
        let table = crate::config::required("TABLE_NAME")?;
        Ok(Self::new(Client::new(sdk_config), table))
    }

    /// Creates the table if it does not exist, as the local server and the
    /// tests need; on AWS the SAM template creates it.
    pub async fn create_table_if_missing(&self) -> anyhow::Result<()> {
        let described = self
            .client
            .describe_table()
            .table_name(&self.table)
            .send()
            .await;
        match described {
            Ok(_) => return Ok(()),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_not_found_exception()) => {}
            Err(error) => return Err(error).context("describing the letters table"),
        }
        self.client
            .create_table()
            .table_name(&self.table)
            .set_attribute_definitions(Some(
                ["pk", "export_pk", "export_sk"]
                    .into_iter()
                    .map(|name| {
                        AttributeDefinition::builder()
                            .attribute_name(name)
                            .attribute_type(ScalarAttributeType::S)
                            .build()
                    })
                    .collect::<Result<_, _>>()?,
            ))
            .global_secondary_indexes(analytics::export_index()?)
            .key_schema(
                aws_sdk_dynamodb::types::KeySchemaElement::builder()
                    .attribute_name("pk")
                    .key_type(KeyType::Hash)
                    .build()?,
            )
            .billing_mode(BillingMode::PayPerRequest)
            .stream_specification(
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::NewImage)
                    .build()?,
            )
            .send()
            .await
            .context("creating the letters table")?;
        Ok(())
    }

    /// One attempt at storing the letter and counting it on `shard`.
    async fn transact(
        &self,
        letter: &Letter,
        item: &HashMap<String, AttributeValue>,
        shard: u64,
    ) -> Result<Attempt, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item.clone()))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .context("building the letter put")?;
        let increment = Update::builder()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(count_key(&letter.campaign, shard)))
            .update_expression("ADD letters :one")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .build()
            .context("building the count increment")?;
        let items = vec![
            TransactWriteItem::builder().put(put).build(),
            TransactWriteItem::builder().update(increment).build(),
        ];
        Ok(
            match self.transact_items(items, "storing a letter").await? {
                Transaction::Committed => Attempt::Stored,
                Transaction::Conflict => Attempt::Conflict,
                Transaction::ConditionsFailed(failed) if failed == [0] => Attempt::Duplicate,
                Transaction::ConditionsFailed(failed) => {
                    return Err(anyhow!(
                        "letter transaction: conditions failed on items {failed:?}"
                    )
                    .into());
                }
            },
        )
    }

    /// Runs one transaction, sorting out why DynamoDB cancelled it.
    async fn transact_items(
        &self,
        items: Vec<TransactWriteItem>,
        doing: &'static str,
    ) -> Result<Transaction, StoreError> {
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        let error = match result {
            Ok(_) => return Ok(Transaction::Committed),
            Err(error) => error,
        };
        let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
            error.as_service_error()
        else {
            return Err(classify(error, doing));
        };
        let codes: Vec<&str> = cancelled
            .cancellation_reasons()
            .iter()
            .map(|r| r.code().unwrap_or("None"))
            .collect();
        if codes.contains(&"TransactionConflict") {
            Ok(Transaction::Conflict)
        } else if codes.iter().any(|code| is_throttling(code)) {
            Err(StoreError::Throttled)
        } else if codes.contains(&"ConditionalCheckFailed") {
            let failed = codes
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == "ConditionalCheckFailed")
                .map(|(i, _)| i)
                .collect();
            Ok(Transaction::ConditionsFailed(failed))
        } else {
            Err(anyhow!("{doing}: transaction cancelled: {codes:?}").into())
        }
    }

    async fn existing_id(&self, key: String) -> Result<Uuid, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(key))
            .projection_expression("id")
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify(e, "reading an earlier letter"))?;
        let item = output.item.context("an earlier letter vanished")?;
        let found: IdOnly =
            serde_dynamo::from_item(item).context("reading an earlier letter's id")?;
        Ok(found.id)
    }

    /// Sums one batch of count shards, following up unprocessed keys.
    async fn sum_shards(
        client: Client,
        table: String,
        keys: Vec<HashMap<String, AttributeValue>>,
    ) -> Result<u64, StoreError> {
        let mut total = 0;
        for item in batch_get(&client, &table, keys, Some("letters")).await? {
            let shard: CountShard =
                serde_dynamo::from_item(item).context("reading a count shard")?;
            total += shard.letters;
        }
        Ok(total)
    }
}

/// Every item of `keys` (at most 100) that exists, following up the keys
/// DynamoDB leaves unprocessed under load, with backoff.
async fn batch_get(
    client: &Client,
    table: &str,
    keys: Vec<HashMap<String, AttributeValue>>,
    projection: Option<&str>,
) -> Result<Vec<HashMap<String, AttributeValue>>, StoreError> {
    let mut pending = KeysAndAttributes::builder()
        .set_keys(Some(keys))
        .set_projection_expression(projection.map(str::to_owned))
        .build()
        .context("building a batch read")?;
    let mut items = Vec::new();
    for attempt in 0..5u32 {
        let output = client
            .batch_get_item()
            .request_items(table, pending)
            .send()
            .await
            .map_err(|e| classify(e, "reading items by key"))?;
        items.extend(
            output
                .responses
                .unwrap_or_default()
                .remove(table)
                .unwrap_or_default(),
        );
        match output
            .unprocessed_keys
            .and_then(|mut rest| rest.remove(table))
        {
            Some(rest) if !rest.keys.is_empty() => pending = rest,
            _ => return Ok(items),
        }
        tokio::time::sleep(Duration::from_millis(20 << attempt)).await;
    }
    Err(StoreError::Throttled)
}

enum Attempt {
    Stored,
    Duplicate,
    Conflict,
}

/// How a transaction ended, short of an error.
enum Transaction {
    Committed,
    /// Another transaction held one of the items: try again.
    Conflict,
    /// The conditions of these items (by position) did not hold.
    ConditionsFailed(Vec<usize>),
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

fn classify<E, R>(error: SdkError<E, R>, doing: &'static str) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    if error.code().is_some_and(is_throttling) {
        StoreError::Throttled
    } else {
        StoreError::Unexpected(anyhow::Error::new(error).context(doing))
    }
}

#[async_trait]
impl LetterStore for DynamoDbLetterStore {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, campaign = %letter.campaign))]
    async fn record(&self, letter: &Letter) -> Result<Recorded, StoreError> {
        let key = letter_key(&letter.campaign, &letter.supporter_key());
        let (export_pk, export_sk) = analytics::export_keys(letter);
        let item = serde_dynamo::to_item(LetterItem {
            pk: key.clone(),
            export_pk,
            export_sk,
            letter: letter.clone(),
        })
        .context("serialising a letter")?;
        for attempt in 0..CONFLICT_ATTEMPTS {
            let shard =
                (letter.id.as_u128() as u64).wrapping_add(u64::from(attempt)) % COUNT_SHARDS;
            match self.transact(letter, &item, shard).await? {
                Attempt::Stored => return Ok(Recorded::Stored { id: letter.id }),
                Attempt::Duplicate => {
                    return Ok(Recorded::AlreadyRecorded {
                        id: self.existing_id(key).await?,
                    });
                }
                Attempt::Conflict => {
                    tracing::debug!(
                        attempt,
                        "letter transaction conflicted; retrying on another shard"
                    );
                    tokio::time::sleep(Duration::from_millis(5 << attempt)).await;
                }
            }
        }
        Err(StoreError::Throttled)
    }

    #[tracing::instrument(skip(self))]
    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError> {
        let keys: Vec<_> = (0..COUNT_SHARDS)
            .map(|shard| {
                HashMap::from([(
                    "pk".to_owned(),
                    AttributeValue::S(count_key(campaign, shard)),
                )])
            })
            .collect();
        let mut reads = tokio::task::JoinSet::new();
        for batch in keys.chunks(BATCH_GET_LIMIT) {
            reads.spawn(Self::sum_shards(
                self.client.clone(),
                self.table.clone(),
                batch.to_vec(),
            ));
        }
        let mut total = 0;
        while let Some(joined) = reads.join_next().await {
            total += joined.context("a count read panicked")??;
        }
        Ok(total)
    }

    async fn check_health(&self) -> Result<(), StoreError> {
        self.client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S("HEALTH".into()))
            .send()
            .await
            .map_err(|e| classify(e, "checking the letters table"))?;
        Ok(())
    }
}
