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
