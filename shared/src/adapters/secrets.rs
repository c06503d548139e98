//! The delivery services' API keys, read once at start from the Secrets
//! Manager secret the template names: never from the environment, never
//! logged.

use super::cwc_http::{ApiKey, CwcApiKeys};
use anyhow::Context;
use serde::Deserialize;

/// The secret's value: `{"senate": "...", "house": "..."}`, either optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredKeys {
    senate: Option<String>,
    house: Option<String>,
}

impl CwcApiKeys {
    /// The keys held by the secret `secret_id` (its ARN or name).
    pub async fn from_secret(
        client: &aws_sdk_secretsmanager::Client,
        secret_id: &str,
    ) -> anyhow::Result<Self> {
        let value = client
            .get_secret_value()
            .secret_id(secret_id)
            .send()
            .await
            .context("reading the delivery services' API keys from Secrets Manager")?;
        let text = value
            .secret_string()
            .context("the API keys' secret holds no text")?;
        // serde_json's message would not quote the value, but say nothing of it anyway.
        let stored: StoredKeys = serde_json::from_str(text).map_err(|_| {
            anyhow::anyhow!(
                "the API keys' secret must be JSON like {{\"senate\": \"...\", \"house\": \"...\"}}"
            )
        })?;
        let key = |text: Option<String>| text.filter(|key| !key.trim().is_empty()).map(ApiKey::new);
        Ok(Self {
            senate: key(stored.senate),
            house: key(stored.house),
        })
    }
}
