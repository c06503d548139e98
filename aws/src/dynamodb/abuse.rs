//! The defences' counters on the table: one item per limit and subject,
//! `RATE#{limit}#{subject digest}`, counting the attempts of the current
//! window (and forgotten by TTL a window after it ends); one item per spent
//! form token, `TOKEN#{nonce}`, naming the supporter digest that spent it.
//! Conditional writes keep both exact across every instance.

use super::keys::key;
use super::{DynamoDbLetterStore, classify, number};
use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};
use shared::ports::{AbuseStore, Allowance, RateLimit, StoreError, TokenUse};
use time::OffsetDateTime;

fn rate_pk(name: &str, subject: &str) -> String {
    format!("RATE#{name}#{subject}")
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

/// What became of an attempt to count in the window already begun.
enum Count {
    Counted,
    /// The window begun (this one, or a later one another instance began
    /// while this attempt's clock read a moment behind) is full.
    Full {
        window: i64,
    },
    /// No window begun for this subject, or only one that has ended.
    NotBegun,
}

impl DynamoDbLetterStore {
    /// Adds one to the count of the window begun, if it is not earlier than
    /// `window` and under `max`.
    async fn count_in_window(&self, pk: &str, window: i64, max: u32) -> Result<Count, StoreError> {
        let counted = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(pk.to_owned())))
            .update_expression("ADD hits :one")
            .condition_expression("#window >= :window AND hits < :max")
            .expression_attribute_names("#window", "window")
            .expression_attribute_values(":one", number(1))
            .expression_attribute_values(":window", number(window))
            .expression_attribute_values(":max", number(max))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match counted {
            Ok(_) => Ok(Count::Counted),
            Err(error) if condition_failed(&error) => {
                let begun = match error.as_service_error() {
                    Some(UpdateItemError::ConditionalCheckFailedException(failed)) => failed
                        .item()
                        .and_then(|item| item.get("window")?.as_n().ok()?.parse::<i64>().ok()),
                    _ => None,
                };
                Ok(match begun {
                    Some(begun) if begun >= window => Count::Full { window: begun },
                    _ => Count::NotBegun,
                })
            }
            Err(error) => Err(classify(error, "counting an attempt")),
        }
    }

    /// Starts this window's count at one, unless it has started already.
    async fn start_window(
        &self,
        pk: &str,
        window: i64,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let started = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(pk.to_owned()))
            .item("window", number(window))
            .item("hits", number(1))
            .item("expires_at", number(expires_at))
            .condition_expression("attribute_not_exists(pk) OR #window < :window")
            .expression_attribute_names("#window", "window")
            .expression_attribute_values(":window", number(window))
            .send()
            .await;
        match started {
            Ok(_) => Ok(true),
            Err(error) if condition_failed(&error) => Ok(false),
            Err(error) => Err(classify(error, "starting a count")),
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
        let pk = rate_pk(limit.name, subject);
        let (window, ends) = limit.window(now);
        let expires_at = ends.unix_timestamp() + limit.per.as_secs() as i64;
        // Two rounds: another instance may start the window between ours.
        for _ in 0..2 {
            match self.count_in_window(&pk, window, limit.max).await? {
                Count::Counted => return Ok(Allowance::Allowed),
                Count::Full { window: begun } => {
                    let retry_after = limit.wait_until_end_of(begun, now);
                    return Ok(Allowance::Limited { retry_after });
                }
                Count::NotBegun => {
                    if self.start_window(&pk, window, expires_at).await? {
                        return Ok(Allowance::Allowed);
                    }
                }
            }
        }
        let retry_after = limit.wait_until_end_of(window, now);
        Ok(Allowance::Limited { retry_after })
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

    async fn forget(&self, name: &str, subject: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(rate_pk(name, subject))))
            .send()
            .await
            .map_err(|e| classify(e, "forgetting a count"))?;
        Ok(())
    }
}
