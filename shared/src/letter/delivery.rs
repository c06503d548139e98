//! Where a letter stands with each office it is addressed to, as delivery
//! records it on the letter: one entry per office, moving only forward.

use crate::members::OfficeCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Each office's delivery, by office code. An office with no entry has not
/// been tried yet.
pub type Deliveries = BTreeMap<OfficeCode, OfficeDelivery>;

/// Where a letter stands with one office. `Retrying` may move to any
/// state; the others are settled and never change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OfficeDelivery {
    /// The office's service accepted the letter; `answer` is what it said.
    Delivered {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        answer: String,
    },
    /// The service's rules refuse this letter for good (as the service said,
    /// or as our own check of those rules found before sending).
    Rejected {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        error: String,
    },
    /// The office takes no messages through the service: nothing was sent.
    Unreachable {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        reason: String,
    },
    /// Sending failed for now (maintenance, a timeout): it will be tried
    /// again. `attempts` so far; `error` is the last failure.
    Retrying {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        attempts: u32,
        error: String,
    },
}

impl OfficeDelivery {
    /// Every state's name, as statuses and counts are written.
    pub const STATES: [&str; 4] = ["delivered", "rejected", "unreachable", "retrying"];

    pub fn state(&self) -> &'static str {
        match self {
            Self::Delivered { .. } => "delivered",
            Self::Rejected { .. } => "rejected",
            Self::Unreachable { .. } => "unreachable",
            Self::Retrying { .. } => "retrying",
        }
    }

    /// Whether the office's delivery reached its end and is never tried again.
    pub fn is_settled(&self) -> bool {
        !matches!(self, Self::Retrying { .. })
    }

    /// How many times sending failed for now before this.
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Retrying { attempts, .. } => *attempts,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_reads_back_as_written_under_its_state_name() {
        let delivered = OfficeDelivery::Delivered {
            at: OffsetDateTime::UNIX_EPOCH,
            answer: "201".into(),
        };
        let json = serde_json::to_value(&delivered).unwrap();
        assert_eq!(json["status"], delivered.state());
        assert_eq!(json["at"], "1970-01-01T00:00:00Z");
        assert_eq!(
            serde_json::from_value::<OfficeDelivery>(json).unwrap(),
            delivered
        );
        assert!(delivered.is_settled());
    }
}
