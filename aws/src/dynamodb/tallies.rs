//! The analysts' tallies on the table, kept off the stream: the aggregator
//! marks each letter `tallied` and adds it to one of [`TALLY`]'s shards in a
//! single transaction, so a letter handed over twice is counted once; the
//! mailer adds settled confirmations the same way (`confirmations`), to the
//! small [`CONFIRMED`] items, and the deliverer its offices' outcomes
//! (`deliveries`) to the small [`DELIVERED`] items.

use super::keys::{CONFIRMED, DELIVERED, Key, TALLY, key, letter_pk, shard_seed};
use super::sharded::Transaction;
use super::{DynamoDbLetterStore, number};
use anyhow::{Context, anyhow};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use shared::analytics::Tally;
use shared::domain::CampaignSlug;
use shared::letter::Letter;
use shared::ports::{StoreError, TallyWriter};
use std::collections::HashMap;

/// Letters per aggregator transaction: DynamoDB takes 100 items, one is the tally.
const LETTERS_PER_TRANSACTION: usize = 90;

impl DynamoDbLetterStore {
    /// `ADD`s of every count in `tally` to `campaign`'s shards numbered
    /// `shard`: the confirmations' counts to [`CONFIRMED`]'s, the rest to
    /// [`TALLY`]'s; one item for each that has counts.
    pub(super) fn add_to_tally(
        &self,
        campaign: &CampaignSlug,
        shard: u64,
        tally: &Tally,
    ) -> anyhow::Result<Vec<TransactWriteItem>> {
        self.change_tally(campaign, shard, tally, 1)
    }

    /// The same, negated: the tally is a sum over shards, so any shard may
    /// take it.
    pub(super) fn take_from_tally(
        &self,
        campaign: &CampaignSlug,
        shard: u64,
        tally: &Tally,
    ) -> anyhow::Result<Vec<TransactWriteItem>> {
        self.change_tally(campaign, shard, tally, -1)
    }

    fn change_tally(
        &self,
        campaign: &CampaignSlug,
        shard: u64,
        tally: &Tally,
        sign: i64,
    ) -> anyhow::Result<Vec<TransactWriteItem>> {
        let (letters, confirmations) = tally.split_confirmations();
        [(&TALLY, letters), (&CONFIRMED, confirmations)]
            .into_iter()
            .filter(|(_, part)| !part.is_empty())
            .map(|(counter, part)| {
                let shard = shard % counter.write_shards();
                self.add_counts(key(counter.pk(campaign, shard)), &part, sign)
            })
            .collect()
    }

    /// One `ADD` of every count in `tally`, times `sign`, to the item `at`.
    pub(super) fn add_counts(
        &self,
        at: Key,
        tally: &Tally,
        sign: i64,
    ) -> anyhow::Result<TransactWriteItem> {
        let mut update = Update::builder().table_name(&self.table).set_key(Some(at));
        let mut adds = Vec::new();
        for (i, (name, n)) in tally.iter().enumerate() {
            adds.push(format!("#n{i} :v{i}"));
            update = update
                .expression_attribute_names(format!("#n{i}"), name)
                .expression_attribute_values(format!(":v{i}"), number(sign * n as i64));
        }
        let update = update
            .update_expression(format!("ADD {}", adds.join(", ")))
            .build()?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// The campaign's tally: every shard's counts, summed.
    pub(super) async fn read_tally(&self, campaign: &CampaignSlug) -> Result<Tally, StoreError> {
        let mut tally = Tally::default();
        let mut keys = TALLY.read_keys(campaign);
        keys.extend(CONFIRMED.read_keys(campaign));
        keys.extend(DELIVERED.read_keys(campaign));
        for item in self.batch_get(keys, None).await? {
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

    /// Tallies letters of one campaign in one transaction. A letter tallied
    /// before fails its condition and is dropped; the rest go again.
    async fn tally_chunk(
        &self,
        campaign: &CampaignSlug,
        mut letters: Vec<&Letter>,
    ) -> Result<(), StoreError> {
        while let Some(first) = letters.first() {
            let mut tally = Tally::default();
            let mut marks = Vec::new();
            for letter in &letters {
                tally.add_letter(letter);
                let mark = Update::builder()
                    .table_name(&self.table)
                    .set_key(Some(key(letter_pk(letter))))
                    .update_expression("SET tallied = :yes")
                    .condition_expression("attribute_exists(pk) AND attribute_not_exists(tallied)")
                    .expression_attribute_values(":yes", AttributeValue::Bool(true))
                    .build()
                    .context("building a tally mark")?;
                marks.push(TransactWriteItem::builder().update(mark).build());
            }
            let transaction = self
                .transact_on_shards("tallying letters", |attempt| {
                    let shard = TALLY.shard(shard_seed(first), attempt);
                    let mut items = marks.clone();
                    items.extend(self.add_to_tally(campaign, shard, &tally)?);
                    Ok(items)
                })
                .await?;
            match transaction {
                Transaction::Committed => return Ok(()),
                Transaction::ConditionsFailed(failed) if failed.is_empty() => {
                    return Err(
                        anyhow!("tallying letters: cancelled with no failed condition").into(),
                    );
                }
                Transaction::ConditionsFailed(failed) => {
                    let mut position = 0;
                    letters.retain(|_| {
                        position += 1;
                        !failed.contains(&(position - 1))
                    });
                }
            }
        }
        Ok(())
    }
}

#[async_trait]
impl TallyWriter for DynamoDbLetterStore {
    async fn tally_letters(&self, letters: &[Letter]) -> Result<(), StoreError> {
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
}
