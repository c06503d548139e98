//! The defences' counters on the table: one item per limit, subject and
//! window, `RATE#{limit}#{subject digest}#{window start}`, holding the
//! window's attempts slot by slot (`s0`..`s9`) and in all (`hits`), and
//! forgotten by TTL once no later window reads it; one item per spent form
//! token, `TOKEN#{nonce}`, naming the supporter digest that spent it.
//!
//! An attempt reads the previous window's item and makes one conditional
//! update of its own window's, which creates the item if need be: one write
//! unit, where a counter keyed by subject alone paid a failed update and a
//! put for each new window. Conditional writes keep the counts exact across
//! every instance; the sliding estimate is `RateLimit`'s.

use super::keys::key;
use super::{DynamoDbLetterStore, classify, number};
use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};
use shared::ports::{AbuseStore, Allowance, RateLimit, StoreError, TokenUse, WindowCounts};
use std::collections::HashMap;
use time::OffsetDateTime;

fn rate_pk(name: &str, subject: &str, window: i64) -> String {
    format!("RATE#{name}#{subject}#{window}")
}

fn slot_name(slot: usize) -> String {
    format!("s{slot}")
}

/// The slots' counts of a counter item; zero for what it lacks.
fn counts(item: Option<&HashMap<String, AttributeValue>>) -> WindowCounts {
    let mut counts = WindowCounts::default();
    if let Some(item) = item {
        for (slot, count) in counts.0.iter_mut().enumerate() {
            *count = item
                .get(&slot_name(slot))
                .and_then(|value| value.as_n().ok()?.parse().ok())
                .unwrap_or(0);
        }
    }
    counts
}

/// Whether an SDK error is a condition that did not hold.
fn condition_failed<E: aws_sdk_dynamodb::error::ProvideErrorMetadata, R>(
    error: &SdkError<E, R>,
) -> bool {
    error
        .as_service_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "ConditionalCheckFailedException")
}

impl DynamoDbLetterStore {
    /// A window's counts, read consistently: the previous window's last
    /// attempts may be a moment old.
    async fn window_counts(&self, pk: String) -> Result<WindowCounts, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(pk)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify(e, "reading a count"))?;
        Ok(counts(output.item.as_ref()))
    }

    /// Adds one to `slot` of the window's item, creating it, unless the
    /// window already holds `room`: `Err` with its counts then.
    async fn count_in_window(
        &self,
        pk: String,
        slot: usize,
        room: u32,
        expires_at: i64,
    ) -> Result<Result<(), WindowCounts>, StoreError> {
        let counted = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(pk)))
            .update_expression("ADD hits :one, #slot :one SET expires_at = :expires")
            .condition_expression("attribute_not_exists(hits) OR hits < :room")
            .expression_attribute_names("#slot", slot_name(slot))
            .expression_attribute_values(":one", number(1))
            .expression_attribute_values(":room", number(i64::from(room)))
            .expression_attribute_values(":expires", number(expires_at))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match counted {
            Ok(_) => Ok(Ok(())),
            Err(error) if condition_failed(&error) => Ok(Err(match error.as_service_error() {
                Some(UpdateItemError::ConditionalCheckFailedException(failed)) => {
                    counts(failed.item())
                }
                _ => WindowCounts::default(),
            })),
            Err(error) => Err(classify(error, "counting an attempt")),
        }
    }
}

#[async_trait]
impl AbuseStore for DynamoDbLetterStore {
    async fn hit(
        &self,
        limit: &RateLimit,
        subject: &str,
        now: OffsetDateTime,
    ) -> Result<Allowance, StoreError> {
        let at = limit.position(now);
        let previous = self
            .window_counts(rate_pk(limit.name, subject, limit.previous(at.window)))
            .await?;
        let room = limit.room(&previous, at);
        let pk = rate_pk(limit.name, subject, at.window);
        // A full window takes no write: its counts are read to say how long.
        let counted = if room == 0 {
            Err(self.window_counts(pk).await?)
        } else {
            self.count_in_window(pk, at.slot, room, limit.expires_at(at.window))
                .await?
        };
        Ok(match counted {
            Ok(()) => Allowance::Allowed,
            Err(current) => Allowance::Limited {
                retry_after: limit.retry_after(&previous, &current, now),
            },
        })
    }

    async fn spend_token(
        &self,
        nonce: &str,
        supporter: &str,
        until: OffsetDateTime,
    ) -> Result<TokenUse, StoreError> {
        let pk = format!("TOKEN#{nonce}");
        let spent = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(pk.clone()))
            .item("supporter", AttributeValue::S(supporter.to_owned()))
            .item("expires_at", number(until.unix_timestamp()))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match spent {
            Ok(_) => return Ok(TokenUse::First),
            Err(error) if condition_failed(&error) => {}
            Err(error) => return Err(classify(error, "spending a form token")),
        }
        let earlier = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(pk)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify(e, "reading a spent form token"))?;
        let same = earlier
            .item
            .and_then(|item| item.get("supporter")?.as_s().ok().cloned())
            .is_some_and(|earlier| earlier == supporter);
        Ok(if same {
            TokenUse::SameSupporter
        } else {
            TokenUse::OtherSupporter
        })
    }

    async fn forget(
        &self,
        limit: &RateLimit,
        subject: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let window = limit.position(now).window;
        for window in [limit.previous(window), window] {
            self.client
                .delete_item()
                .table_name(&self.table)
                .set_key(Some(key(rate_pk(limit.name, subject, window))))
                .send()
                .await
                .map_err(|e| classify(e, "forgetting a count"))?;
        }
        Ok(())
    }
}
