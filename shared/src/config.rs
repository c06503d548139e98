//! Configuration read from the environment, once per process. Each setting
//! names its variable; a missing required one stops start-up with a message.

use std::env;

/// The organisation running a campaign: configuration, not code.
#[derive(Debug, Clone)]
pub struct Sponsor {
    pub name: String,
    pub privacy_url: String,
    pub postal_address: String,
}

impl Sponsor {
    /// `SPONSOR_NAME`, `SPONSOR_PRIVACY_URL` and `SPONSOR_POSTAL_ADDRESS`,
    /// each defaulting to a plainly fictional demo sponsor.
    pub fn from_env() -> Self {
        let var = |name: &str, default: &str| env::var(name).unwrap_or_else(|_| default.to_owned());
        Self {
            name: var(
                "SPONSOR_NAME",
                "Example Advocacy Coalition (a fictional demo sponsor)",
            ),
            privacy_url: var("SPONSOR_PRIVACY_URL", "https://example.org/privacy"),
            postal_address: var(
                "SPONSOR_POSTAL_ADDRESS",
                "100 Example Street, Springfield, ST 00000",
            ),
        }
    }
}

/// `RETENTION_DAYS` (default 365): how long letters are kept.
pub fn retention_from_env() -> Result<time::Duration, ConfigError> {
    let days = positive("RETENTION_DAYS", 365.0)?;
    Ok(time::Duration::seconds_f64(days * 86_400.0))
}

#[derive(Debug, thiserror::Error)]
#[error("the environment variable {0} must be set")]
pub struct MissingVariable(&'static str);

/// Reads a variable that has no sensible default.
pub fn required(name: &'static str) -> Result<String, MissingVariable> {
    env::var(name)
        .ok()
        .filter(|value| !value.is_empty())
        .ok_or(MissingVariable(name))
}

/// The confirmation mailer's settings.
#[derive(Debug, Clone)]
pub struct MailerConfig {
    /// `SENDER_EMAIL`: the verified From address, e.g. `Name <letters@example.org>`.
    pub sender: String,
    /// `SES_CONFIGURATION_SET`: routes bounces and complaints back to us.
    pub configuration_set: Option<String>,
    /// `PUBLIC_URL`: the site's address, for links in emails.
    pub public_url: String,
    /// `SEND_RATE_PER_SECOND` (default 10) divided by `MAILER_MAX_CONCURRENCY`
    /// (default 2, the event source mapping's bound): each instance's share,
    /// so that all of them together never exceed the total.
    pub per_instance_rate: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Missing(#[from] MissingVariable),
    #[error("the environment variable {0} must be a positive number")]
    NotPositive(&'static str),
}

fn positive(name: &'static str, default: f64) -> Result<f64, ConfigError> {
    match env::var(name) {
        Err(_) => Ok(default),
        Ok(raw) => raw
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite() && *value > 0.0)
            .ok_or(ConfigError::NotPositive(name)),
    }
}

impl MailerConfig {
    /// For a deployed mailer: `SENDER_EMAIL` and `PUBLIC_URL` are required.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::read(required("SENDER_EMAIL")?, required("PUBLIC_URL")?)
    }

    /// For the local server, which has sensible defaults for both.
    pub fn from_env_or(sender: &str, public_url: &str) -> Result<Self, ConfigError> {
        Self::read(
            required("SENDER_EMAIL").unwrap_or_else(|_| sender.to_owned()),
            required("PUBLIC_URL").unwrap_or_else(|_| public_url.to_owned()),
        )
    }

    fn read(sender: String, public_url: String) -> Result<Self, ConfigError> {
        let total_rate = positive("SEND_RATE_PER_SECOND", 10.0)?;
        let instances = positive("MAILER_MAX_CONCURRENCY", 2.0)?;
        Ok(Self {
            sender,
            configuration_set: env::var("SES_CONFIGURATION_SET")
                .ok()
                .filter(|v| !v.is_empty()),
            public_url,
            per_instance_rate: total_rate / instances,
        })
    }
}
