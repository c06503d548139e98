//! Letters on the table: stored once per supporter and counted in the same
//! transaction; the public count summed from its shards.

use super::keys::{COUNT, export_keys, key, letter_pk, shard_seed};
use super::sharded::Transaction;
use super::{DynamoDbLetterStore, classify, number};
use anyhow::{Context, anyhow};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use serde::{Deserialize, Serialize};
use shared::domain::{CampaignSlug, EmailAddress};
use shared::letter::StoredLetter;
use shared::letter::{Letter, LetterRef};
use shared::ports::{LetterStore, Recorded, StoreError, Verification, Withdrawal};
use uuid::Uuid;

/// A letter as an item: its key, its place in the export index, then the
/// letter in its stored form.
#[derive(Serialize, Deserialize)]
pub(super) struct LetterItem {
    pub pk: String,
    pub export_pk: String,
    pub export_sk: String,
    #[serde(
        flatten,
        serialize_with = "StoredLetter::write",
        deserialize_with = "StoredLetter::read"
    )]
    pub letter: Letter,
}

#[derive(Deserialize)]
struct IdOnly {
    id: Uuid,
}

/// A count shard, as read with only its count projected: a shard without
/// the attribute (an empty item, which moto can leave mid-transaction)
/// counts nothing.
#[derive(Deserialize)]
struct CountShard {
    #[serde(default)]
    letters: u64,
}

impl DynamoDbLetterStore {
    /// The id of the letter already stored under `pk`.
    async fn existing_id(&self, pk: String) -> Result<Uuid, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(pk)))
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
}

#[async_trait]
impl LetterStore for DynamoDbLetterStore {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, campaign = %letter.campaign))]
    async fn record(&self, letter: &Letter) -> Result<Recorded, StoreError> {
        let pk = letter_pk(letter);
        let (export_pk, export_sk) = export_keys(&letter.reference());
        let item = serde_dynamo::to_item(LetterItem {
            pk: pk.clone(),
            export_pk,
            export_sk,
            letter: letter.clone(),
        })
        .context("serialising a letter")?;
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .context("building the letter put")?;
        let transaction = self
            .transact_on_shards("storing a letter", |attempt| {
                let shard = COUNT.shard(shard_seed(letter), attempt);
                let increment = Update::builder()
                    .table_name(&self.table)
                    .set_key(Some(key(COUNT.pk(&letter.campaign, shard))))
                    .update_expression("ADD letters :one")
                    .expression_attribute_values(":one", number(1))
                    .build()
                    .context("building the count increment")?;
                Ok(vec![
                    TransactWriteItem::builder().put(put.clone()).build(),
                    TransactWriteItem::builder().update(increment).build(),
                ])
            })
            .await?;
        match transaction {
            Transaction::Committed => Ok(Recorded::Stored { id: letter.id }),
            Transaction::ConditionsFailed(failed) if failed == [0] => {
                Ok(Recorded::AlreadyRecorded {
                    id: self.existing_id(pk).await?,
                })
            }
            Transaction::ConditionsFailed(failed) => {
                Err(anyhow!("letter transaction: conditions failed on items {failed:?}").into())
            }
        }
    }

    #[tracing::instrument(skip(self))]
    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError> {
        let mut total = 0;
        for item in self
            .batch_get(COUNT.read_keys(campaign), Some("letters"))
            .await?
        {
            let shard: CountShard =
                serde_dynamo::from_item(item).context("reading a count shard")?;
            total += shard.letters;
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

    async fn find(&self, reference: &LetterRef) -> Result<Option<Letter>, StoreError> {
        self.find_letter(reference).await
    }

    #[tracing::instrument(skip_all, fields(letter_id = %reference.id))]
    async fn verify(&self, reference: &LetterRef) -> Result<Verification, StoreError> {
        self.verify_letter(reference).await
    }

    #[tracing::instrument(skip_all, fields(letter_id = %reference.id))]
    async fn withdraw(&self, reference: &LetterRef) -> Result<Withdrawal, StoreError> {
        self.withdraw_letter(reference).await
    }

    async fn erase(
        &self,
        email: &EmailAddress,
        campaigns: &[CampaignSlug],
    ) -> Result<usize, StoreError> {
        self.erase_letters(email, campaigns).await
    }
}
