//! Confirmation tracking on the letters table.
//!
//! A letter's `confirmation` attribute is a map whose `status` moves by
//! conditional updates, so two mailers handed the same letter (queues and
//! streams both deliver at least once) cannot both send it. Suppressed
//! addresses are items `SUPPRESSED#{digest}`.

use super::keys::{TALLY, key, letter_pk, shard_seed, suppression_pk};
use super::sharded::Transaction;
use super::{DynamoDbLetterStore, classify, number};
use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use serde::Deserialize;
use shared::analytics::Tally;
use shared::domain::EmailAddress;
use shared::letter::{ConfirmationStatus, Letter};
use shared::ports::{Claim, ConfirmationStore, StoreError};
use std::time::Duration;
use time::OffsetDateTime;

#[derive(Deserialize)]
struct ConfirmationOnly {
    confirmation: ConfirmationStatus,
}

fn status(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn serialised(status: &ConfirmationStatus) -> anyhow::Result<AttributeValue> {
    serde_dynamo::to_attribute_value(status).context("serialising a confirmation")
}

/// The condition of a settle: only a letter still being sent is settled.
const STILL_SENDING: &str = "confirmation.#status = :sending";

impl DynamoDbLetterStore {
    /// Sets the confirmation if `condition` holds; whether it did.
    async fn set_confirmation_if(
        &self,
        letter: &Letter,
        new: &ConfirmationStatus,
        condition: &str,
        values: &[(&str, AttributeValue)],
    ) -> Result<bool, StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(letter_pk(letter))))
            .update_expression("SET confirmation = :new")
            .condition_expression(condition)
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":new", serialised(new)?);
        for (name, value) in values {
            update = update.expression_attribute_values(*name, value.clone());
        }
        match update.send().await {
            Ok(_) => Ok(true),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(error) => Err(classify(error, "updating a confirmation")),
        }
    }

    async fn current_confirmation(
        &self,
        letter: &Letter,
    ) -> Result<ConfirmationStatus, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(letter_pk(letter))))
            .projection_expression("confirmation")
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify(e, "reading a confirmation"))?;
        let item = output
            .item
            .with_context(|| format!("letter {} is not in the table", letter.id))?;
        let found: ConfirmationOnly =
            serde_dynamo::from_item(item).context("reading a confirmation")?;
        Ok(found.confirmation)
    }

    /// Settles the confirmation and counts it in the tally, in one
    /// transaction; whether the letter was still ours to settle.
    async fn settle_counted(
        &self,
        letter: &Letter,
        settled: &ConfirmationStatus,
    ) -> Result<bool, StoreError> {
        let mut tally = Tally::default();
        tally.add_settled(settled);
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(letter_pk(letter))))
            .update_expression("SET confirmation = :new")
            .condition_expression(STILL_SENDING)
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":new", serialised(settled)?)
            .expression_attribute_values(":sending", status("sending"))
            .build()
            .context("building a confirmation update")?;
        let transaction = self
            .transact_on_shards("settling a confirmation", |attempt| {
                let shard = TALLY.shard(shard_seed(letter), attempt);
                let mut items = vec![TransactWriteItem::builder().update(update.clone()).build()];
                items.extend(self.add_to_tally(&letter.campaign, shard, &tally)?);
                Ok(items)
            })
            .await?;
        Ok(matches!(transaction, Transaction::Committed))
    }
}

#[async_trait]
impl ConfirmationStore for DynamoDbLetterStore {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id))]
    async fn claim(
        &self,
        letter: &Letter,
        now: OffsetDateTime,
        lease: Duration,
    ) -> Result<Claim, StoreError> {
        let stale_before = ConfirmationStatus::stale_before(now, lease);
        let claimed = self
            .set_confirmation_if(
                letter,
                &ConfirmationStatus::Sending {
                    claimed_at: now.unix_timestamp(),
                },
                "confirmation.#status = :pending \
                 OR (confirmation.#status = :sending AND confirmation.claimed_at < :stale_before)",
                &[
                    (":pending", status("pending")),
                    (":sending", status("sending")),
                    (":stale_before", number(stale_before)),
                ],
            )
            .await?;
        if claimed {
            return Ok(Claim::Claimed);
        }
        Ok(match self.current_confirmation(letter).await? {
            settled if settled.is_settled() => Claim::Settled(settled),
            _ => Claim::HeldElsewhere,
        })
    }

    #[tracing::instrument(skip_all, fields(letter_id = %letter.id))]
    async fn settle(&self, letter: &Letter, new: &ConfirmationStatus) -> Result<(), StoreError> {
        let settled = if new.is_settled() {
            self.settle_counted(letter, new).await?
        } else {
            // Handed back as pending: nothing to count.
            self.set_confirmation_if(
                letter,
                new,
                STILL_SENDING,
                &[(":sending", status("sending"))],
            )
            .await?
        };
        if !settled {
            tracing::warn!("confirmation was no longer ours to settle");
        }
        Ok(())
    }

    async fn is_suppressed(&self, email: &EmailAddress) -> Result<bool, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(suppression_pk(email))))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify(e, "reading the suppression list"))?;
        Ok(output.item.is_some())
    }

    async fn suppress(&self, email: &EmailAddress) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(suppression_pk(email)))
            .item("kind", status("suppression"))
            .item("at", number(OffsetDateTime::now_utc().unix_timestamp()))
            .send()
            .await
            .map_err(|e| classify(e, "adding to the suppression list"))?;
        Ok(())
    }
}
