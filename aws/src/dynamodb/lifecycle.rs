//! What a supporter (or an analyst, for them) may do to a stored letter
//! after it is written: find it by a link's reference, confirm it from the
//! email, withdraw it. Each change and its counts are one transaction, its
//! conditions pinned to the state it was read in, so a concurrent change
//! (the aggregator, a mailer) makes it read again rather than count wrong.

use super::keys::{COUNT, EXPORT_INDEX, TALLY, export_keys, key, shard_seed};
use super::sharded::Transaction;
use super::{DynamoDbLetterStore, classify, number};
use anyhow::Context;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem, Update};
use serde::Deserialize;
use shared::analytics::Tally;
use shared::domain::{CampaignSlug, EmailAddress};
use shared::letter::StoredLetter;
use shared::letter::{Letter, LetterRef, supporter_key};
use shared::ports::{StoreError, Verification, Withdrawal};
use time::OffsetDateTime;

/// Reads before giving up when the letter keeps changing under us.
const ATTEMPTS: u32 = 5;

/// A letter as stored now, with whether the aggregator has counted it.
#[derive(Deserialize)]
struct CurrentLetter {
    pk: String,
    #[serde(default)]
    tallied: bool,
    #[serde(flatten, deserialize_with = "StoredLetter::read")]
    letter: Letter,
}

fn yes() -> AttributeValue {
    AttributeValue::Bool(true)
}

impl DynamoDbLetterStore {
    /// The partition key of the letter `reference` names, through the
    /// export index (whose bucket the letter's id decides).
    async fn locate(&self, reference: &LetterRef) -> Result<Option<String>, StoreError> {
        let (export_pk, export_sk) = export_keys(reference);
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(EXPORT_INDEX)
            .key_condition_expression("export_pk = :pk AND export_sk = :sk")
            .expression_attribute_values(":pk", AttributeValue::S(export_pk))
            .expression_attribute_values(":sk", AttributeValue::S(export_sk))
            .projection_expression("pk")
            .send()
            .await
            .map_err(|e| classify(e, "finding a letter"))?;
        Ok(output
            .items
            .unwrap_or_default()
            .into_iter()
            .find_map(|mut item| item.remove("pk")?.as_s().ok().cloned()))
    }

