//! Confirmation tracking on the letters table.
//!
//! A letter's `confirmation` attribute is a map whose `status` moves by
//! conditional updates, so two mailers handed the same letter (queues and
//! streams both deliver at least once) cannot both send it. Suppressed
//! addresses are items `SUPPRESSED#{digest}`: the key holds no address.

use super::{DynamoDbLetterStore, classify, letter_key};
use crate::analytics::Tally;
use crate::domain::EmailAddress;
use crate::letter::{Confirmation, Letter};
use crate::store::{Claim, ConfirmationStore, StoreError};
use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use serde::Deserialize;
use std::time::Duration;
use time::OffsetDateTime;

fn suppression_key(email: &EmailAddress) -> String {
    format!("SUPPRESSED#{}", email.digest())
}

#[derive(Deserialize)]
struct ConfirmationOnly {
    confirmation: Confirmation,
}

impl DynamoDbLetterStore {
    fn key_of(letter: &Letter) -> AttributeValue {
        AttributeValue::S(letter_key(&letter.campaign, &letter.supporter_key()))
    }

    /// Sets the confirmation if `condition` holds; whether it did.
    async fn set_confirmation_if(
        &self,
        letter: &Letter,
        confirmation: &Confirmation,
        condition: &str,
        values: &[(&str, AttributeValue)],
    ) -> Result<bool, StoreError> {
        let new =
            serde_dynamo::to_attribute_value(confirmation).context("serialising a confirmation")?;
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", Self::key_of(letter))
            .update_expression("SET confirmation = :new")
            .condition_expression(condition)
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":new", new);
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

    async fn current_confirmation(&self, letter: &Letter) -> Result<Confirmation, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", Self::key_of(letter))
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
}

fn status(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
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
        let stale_before = now.unix_timestamp() - lease.as_secs() as i64;
        let claimed = self
            .set_confirmation_if(
                letter,
                &Confirmation::Sending {
                    claimed_at: now.unix_timestamp(),
                },
                "confirmation.#status = :pending \
                 OR (confirmation.#status = :sending AND confirmation.claimed_at < :stale_before)",
                &[
                    (":pending", status("pending")),
                    (":sending", status("sending")),
                    (":stale_before", AttributeValue::N(stale_before.to_string())),
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
    async fn settle(&self, letter: &Letter, confirmation: &Confirmation) -> Result<(), StoreError> {
        let settled = if !confirmation.is_settled() {
            // Handed back as pending: nothing to count.
            self.set_confirmation_if(
                letter,
                confirmation,
                "confirmation.#status = :sending",
                &[(":sending", status("sending"))],
            )
            .await?
        } else {
            let mut tally = Tally::default();
            tally.add_settled(confirmation);
            let new = serde_dynamo::to_attribute_value(confirmation)
                .context("serialising a confirmation")?;
            let update = Update::builder()
                .table_name(&self.table)
                .key("pk", Self::key_of(letter))
                .update_expression("SET confirmation = :new")
                .condition_expression("confirmation.#status = :sending")
                .expression_attribute_names("#status", "status")
                .expression_attribute_values(":new", new)
                .expression_attribute_values(":sending", status("sending"))
                .build()
                .context("building a confirmation update")?;
            self.settle_counted(
                letter,
                TransactWriteItem::builder().update(update).build(),
                &tally,
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
            .key("pk", AttributeValue::S(suppression_key(email)))
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
            .item("pk", AttributeValue::S(suppression_key(email)))
            .item("kind", status("suppression"))
            .item(
                "at",
                AttributeValue::N(OffsetDateTime::now_utc().unix_timestamp().to_string()),
            )
            .send()
            .await
            .map_err(|e| classify(e, "adding to the suppression list"))?;
        Ok(())
    }
}
