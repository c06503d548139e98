//! Each office's delivery on the letter's item: a map `deliveries` keyed by
//! office code, each entry moved by a conditional update on what it was
//! (absent, or retrying after so many attempts) and counted in the
//! campaign's tally in the same transaction, on a small item of the
//! office's own ([`DELIVERED`]'s shards). A settled entry is never
//! written again, so two deliverers racing on one office record one outcome.
//!
//! Each write also sets `delivery_started`: the table's stream forwards to
//! the delivery queue a letter's change only while that is absent (the
//! supporter confirming their address, which a waiting letter needs), so
//! delivery's own writes never feed delivery again.

use super::keys::{DELIVERED, delivered_shard, key, letter_pk, shard_seed};
use super::sharded::Transaction;
use super::{DynamoDbLetterStore, classify, number};
use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use serde::Deserialize;
use shared::analytics::Tally;
use shared::letter::{Deliveries, Letter, OfficeDelivery};
use shared::members::OfficeCode;
use shared::ports::{DeliveryState, DeliveryStore, StoreError};
use uuid::Uuid;

#[derive(Deserialize)]
struct DeliveryAttributes {
    id: Uuid,
    #[serde(default)]
    email_verified: bool,
    deliveries: Option<Deliveries>,
}

impl DynamoDbLetterStore {
    /// Gives a letter stored before deliveries were kept its empty map, so
    /// an office's entry can be set inside it.
    async fn add_deliveries_map(&self, letter: &Letter) -> Result<(), StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(letter_pk(letter))))
            .update_expression("SET deliveries = :empty")
            .condition_expression("attribute_exists(pk) AND attribute_not_exists(deliveries)")
            .expression_attribute_values(":empty", AttributeValue::M(Default::default()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(())
            }
            Err(error) => Err(classify(error, "adding a letter's deliveries")),
        }
    }
}

#[async_trait]
impl DeliveryStore for DynamoDbLetterStore {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id))]
    async fn delivery_state(&self, letter: &Letter) -> Result<Option<DeliveryState>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(letter_pk(letter))))
            .projection_expression("id, email_verified, deliveries")
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify(e, "reading a letter's deliveries"))?;
        let Some(item) = output.item else {
            return Ok(None);
        };
        let found: DeliveryAttributes =
            serde_dynamo::from_item(item).context("reading a letter's deliveries")?;
        if found.id != letter.id {
            return Ok(None);
        }
        let deliveries = match found.deliveries {
            Some(deliveries) => deliveries,
            None => {
                self.add_deliveries_map(letter).await?;
                Deliveries::new()
            }
        };
        Ok(Some(DeliveryState {
            email_verified: found.email_verified,
            deliveries,
        }))
    }

    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, %office))]
    async fn record_delivery(
        &self,
        letter: &Letter,
        office: &OfficeCode,
        previous: Option<&OfficeDelivery>,
        new: &OfficeDelivery,
    ) -> Result<bool, StoreError> {
        let mut update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(letter_pk(letter))))
            .update_expression("SET deliveries.#office = :new, delivery_started = :yes")
            .expression_attribute_values(":yes", AttributeValue::Bool(true))
            .expression_attribute_names("#office", office.as_ref())
            .expression_attribute_values(
                ":new",
                serde_dynamo::to_attribute_value(new).context("serialising a delivery")?,
            );
        update = match previous {
            None => update.condition_expression(
                "attribute_exists(pk) AND attribute_not_exists(deliveries.#office)",
            ),
            Some(settled) if settled.is_settled() => return Ok(false),
            Some(retrying) => update
                .condition_expression(
                    "deliveries.#office.#status = :retrying AND deliveries.#office.attempts = :attempts",
                )
                .expression_attribute_names("#status", "status")
                .expression_attribute_values(":retrying", AttributeValue::S(retrying.state().into()))
                .expression_attribute_values(":attempts", number(retrying.attempts())),
        };
        let update = update.build().context("building a delivery update")?;
        let mut tally = Tally::default();
        tally.add_delivery(office, previous, new);
        let transaction = self
            .transact_on_shards("recording a delivery", |attempt| {
                let mut items = vec![TransactWriteItem::builder().update(update.clone()).build()];
                if !tally.is_empty() {
                    let shard = delivered_shard(office.as_ref(), shard_seed(letter), attempt);
                    let counts = key(DELIVERED.pk(&letter.campaign, shard));
                    items.push(self.add_counts(counts, &tally, 1)?);
                }
                Ok(items)
            })
            .await?;
        Ok(matches!(transaction, Transaction::Committed))
    }
}