    /// The letter stored under `pk` now, read consistently.
    async fn current(&self, pk: &str) -> Result<Option<CurrentLetter>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(pk.to_owned())))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify(e, "reading a letter"))?;
        output
            .item
            .map(|item| serde_dynamo::from_item(item).context("reading a stored letter"))
            .transpose()
            .map_err(StoreError::from)
    }

    async fn current_by_reference(
        &self,
        reference: &LetterRef,
    ) -> Result<Option<CurrentLetter>, StoreError> {
        match self.locate(reference).await? {
            Some(pk) => self.current(&pk).await,
            None => Ok(None),
        }
    }

    pub(super) async fn find_letter(
        &self,
        reference: &LetterRef,
    ) -> Result<Option<Letter>, StoreError> {
        let found = self.current_by_reference(reference).await?;
        Ok(found
            .map(|stored| stored.letter)
            .filter(|letter| letter.id == reference.id))
    }

    pub(super) async fn verify_letter(
        &self,
        reference: &LetterRef,
    ) -> Result<Verification, StoreError> {
        for _ in 0..ATTEMPTS {
            let Some(stored) = self.current_by_reference(reference).await? else {
                return Ok(Verification::NotFound);
            };
            let letter = &stored.letter;
            if letter.email_verified {
                return Ok(Verification::AlreadyVerified);
            }
            let mut added = Tally::default();
            added.add_verification(letter);
            let mark = Update::builder()
                .table_name(&self.table)
                .set_key(Some(key(stored.pk.clone())))
                .update_expression("SET email_verified = :yes, opt_in_confirmed = :opt_in")
                .condition_expression(
                    "attribute_exists(pk) AND (attribute_not_exists(email_verified) OR email_verified = :no)",
                )
                .expression_attribute_values(":yes", yes())
                .expression_attribute_values(":no", AttributeValue::Bool(false))
                .expression_attribute_values(":opt_in", AttributeValue::Bool(letter.fields.opt_in))
                .build()
                .context("building a verification")?;
            let transaction = self
                .transact_on_shards("verifying a letter", |attempt| {
                    let shard = TALLY.shard(shard_seed(letter), attempt);
                    let mut items = vec![TransactWriteItem::builder().update(mark.clone()).build()];
                    items.extend(self.add_to_tally(&letter.campaign, shard, &added)?);
                    Ok(items)
                })
                .await?;
            if let Transaction::Committed = transaction {
                return Ok(Verification::Verified);
            }
        }
        Err(StoreError::Throttled)
    }

    pub(super) async fn withdraw_letter(
        &self,
        reference: &LetterRef,
    ) -> Result<Withdrawal, StoreError> {
        match self.locate(reference).await? {
            Some(pk) => self.withdraw_stored(&pk).await,
            None => Ok(Withdrawal::NotFound),
        }
    }

    /// Deletes the letter under `pk` and takes back what it counted: its
    /// place in the public count, and in the tally what it had added.
    async fn withdraw_stored(&self, pk: &str) -> Result<Withdrawal, StoreError> {
        for _ in 0..ATTEMPTS {
            let Some(stored) = self.current(pk).await? else {
                return Ok(Withdrawal::NotFound);
            };
            let letter = &stored.letter;
            let taken = Tally::contribution(letter, stored.tallied);
            let delete = self.pinned_delete(&stored)?;
            let tombstone = Put::builder()
                .table_name(&self.table)
                .item("pk", AttributeValue::S(format!("WITHDRAWN#{}", letter.id)))
                .item("kind", AttributeValue::S("withdrawal".into()))
                .item("campaign", AttributeValue::S(letter.campaign.to_string()))
                .item("at", number(OffsetDateTime::now_utc().unix_timestamp()))
                .item("expires_at", number(letter.expires_at))
                .build()
                .context("building a withdrawal's record")?;
            let transaction = self
                .transact_on_shards("withdrawing a letter", |attempt| {
                    let seed = shard_seed(letter);
                    let uncount = Update::builder()
                        .table_name(&self.table)
                        .set_key(Some(key(
                            COUNT.pk(&letter.campaign, COUNT.shard(seed, attempt))
                        )))
                        .update_expression("ADD letters :minus_one")
                        .expression_attribute_values(":minus_one", number(-1))
                        .build()
                        .context("building the count's decrement")?;
                    let mut items = vec![
                        TransactWriteItem::builder().delete(delete.clone()).build(),
                        TransactWriteItem::builder().put(tombstone.clone()).build(),
                        TransactWriteItem::builder().update(uncount).build(),
                    ];
                    if taken.iter().next().is_some() {
                        let shard = TALLY.shard(seed, attempt);
                        items.extend(self.take_from_tally(&letter.campaign, shard, &taken)?);
                    }
                    Ok(items)
                })
                .await?;
            if let Transaction::Committed = transaction {
                return Ok(Withdrawal::Withdrawn);
            }
        }
        Err(StoreError::Throttled)
    }

    /// A delete of the letter that holds only while it is as `stored`
    /// shows it: same confirmation status, tallied or not, verified or not.
    fn pinned_delete(&self, stored: &CurrentLetter) -> anyhow::Result<Delete> {
        let tallied = if stored.tallied {
            "attribute_exists(tallied)"
        } else {
            "attribute_not_exists(tallied)"
        };
        let verified = if stored.letter.email_verified {
            "email_verified = :yes"
        } else {
            "(attribute_not_exists(email_verified) OR email_verified <> :yes)"
        };
        // A status only moves forward, and what it counts changes only when
        // its name does: the name pins it.
        let status: AttributeValue = serde_dynamo::to_attribute_value(&stored.letter.confirmation)
            .context("serialising a confirmation")?;
        let status_name = status
            .as_m()
            .ok()
            .and_then(|map| map.get("status"))
            .cloned()
            .context("a confirmation without a status")?;
        Ok(Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key(stored.pk.clone())))
            .condition_expression(format!(
                "attribute_exists(pk) AND confirmation.#status = :status AND {tallied} AND {verified}"
            ))
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":status", status_name)
            .expression_attribute_values(":yes", yes())
            .build()?)
    }

    pub(super) async fn erase_letters(
        &self,
        email: &EmailAddress,
        campaigns: &[CampaignSlug],
    ) -> Result<usize, StoreError> {
        let mut erased = 0;
        for campaign in campaigns {
            let pk = format!("LETTER#{campaign}#{}", supporter_key(campaign, email));
            if self.withdraw_stored(&pk).await? == Withdrawal::Withdrawn {
                erased += 1;
            }
        }
        Ok(erased)
    }
}

#[cfg(test)]
mod tests {
    use super::super::keys::letter_pk;
    use super::*;
    use shared::fixtures::letter;

    #[test]
    fn erasure_finds_letters_under_the_keys_they_were_stored_with() {
        let letter = letter("ada@example.org");
        let pk = format!(
            "LETTER#{}#{}",
            letter.campaign,
            supporter_key(&letter.campaign, &letter.fields.email)
        );
        assert_eq!(pk, letter_pk(&letter));
    }
}
