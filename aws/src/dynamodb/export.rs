//! The analysts' reads: the tally, and the letters page by page through the
//! export index (keys only) and then by key, never by scanning the table.

use super::keys::{EXPORT_BUCKETS, EXPORT_INDEX, export_pk, key, sort_bound};
use super::letters::LetterItem;
use super::{DynamoDbLetterStore, classify};
use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};
use shared::analytics::{ExportFilter, ExportPage, Tally};
use shared::domain::CampaignSlug;
use shared::letter::Letter;
use shared::ports::{AnalyticsStore, StoreError};
use std::collections::HashMap;

/// Where an export has got to: which day and bucket, and where in it.
#[derive(Serialize, Deserialize)]
struct Cursor {
    day: usize,
    bucket: u8,
    after: Option<HashMap<String, String>>,
}

impl Cursor {
    /// Hex of the JSON, so it travels in a header and a query unescaped.
    fn encode(&self) -> String {
        hex::encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(text: &str) -> Option<Self> {
        serde_json::from_slice(&hex::decode(text).ok()?).ok()
    }
}

/// One query's worth of an export bucket: its letters in time order, and
/// where the bucket goes on, if it does.
struct BucketLetters {
    letters: Vec<Letter>,
    after: Option<HashMap<String, String>>,
}

impl DynamoDbLetterStore {
    /// The letters of one export partition whose sort keys lie in `range`
    /// (inclusive), from `after` on, at most `limit` evaluated. The index
    /// holds keys only (a letter's later writes never touch it), so the
    /// letters are then read from the table by key.
    async fn bucket_letters(
        &self,
        partition: &str,
        (from, to): (&str, &str),
        after: Option<HashMap<String, String>>,
        limit: Option<usize>,
    ) -> Result<BucketLetters, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(EXPORT_INDEX)
            .key_condition_expression("export_pk = :pk AND export_sk BETWEEN :from AND :to")
            .expression_attribute_values(":pk", AttributeValue::S(partition.to_owned()))
            .expression_attribute_values(":from", AttributeValue::S(from.to_owned()))
            .expression_attribute_values(":to", AttributeValue::S(to.to_owned()))
            .set_limit(limit.map(|n| n as i32))
            .set_exclusive_start_key(after.map(|key| {
                key.into_iter()
                    .map(|(k, v)| (k, AttributeValue::S(v)))
                    .collect()
            }))
            .send()
            .await
            .map_err(|e| classify(e, "exporting letters"))?;
        let keys = output
            .items
            .unwrap_or_default()
            .into_iter()
            .filter_map(|mut item| Some(key(item.remove("pk")?.as_s().ok()?.clone())))
            .collect();
        let mut items: Vec<LetterItem> = self
            .batch_get(keys, None)
            .await?
            .into_iter()
            .map(|item| serde_dynamo::from_item(item).context("reading an exported letter"))
            .collect::<Result<_, _>>()?;
        items.sort_by(|a, b| a.export_sk.cmp(&b.export_sk));
        Ok(BucketLetters {
            letters: items.into_iter().map(|item| item.letter).collect(),
            after: output.last_evaluated_key.map(|key| {
                key.into_iter()
                    .filter_map(|(k, v)| v.as_s().ok().map(|s| (k, s.clone())))
                    .collect()
            }),
        })
    }
}

#[async_trait]
impl AnalyticsStore for DynamoDbLetterStore {
    #[tracing::instrument(skip(self))]
    async fn tally(&self, campaign: &CampaignSlug) -> Result<Tally, StoreError> {
        self.read_tally(campaign).await
    }

    /// Walks the export index day by day (the days the tally knows) and
    /// bucket by bucket, resuming where the cursor says.
    #[tracing::instrument(skip(self, filter, cursor))]
    async fn export_page(
        &self,
        campaign: &CampaignSlug,
        filter: &ExportFilter,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<ExportPage, StoreError> {
        let mut at = match cursor {
            Some(text) => Cursor::decode(text).ok_or(StoreError::InvalidCursor)?,
            None => Cursor {
                day: 0,
                bucket: 0,
                after: None,
            },
        };
        let tally = self.read_tally(campaign).await?;
        let days: Vec<&str> = tally
            .days()
            .into_iter()
            .filter(|day| {
                filter
                    .since
                    .is_none_or(|since| *day >= since.date().to_string().as_str())
            })
            .filter(|day| {
                filter
                    .until
                    .is_none_or(|until| *day <= until.date().to_string().as_str())
            })
            .collect();
        // Key values may not be empty: "0" and "~" sort before and after any time.
        let from = match filter.since {
            Some(since) => sort_bound(since)?,
            None => "0".into(),
        };
        let to = match filter.until {
            Some(until) => sort_bound(until)?,
            None => "~".into(),
        };
        let mut page = ExportPage::default();
        while let Some(day) = days.get(at.day) {
            let bucket = self
                .bucket_letters(
                    &export_pk(campaign, day, at.bucket),
                    (&from, &to),
                    at.after.take(),
                    Some(limit - page.letters.len()),
                )
                .await?;
            // `until` is exclusive and BETWEEN is not; the rest of the
            // filter reads what the index does not hold.
            page.letters.extend(
                bucket
                    .letters
                    .into_iter()
                    .filter(|letter| filter.matches(letter)),
            );
            at.after = bucket.after;
            if at.after.is_none() {
                at.bucket += 1;
                if at.bucket == EXPORT_BUCKETS {
                    at.bucket = 0;
                    at.day += 1;
                }
            }
            if page.letters.len() >= limit {
                if days.get(at.day).is_some() {
                    page.next = Some(at.encode());
                }
                break;
            }
        }
        Ok(page)
    }
}
