//! Domain types that can only exist valid: each is built by a `parse` that
//! returns a typed error with a message fit to show beside a form field.

mod closing;
mod email;
mod slug;
mod state;
mod text;
mod zip;

pub use closing::Closing;
pub use email::EmailAddress;
pub use slug::CampaignSlug;
pub use state::StateCode;
pub use text::{City, LetterBody, LetterSubject, PersonName, Street};
pub use zip::ZipCode;

/// Why a value was refused. `Display` is the message a supporter reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(String);

impl InvalidValue {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    pub fn message(&self) -> &str {
        &self.0
    }
}

/// SHA-256 of the parts, each followed by a NUL byte, as lowercase hex: a
/// key that identifies personal data without holding it.
pub(crate) fn digest_hex(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Deserialises a domain type through its `parse`, so stored data is held to
/// the same rules as input.
pub(crate) fn deserialize_parsed<'de, D, T>(
    deserializer: D,
    parse: fn(&str) -> Result<T, InvalidValue>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    parse(&raw).map_err(serde::de::Error::custom)
}
