//! Where a letter stands with each office it is addressed to, as delivery
//! records it on the letter: one entry per office, moving only forward.

use super::Letter;
use crate::campaign::Campaign;
use crate::members::OfficeCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

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

/// Where a letter stands with one office, as its supporter is told: never
/// "delivered" before the office's service accepted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The campaign records letters only: nothing goes to the office.
    Recorded,
    /// It goes once the supporter confirms it from the email.
    AwaitingConfirmation,
    /// Not accepted yet: not tried, or to be tried again.
    BeingDelivered,
    /// The office's service accepted it on this day (UTC).
    Delivered(Date),
    /// The office's service refused it for good.
    Refused,
    /// The office takes no letters through its chamber's service.
    Unreachable,
}

impl Standing {
    /// Whether the supporter had best reach the office another way.
    pub fn reach_yourself(self) -> bool {
        matches!(self, Self::Recorded | Self::Refused | Self::Unreachable)
    }
}

impl Letter {
    /// Where the letter, written to `campaign`, stands with `office`.
    pub fn standing(&self, office: &OfficeCode, campaign: &Campaign) -> Standing {
        if !campaign.delivers() {
            return Standing::Recorded;
        }
        match self.deliveries.get(office) {
            Some(OfficeDelivery::Delivered { at, .. }) => Standing::Delivered(at.date()),
            Some(OfficeDelivery::Rejected { .. }) => Standing::Refused,
            Some(OfficeDelivery::Unreachable { .. }) => Standing::Unreachable,
            Some(OfficeDelivery::Retrying { .. }) => Standing::BeingDelivered,
            None if campaign.verify_email && !self.email_verified => Standing::AwaitingConfirmation,
            None => Standing::BeingDelivered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{delivering_campaign, delivering_letter, launch_campaign};

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

    #[test]
    fn a_letter_is_delivered_to_its_supporter_only_once_the_office_accepted_it() {
        let office = OfficeCode::parse("SME02").unwrap();
        let mut letter = delivering_letter("ada@example.org");
        let delivering = delivering_campaign();
        let mut verifying = delivering_campaign();
        verifying.verify_email = true;
        assert_eq!(
            letter.standing(&office, &launch_campaign()),
            Standing::Recorded
        );
        assert_eq!(
            letter.standing(&office, &delivering),
            Standing::BeingDelivered
        );
        assert_eq!(
            letter.standing(&office, &verifying),
            Standing::AwaitingConfirmation
        );
        let at = OffsetDateTime::UNIX_EPOCH;
        for (delivery, standing) in [
            (
                OfficeDelivery::Retrying {
                    at,
                    attempts: 1,
                    error: "503".into(),
                },
                Standing::BeingDelivered,
            ),
            (
                OfficeDelivery::Delivered {
                    at,
                    answer: "201".into(),
                },
                Standing::Delivered(at.date()),
            ),
            (
                OfficeDelivery::Rejected {
                    at,
                    error: "Zip".into(),
                },
                Standing::Refused,
            ),
            (
                OfficeDelivery::Unreachable {
                    at,
                    reason: "off the list".into(),
                },
                Standing::Unreachable,
            ),
        ] {
            letter.deliveries.insert(office.clone(), delivery);
            assert_eq!(letter.standing(&office, &verifying), standing);
        }
    }
}
