//! Analysts' access on the letters table: maintained tallies and an export
//! index, so no campaign question ever scans the table.
//!
//! Tallies live in [`TALLY_SHARDS`] items per campaign. The aggregator
//! (off the stream, never on the write path) marks each letter `tallied`
//! and adds it to one shard in a single transaction, so a letter delivered
//! twice is counted once; the mailer does the same for settled
//! confirmations. Each shard is an item of flat counters (`state:TX`,
//! `day:2026-11-28`...), a few kilobytes for a year-long campaign.

use super::{DynamoDbLetterStore, Transaction, batch_get, classify, letter_key};
use crate::analytics::{AnalyticsStore, ExportFilter, ExportPage, Tally};
use crate::domain::CampaignSlug;
use crate::letter::Letter;
use crate::store::StoreError;
use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{
    AttributeValue, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    TransactWriteItem, Update,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;

/// Items a campaign's tally is spread over.
pub const TALLY_SHARDS: u64 = 16;
/// Partitions per campaign and day in the export index.
pub const EXPORT_BUCKETS: u8 = 32;
const EXPORT_INDEX: &str = "by_campaign_day";
/// Letters per aggregator transaction: DynamoDB takes 100 items, one is the tally.
const LETTERS_PER_TRANSACTION: usize = 90;
const ATTEMPTS: u32 = 8;

fn tally_key(campaign: &CampaignSlug, shard: u64) -> AttributeValue {
    AttributeValue::S(format!("TALLY#{campaign}#{shard:02}"))
}

/// Where a letter sits in the export index: `(partition, sort)` keys.
pub(super) fn export_keys(letter: &Letter) -> (String, String) {
    let bucket = u8::from_str_radix(&letter.supporter_key()[..2], 16).unwrap_or(0) % EXPORT_BUCKETS;
    let created = letter.created_at.format(&Rfc3339).unwrap_or_default();
    (
        format!(
            "{}#{}#{bucket:02}",
            letter.campaign,
            letter.created_at.date()
        ),
        format!("{created}#{}", letter.id),
    )
}

pub(super) fn export_index() -> anyhow::Result<GlobalSecondaryIndex> {
    let key = |name: &str, key_type| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(key_type)
            .build()
    };
    Ok(GlobalSecondaryIndex::builder()
        .index_name(EXPORT_INDEX)
        .key_schema(key("export_pk", KeyType::Hash)?)
        .key_schema(key("export_sk", KeyType::Range)?)
        .projection(
            Projection::builder()
                .projection_type(ProjectionType::All)
                .build(),
        )
        .build()?)
}

