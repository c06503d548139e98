//! The delivery services' API keys, as the Secrets Manager secret the
//! template names holds them (read once at start by the wiring): never
//! from the environment, never logged.

use super::cwc_http::{ApiKey, CwcApiKeys};
use serde::Deserialize;

/// The secret's value: `{"senate": "...", "house": "..."}`, either optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredKeys {
    senate: Option<String>,
    house: Option<String>,
}

impl CwcApiKeys {
    /// The keys in the secret's text; an empty key is no key.
    pub fn from_secret_text(text: &str) -> anyhow::Result<Self> {
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
