//! The analysts' reads: the tally, and the letters page by page through the
//! export index, never by scanning the table.

use super::keys::{EXPORT_BUCKETS, EXPORT_INDEX, export_pk};
use super::letters::LetterItem;
use super::{DynamoDbLetterStore, classify};
use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};
use shared::analytics::{ExportFilter, ExportPage, OfficeFilter, OfficeLetters, Tally};
use shared::domain::CampaignSlug;
use shared::ports::{AnalyticsStore, StoreError};
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;

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
        let from = filter
            .since
            .map(|t| t.format(&Rfc3339).unwrap_or_default())
            .unwrap_or_else(|| "0".into());
        let to = filter
            .until
            .map(|t| t.format(&Rfc3339).unwrap_or_default())
            .unwrap_or_else(|| "~".into());
        let mut page = ExportPage::default();
        while let Some(day) = days.get(at.day) {
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(EXPORT_INDEX)
                .key_condition_expression("export_pk = :pk AND export_sk BETWEEN :from AND :to")
                .expression_attribute_values(
                    ":pk",
                    AttributeValue::S(export_pk(campaign, day, at.bucket)),
                )
                .expression_attribute_values(":from", AttributeValue::S(from.clone()))
                .expression_attribute_values(":to", AttributeValue::S(to.clone()))
                .limit((limit - page.letters.len()) as i32)
                .set_exclusive_start_key(at.after.take().map(|key| {
                    key.into_iter()
                        .map(|(k, v)| (k, AttributeValue::S(v)))
                        .collect()
                }));
            let mut conditions = Vec::new();
            if let Some(state) = filter.state {
                conditions.push("#state = :state");
                query = query
                    .expression_attribute_names("#state", "state")
                    .expression_attribute_values(":state", AttributeValue::S(state.code().into()));
            }
            if let Some(source) = &filter.source {
                conditions.push("#source = :source");
                query = query
                    .expression_attribute_names("#source", "source")
                    .expression_attribute_values(":source", AttributeValue::S(source.to_string()));
            }
            // Only the unreachable letters can be told apart here; whom a
            // letter is addressed to, `filter.matches` tells below.
            if let Some(OfficeFilter {
                office,
                letters: OfficeLetters::Unreachable,
                ..
            }) = &filter.office
            {
                conditions.push("deliveries.#office.#status = :unreachable");
                query = query
                    .expression_attribute_names("#office", office.as_ref())
                    .expression_attribute_names("#status", "status")
                    .expression_attribute_values(
                        ":unreachable",
                        AttributeValue::S("unreachable".into()),
                    );
            }
            if !conditions.is_empty() {
                query = query.filter_expression(conditions.join(" AND "));
            }
            let output = query
                .send()
                .await
                .map_err(|e| classify(e, "exporting letters"))?;
            for item in output.items.unwrap_or_default() {
                let LetterItem { letter, .. } =
                    serde_dynamo::from_item(item).context("reading an exported letter")?;
                // `until` is exclusive; BETWEEN is not.
                if filter.matches(&letter) {
                    page.letters.push(letter);
                }
            }
            at.after = output.last_evaluated_key.map(|key| {
                key.into_iter()
                    .filter_map(|(k, v)| v.as_s().ok().map(|s| (k, s.clone())))
                    .collect()
            });
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
