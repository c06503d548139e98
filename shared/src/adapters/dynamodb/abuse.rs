//! The defences' counters on the table: one item per limit and subject,
//! `RATE#{limit}#{subject digest}`, counting the attempts of the current
//! window (and forgotten by TTL a window after it ends); one item per spent
//! form token, `TOKEN#{nonce}`, naming the supporter digest that spent it.
//! Conditional writes keep both exact across every instance.

use super::keys::key;
use super::{DynamoDbLetterStore, classify, number};
use crate::ports::{AbuseStore, Allowance, RateLimit, StoreError, TokenUse};
use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::types::AttributeValue;
use std::time::Duration;
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

impl DynamoDbLetterStore {
    /// Adds one to this window's count if it is under `max`; whether it was.
    async fn count_in_window(
        &self,
        pk: &str,
        window: i64,
        max: u32,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let counted = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(pk.to_owned())))
            .update_expression("ADD hits :one SET expires_at = :expires")
            .condition_expression("#window = :window AND hits < :max")
            .expression_attribute_names("#window", "window")
            .expression_attribute_values(":one", number(1))
            .expression_attribute_values(":window", number(window))
            .expression_attribute_values(":max", number(max))
            .expression_attribute_values(":expires", number(expires_at))
            .send()
            .await;
        match counted {
            Ok(_) => Ok(true),
            Err(error) if condition_failed(&error) => Ok(false),
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
            if self
                .count_in_window(&pk, window, limit.max, expires_at)
                .await?
                || self.start_window(&pk, window, expires_at).await?
            {
                return Ok(Allowance::Allowed);
            }
        }
        let retry_after = Duration::from_secs((ends - now).whole_seconds().max(1) as u64);
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
