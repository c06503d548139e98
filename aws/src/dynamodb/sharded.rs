//! A transaction that counts on shards of [`ShardedCounter`]s: when it
//! conflicts with another transaction on a shard, it is tried again on
//! others, a few times, and then the store is reported busy. Storing,
//! tallying, settling, confirming and withdrawing letters all count this way.

use super::{DynamoDbLetterStore, classify};
use anyhow::anyhow;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::TransactWriteItem;
use shared::ports::StoreError;
use std::time::Duration;

/// Attempts, each on a fresh shard. Conflicts need two writers on one shard
/// within milliseconds, so a few attempts with a short backoff (5 to 160 ms,
/// 315 ms in all) clear them; beyond that the table is truly busy.
const ATTEMPTS: u32 = 6;

/// How a transaction ended, short of an error.
#[derive(Debug)]
pub(super) enum Transaction {
    Committed,
    /// The conditions of these items (by position) did not hold; nothing
    /// was written.
    ConditionsFailed(Vec<usize>),
}

/// How one attempt ended.
enum Attempt {
    Done(Transaction),
    /// Another transaction held one of the items: try again.
    Conflict,
}

impl DynamoDbLetterStore {
    /// Runs the transaction `items_for(attempt)` builds, again after each
    /// conflict; each attempt picks its shards with
    /// [`ShardedCounter::shard`], so a retry lands on others.
    pub(super) async fn transact_on_shards(
        &self,
        doing: &'static str,
        items_for: impl Fn(u32) -> anyhow::Result<Vec<TransactWriteItem>>,
    ) -> Result<Transaction, StoreError> {
        for attempt in 0..ATTEMPTS {
            let items = items_for(attempt)?;
            match self.transact(items, doing).await? {
                Attempt::Done(transaction) => return Ok(transaction),
                Attempt::Conflict => {
                    tracing::debug!(
                        attempt,
                        doing,
                        "transaction conflicted; retrying on another shard"
                    );
                    tokio::time::sleep(Duration::from_millis(5 << attempt)).await;
                }
            }
        }
        Err(StoreError::Throttled)
    }

    /// Runs one transaction, sorting out why DynamoDB cancelled it.
    async fn transact(
        &self,
        items: Vec<TransactWriteItem>,
        doing: &'static str,
    ) -> Result<Attempt, StoreError> {
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        let error = match result {
            Ok(_) => return Ok(Attempt::Done(Transaction::Committed)),
            Err(error) => error,
        };
        let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
            error.as_service_error()
        else {
            return Err(classify(error, doing));
        };
        let codes: Vec<&str> = cancelled
            .cancellation_reasons()
            .iter()
            .map(|reason| reason.code().unwrap_or("None"))
            .collect();
        if codes.contains(&"TransactionConflict") {
            Ok(Attempt::Conflict)
        } else if codes.iter().any(|code| super::is_throttling(code)) {
            Err(StoreError::Throttled)
        } else if codes.contains(&"ConditionalCheckFailed") {
            let failed = codes
                .iter()
                .enumerate()
                .filter(|(_, code)| **code == "ConditionalCheckFailed")
                .map(|(position, _)| position)
                .collect();
            Ok(Attempt::Done(Transaction::ConditionsFailed(failed)))
        } else {
            Err(anyhow!("{doing}: transaction cancelled: {codes:?}").into())
        }
    }
}