/// An `ADD` of every count in `tally` to one shard.
fn add_to_shard(
    table: &str,
    campaign: &CampaignSlug,
    shard: u64,
    tally: &Tally,
) -> anyhow::Result<TransactWriteItem> {
    let mut update = Update::builder()
        .table_name(table)
        .key("pk", tally_key(campaign, shard));
    let mut adds = Vec::new();
    for (i, (name, n)) in tally.iter().enumerate() {
        adds.push(format!("#n{i} :v{i}"));
        update = update
            .expression_attribute_names(format!("#n{i}"), name)
            .expression_attribute_values(format!(":v{i}"), AttributeValue::N(n.to_string()));
    }
    let update = update
        .update_expression(format!("ADD {}", adds.join(", ")))
        .build()?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// Where an export has got to: which day and bucket, and where in it.
#[derive(Serialize, Deserialize)]
struct Cursor {
    day: usize,
    bucket: u8,
    after: Option<HashMap<String, String>>,
}

impl Cursor {
    fn encode(&self) -> String {
        serde_json::to_vec(self)
            .unwrap_or_default()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn decode(text: &str) -> Option<Self> {
        let bytes: Option<Vec<u8>> = (0..text.len())
            .step_by(2)
            .map(|i| {
                text.get(i..i + 2)
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            })
            .collect();
        serde_json::from_slice(&bytes?).ok()
    }
}

impl DynamoDbLetterStore {
    /// Adds letters to their campaigns' tallies, each exactly once however
    /// often it is handed over: a letter already `tallied` is left out.
    pub async fn tally_letters(&self, letters: &[Letter]) -> Result<(), StoreError> {
        let mut by_campaign: HashMap<&CampaignSlug, Vec<&Letter>> = HashMap::new();
        for letter in letters {
            by_campaign
                .entry(&letter.campaign)
                .or_default()
                .push(letter);
        }
        for (campaign, letters) in by_campaign {
            for chunk in letters.chunks(LETTERS_PER_TRANSACTION) {
                self.tally_chunk(campaign, chunk.to_vec()).await?;
            }
        }
        Ok(())
    }

    async fn tally_chunk(
        &self,
        campaign: &CampaignSlug,
        mut letters: Vec<&Letter>,
    ) -> Result<(), StoreError> {
        for attempt in 0..ATTEMPTS {
            if letters.is_empty() {
                return Ok(());
            }
            let mut tally = Tally::default();
            let mut items = Vec::new();
            for letter in &letters {
                tally.add_letter(letter);
                let mark = Update::builder()
                    .table_name(&self.table)
                    .key(
                        "pk",
                        AttributeValue::S(letter_key(&letter.campaign, &letter.supporter_key())),
                    )
                    .update_expression("SET tallied = :yes")
                    .condition_expression("attribute_exists(pk) AND attribute_not_exists(tallied)")
                    .expression_attribute_values(":yes", AttributeValue::Bool(true))
                    .build()
                    .context("building a tally mark")?;
                items.push(TransactWriteItem::builder().update(mark).build());
            }
            let shard =
                (letters[0].id.as_u128() as u64).wrapping_add(u64::from(attempt)) % TALLY_SHARDS;
            items.push(add_to_shard(&self.table, campaign, shard, &tally)?);
            match self.transact_items(items, "tallying letters").await? {
                Transaction::Committed => return Ok(()),
                Transaction::Conflict => {}
                // Those letters were tallied before: drop them and go again.
                Transaction::ConditionsFailed(failed) => {
                    let mut position = 0;
                    letters.retain(|_| {
                        position += 1;
                        !failed.contains(&(position - 1))
                    });
                }
            }
        }
        Err(StoreError::Throttled)
    }

    /// Adds a settled confirmation to the tally in the same transaction as
    /// `settle`, the letter's conditional update.
    pub(super) async fn settle_counted(
        &self,
        letter: &Letter,
        settle: TransactWriteItem,
        tally: &Tally,
    ) -> Result<bool, StoreError> {
        for attempt in 0..ATTEMPTS {
            let shard =
                (letter.id.as_u128() as u64).wrapping_add(u64::from(attempt)) % TALLY_SHARDS;
            let count = add_to_shard(&self.table, &letter.campaign, shard, tally)?;
            match self
                .transact_items(vec![settle.clone(), count], "settling a confirmation")
                .await?
            {
                Transaction::Committed => return Ok(true),
                Transaction::ConditionsFailed(_) => return Ok(false),
                Transaction::Conflict => {}
            }
        }
        Err(StoreError::Throttled)
    }
}

#[async_trait]
impl AnalyticsStore for DynamoDbLetterStore {
    #[tracing::instrument(skip(self))]
    async fn tally(&self, campaign: &CampaignSlug) -> Result<Tally, StoreError> {
        let keys = (0..TALLY_SHARDS)
            .map(|shard| HashMap::from([("pk".to_owned(), tally_key(campaign, shard))]))
            .collect();
        let mut tally = Tally::default();
        for item in batch_get(&self.client, &self.table, keys, None).await? {
            for (name, value) in item {
                if let AttributeValue::N(n) = value {
                    tally.add(
                        name,
                        n.parse().context("a tally count that is not a number")?,
                    );
                }
            }
        }
        Ok(tally)
    }

    /// Walks the export index day by day (the days the tally knows) and
    /// bucket by bucket, resuming where the cursor says.
    #[tracing::instrument(skip(self, filter, cursor))]
    async fn export_page(
        &self,
        campaign: &CampaignSlug,
        filter: &ExportFilter,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<ExportPage, StoreError> {
        let mut at = match cursor {
            Some(text) => Cursor::decode(text).ok_or(StoreError::InvalidCursor)?,
            None => Cursor {
                day: 0,
                bucket: 0,
                after: None,
            },
        };
        let tally = self.tally(campaign).await?;
        let days: Vec<&str> = tally
            .days()
            .into_iter()
            .filter(|day| {
                filter
                    .since
                    .is_none_or(|since| *day >= since.date().to_string().as_str())
            })
            .filter(|day| {
                filter
                    .until
                    .is_none_or(|until| *day <= until.date().to_string().as_str())
            })
            .collect();
        // Key values may not be empty: "0" and "~" sort before and after any time.
        let from = filter
            .since
            .map(|t| t.format(&Rfc3339).unwrap_or_default())
            .unwrap_or_else(|| "0".into());
        let to = filter
            .until
            .map(|t| t.format(&Rfc3339).unwrap_or_default())
            .unwrap_or_else(|| "~".into());
        let mut page = ExportPage::default();
        while let Some(day) = days.get(at.day) {
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(EXPORT_INDEX)
                .key_condition_expression("export_pk = :pk AND export_sk BETWEEN :from AND :to")
                .expression_attribute_values(
                    ":pk",
                    AttributeValue::S(format!("{campaign}#{day}#{:02}", at.bucket)),
                )
                .expression_attribute_values(":from", AttributeValue::S(from.clone()))
                .expression_attribute_values(":to", AttributeValue::S(to.clone()))
                .limit((limit - page.letters.len()) as i32)
                .set_exclusive_start_key(at.after.take().map(|key| {
                    key.into_iter()
                        .map(|(k, v)| (k, AttributeValue::S(v)))
                        .collect()
                }));
            if let Some(state) = filter.state {
                query = query
                    .filter_expression("#state = :state")
                    .expression_attribute_names("#state", "state")
                    .expression_attribute_values(":state", AttributeValue::S(state.code().into()));
            }
            let output = query
                .send()
                .await
                .map_err(|e| classify(e, "exporting letters"))?;
            for item in output.items.unwrap_or_default() {
                let letter: Letter =
                    serde_dynamo::from_item(item).context("reading an exported letter")?;
                // `until` is exclusive; BETWEEN is not.
                if filter.matches(&letter) {
                    page.letters.push(letter);
                }
            }
            at.after = output.last_evaluated_key.map(|key| {
                key.into_iter()
                    .filter_map(|(k, v)| v.as_s().ok().map(|s| (k, s.clone())))
                    .collect()
            });
            if at.after.is_none() {
                at.bucket += 1;
                if at.bucket == EXPORT_BUCKETS {
                    at.bucket = 0;
                    at.day += 1;
                }
            }
            if page.letters.len() >= limit {
                if days.get(at.day).is_some() {
                    page.next = Some(at.encode());
                }
                break;
            }
        }
        Ok(page)
    }
}
