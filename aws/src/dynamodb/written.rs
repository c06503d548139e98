//! The letters written in a span of time, for the warehouse writer: keys
//! from the export index, then the items by key. Only keys are asked of
//! the index, so the read is the same whether the index projects every
//! attribute or only the keys; the items come whole from the table.

use super::keys::{EXPORT_BUCKETS, EXPORT_INDEX, export_pk, key, sort_bound};
use super::letters::LetterItem;
use super::{DynamoDbLetterStore, classify};
use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use shared::domain::CampaignSlug;
use shared::letter::Letter;
use shared::ports::{LetterLog, StoreError};
use std::collections::HashMap;
use time::OffsetDateTime;

#[async_trait]
impl LetterLog for DynamoDbLetterStore {
    #[tracing::instrument(skip(self))]
    async fn written(
        &self,
        campaign: &CampaignSlug,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Vec<Letter>, StoreError> {
        let mut keys = Vec::new();
        let mut day = from.date();
        while day <= until.date() {
            for bucket in 0..EXPORT_BUCKETS {
                keys.extend(
                    self.index_keys(export_pk(campaign, &day.to_string(), bucket), from, until)
                        .await?,
                );
            }
            day = day.next_day().context("a day after the last")?;
        }
        let mut letters = Vec::with_capacity(keys.len());
        for item in self.batch_get(keys, None).await? {
            let LetterItem { letter, .. } =
                serde_dynamo::from_item(item).context("reading a letter for the warehouse")?;
            // A letter withdrawn between the two reads is simply gone.
            letters.push(letter);
        }
        letters.sort_by_key(|letter| (letter.created_at, letter.id));
        Ok(letters)
    }
}

impl DynamoDbLetterStore {
    /// The table keys of one index partition's letters from `from` until
    /// `until`, page after page.
    async fn index_keys(
        &self,
        partition: String,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Vec<HashMap<String, AttributeValue>>, StoreError> {
        let (from, until) = (sort_bound(from)?, sort_bound(until)?);
        let mut keys = Vec::new();
        let mut after = None;
        loop {
            // The sort key is `{time}#{id}`: a letter written at `until`
            // sorts after the bound, so the end is exclusive.
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(EXPORT_INDEX)
                .key_condition_expression("export_pk = :pk AND export_sk BETWEEN :from AND :until")
                .expression_attribute_values(":pk", AttributeValue::S(partition.clone()))
                .expression_attribute_values(":from", AttributeValue::S(from.clone()))
                .expression_attribute_values(":until", AttributeValue::S(until.clone()))
                .projection_expression("pk")
                .set_exclusive_start_key(after)
                .send()
                .await
                .map_err(|e| classify(e, "reading the export index"))?;
            for item in output.items.unwrap_or_default() {
                if let Some(AttributeValue::S(pk)) = item.get("pk") {
                    keys.push(key(pk.clone()));
                }
            }
            after = output.last_evaluated_key;
            if after.is_none() {
                return Ok(keys);
            }
        }
    }
}
