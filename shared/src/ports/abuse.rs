//! What the defences against abuse keep: counters for rate limits, and the
//! form tokens already spent. Kept with the letters so that every instance
//! of a function sees the same counts; each entry expires on its own.

use super::StoreError;
use async_trait::async_trait;
use std::time::Duration;
use time::OffsetDateTime;

/// At most `max` attempts by one subject in each window of `per`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// What is limited, as the counters' keys name it: `ip`, `email`, `domain`.
    pub name: &'static str,
    pub max: u32,
    pub per: Duration,
}

impl RateLimit {
    /// Letters from one client address.
    pub const IP: &'static str = "ip";
    /// Letters from one normalised email address.
    pub const EMAIL: &'static str = "email";
    /// Confirmations to one recipient domain.
    pub const DOMAIN: &'static str = "domain";

    /// The start of the window `now` falls in (Unix seconds) and its end.
    pub fn window(&self, now: OffsetDateTime) -> (i64, OffsetDateTime) {
        let length = self.per.as_secs().max(1) as i64;
        let start = now.unix_timestamp().div_euclid(length) * length;
        let end = OffsetDateTime::from_unix_timestamp(start + length).unwrap_or(now);
        (start, end)
    }

    /// How long from `now` until the window that began at `start` ends; at
    /// least a second, so that a wait is never zero.
    pub fn wait_until_end_of(&self, start: i64, now: OffsetDateTime) -> Duration {
        let end = start + self.per.as_secs().max(1) as i64;
        Duration::from_secs((end - now.unix_timestamp()).max(1) as u64)
    }
}

/// Whether one more attempt may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    Allowed,
    /// Over the limit until the window ends, `retry_after` from now.
    Limited {
        retry_after: Duration,
    },
}

/// Who, if anyone, used a form token before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    /// Never used: it is now spent, by this supporter.
    First,
    /// Spent by this same supporter before: a repeat of their own letter.
    SameSupporter,
    /// Spent by someone else: a replay.
    OtherSupporter,
}

#[async_trait]
pub trait AbuseStore: Send + Sync {
    /// Counts one attempt by `subject` (a digest, never the value itself)
    /// against `limit`, unless it is already reached.
    async fn hit(
        &self,
        limit: &RateLimit,
        subject: &str,
        now: OffsetDateTime,
    ) -> Result<Allowance, StoreError>;

    /// Spends the form token `nonce` for `supporter` (a digest), remembered
    /// until `until`, after which the token has expired anyway.
    async fn spend_token(
        &self,
        nonce: &str,
        supporter: &str,
        until: OffsetDateTime,
    ) -> Result<TokenUse, StoreError>;

    /// Forgets the counts kept for `subject` under the limit called `name`.
    async fn forget(&self, name: &str, subject: &str) -> Result<(), StoreError>;
}

/// A CAPTCHA's provider, asked whether a page's answer came from a person.
#[async_trait]
pub trait HumanCheck: Send + Sync {
    /// Whether `answer` (what the widget put in the form) passes, for a
    /// client at `client` if known; an error when the provider can't say.
    async fn passed(&self, answer: &str, client: Option<std::net::IpAddr>) -> anyhow::Result<bool>;
}
