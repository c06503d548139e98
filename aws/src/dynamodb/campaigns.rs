//! Published campaigns on the table: each campaign's latest version is the
//! item `CAMPAIGN#{slug}` (`version`, `text`, `published_at`), and the item
//! `CAMPAIGNS` holds the set of published slugs, so listing them is two
//! reads, never a scan.

use super::keys::key;
use super::{DynamoDbLetterStore, classify, number};
use anyhow::{Context, anyhow};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use shared::domain::CampaignSlug;
use shared::ports::{CampaignStore, PublishedCampaign, StoreError};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const INDEX: &str = "CAMPAIGNS";

fn campaign_pk(slug: &CampaignSlug) -> String {
    format!("CAMPAIGN#{slug}")
}

fn text_of(item: &super::keys::Key, name: &str) -> anyhow::Result<String> {
    item.get(name)
        .and_then(|value| value.as_s().ok())
        .cloned()
        .with_context(|| format!("a published campaign without {name}"))
}

fn read(item: &super::keys::Key) -> anyhow::Result<PublishedCampaign> {
    let pk = text_of(item, "pk")?;
    let slug = pk.strip_prefix("CAMPAIGN#").unwrap_or_default();
    let version = item
        .get("version")
        .and_then(|value| value.as_n().ok())
        .and_then(|n| n.parse().ok())
        .context("a published campaign without its version")?;
    Ok(PublishedCampaign {
        slug: CampaignSlug::parse(slug).map_err(|e| anyhow!("{pk}: {e}"))?,
        version,
        text: text_of(item, "text")?,
        published_at: OffsetDateTime::parse(&text_of(item, "published_at")?, &Rfc3339)?,
    })
}

#[async_trait]
impl CampaignStore for DynamoDbLetterStore {
    async fn publish(
        &self,
        slug: &CampaignSlug,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        // The slug joins the set first: a crash between the two writes
        // leaves a slug with no campaign, which listing skips.
        self.client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(INDEX.to_owned())))
            .update_expression("ADD slugs :slug")
            .expression_attribute_values(":slug", AttributeValue::Ss(vec![slug.to_string()]))
            .send()
            .await
            .map_err(|e| classify(e, "listing a published campaign"))?;
        // One atomic update: the text and the version it gets cannot part.
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(campaign_pk(slug))))
            .update_expression("SET #text = :text, published_at = :at ADD version :one")
            .expression_attribute_names("#text", "text")
            .expression_attribute_values(":text", AttributeValue::S(text.to_owned()))
            .expression_attribute_values(
                ":at",
                AttributeValue::S(now.format(&Rfc3339).context("formatting a time")?),
            )
            .expression_attribute_values(":one", number(1))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(|e| classify(e, "publishing a campaign"))?;
        let version = output
            .attributes
            .and_then(|item| item.get("version").cloned())
            .and_then(|value| value.as_n().ok().and_then(|n| n.parse().ok()))
            .context("the table did not say which version it stored")?;
        Ok(version)
    }

    async fn published(&self) -> Result<Vec<PublishedCampaign>, StoreError> {
        let index = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(INDEX.to_owned())))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify(e, "reading the published campaigns' list"))?;
        let slugs = index
            .item
            .and_then(|item| item.get("slugs").and_then(|s| s.as_ss().ok()).cloned())
            .unwrap_or_default();
        let keys = slugs
            .iter()
            .filter_map(|slug| CampaignSlug::parse(slug).ok())
            .map(|slug| key(campaign_pk(&slug)))
            .collect();
        let mut campaigns = self
            .batch_get(keys, None)
            .await?
            .iter()
            .map(read)
            .collect::<anyhow::Result<Vec<_>>>()?;
        campaigns.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(campaigns)
    }
}
