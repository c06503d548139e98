//! What the defences against abuse keep: counters for rate limits, and the
//! form tokens already spent. Kept with the letters so that every instance
//! of a function sees the same counts; each entry expires on its own.

use super::StoreError;
use async_trait::async_trait;
use std::time::Duration;
use time::OffsetDateTime;

/// At most `max` attempts by one subject in any `per`, give or take a
/// tenth of `per` at a window's edge.
///
/// Counts are kept per window of `per`, each split into [`SLOTS`] slots.
/// An attempt is measured against this window's count plus the previous
/// window's slots from the one `now` sits in onwards: a two-window estimate
/// whose weight moves a tenth at a time. Those slots began at most `per`
/// ago, so every attempt of the last `per` is in the sum and no `per`
/// anywhere holds more than `max`; what the estimate gives up is that an
/// attempt up to a tenth of `per` older than that may still be counted.
/// A weight proportional to the time gone by (the usual sliding estimate)
/// assumes the previous window's attempts were spread evenly: a burst in
/// its last second would let nearly `2 * max` through in one `per`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// What is limited, as the counters' keys name it: `ip`, `email`, `domain`.
    pub name: &'static str,
    pub max: u32,
    pub per: Duration,
}

/// Slots a window is split into.
pub const SLOTS: usize = 10;

/// One subject's attempts in one window, slot by slot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowCounts(pub [u32; SLOTS]);

impl WindowCounts {
    pub fn total(&self) -> u32 {
        self.from(0)
    }

    /// The attempts in slot `slot` and every later one.
    pub fn from(&self, slot: usize) -> u32 {
        self.0.iter().skip(slot).sum()
    }
}

/// Where an instant falls: the window's start (Unix seconds) and its slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub window: i64,
    pub slot: usize,
}

impl RateLimit {
    /// Letters from one normalised email address are limited per hour.
    pub const EMAIL_PERIOD: Duration = Duration::from_secs(3600);
    /// Letters from one client address.
    pub const IP: &'static str = "ip";
    /// Letters from one normalised email address.
    pub const EMAIL: &'static str = "email";
    /// Confirmations to one recipient domain.
    pub const DOMAIN: &'static str = "domain";

    fn length(&self) -> i64 {
        self.per.as_secs().max(1) as i64
    }

    /// The window and slot `now` falls in.
    pub fn position(&self, now: OffsetDateTime) -> Position {
        let length = self.length();
        let window = now.unix_timestamp().div_euclid(length) * length;
        let slot = ((now.unix_timestamp() - window) * SLOTS as i64 / length) as usize;
        Position { window, slot }
    }

    /// The window before the one that starts at `window`.
    pub fn previous(&self, window: i64) -> i64 {
        window - self.length()
    }

    /// When a counter of the window starting at `window` may be forgotten:
    /// once it is no longer the previous window.
    pub fn expires_at(&self, window: i64) -> i64 {
        window + 2 * self.length()
    }

    /// How many attempts this window may still hold, given the previous
    /// window's counts.
    pub fn room(&self, previous: &WindowCounts, at: Position) -> u32 {
        self.max.saturating_sub(previous.from(at.slot))
    }

    /// How long from `now` until an attempt would be allowed again, with
    /// `previous` and `current` the counts of the window `now` falls in and
    /// the one before; at least a second, so that a wait is never zero.
    pub fn retry_after(
        &self,
        previous: &WindowCounts,
        current: &WindowCounts,
        now: OffsetDateTime,
    ) -> Duration {
        let at = self.position(now);
        let start_of = |window: i64, slot: usize| {
            window + (slot as i64 * self.length() + SLOTS as i64 - 1) / SLOTS as i64
        };
        let this_window = (at.slot + 1..SLOTS)
            .find(|&slot| current.total() + previous.from(slot) < self.max)
            .map(|slot| start_of(at.window, slot));
        let next = at.window + self.length();
        let allowed_at = this_window.unwrap_or_else(|| {
            (0..SLOTS)
                .find(|&slot| current.from(slot) < self.max)
                .map_or(next + self.length(), |slot| start_of(next, slot))
        });
        Duration::from_secs((allowed_at - now.unix_timestamp()).max(1) as u64)
    }
}

/// Whether one more attempt may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    Allowed,
    /// Over the limit until `retry_after` from now.
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

    /// Forgets the counts kept for `subject` under `limit` that may still
    /// be read at `now` (older ones are never read again, and expire).
    async fn forget(
        &self,
        limit: &RateLimit,
        subject: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
}

/// A CAPTCHA's provider, asked whether a page's answer came from a person.
#[async_trait]
pub trait HumanCheck: Send + Sync {
    /// Whether `answer` (what the widget put in the form) passes, for a
    /// client at `client` if known; an error when the provider can't say.
    async fn passed(&self, answer: &str, client: Option<std::net::IpAddr>) -> anyhow::Result<bool>;
}
