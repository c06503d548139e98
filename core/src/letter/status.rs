//! Where a stored letter stands in the work done after it is stored: the
//! states a letter's confirmation email moves through.

use serde::{Deserialize, Serialize};

/// Where a letter's confirmation email stands. It moves only forward:
/// pending, then sending (held by one mailer for a lease), then settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ConfirmationStatus {
    Pending,
    /// A mailer claimed the letter at `claimed_at` (Unix seconds) and is
    /// sending; another may take over once the lease has run out.
    Sending {
        claimed_at: i64,
    },
    Sent {
        message_id: String,
    },
    /// SES refused the message for good; `reason` is its code and message.
    Failed {
        reason: String,
    },
    /// The address bounced or complained before: nothing is sent to it.
    Suppressed,
}

impl ConfirmationStatus {
    /// The claim time (Unix seconds) before which a send in progress is
    /// taken to have died, so that another mailer may take it over: one
    /// `lease` before `now`. A claim at or after it is held elsewhere.
    pub fn stale_before(now: time::OffsetDateTime, lease: std::time::Duration) -> i64 {
        (now - lease).unix_timestamp()
    }

    /// The name a settled confirmation is counted under; `None` while it
    /// has not reached its end and may still be sent.
    pub fn settled_name(&self) -> Option<&'static str> {
        match self {
            Self::Sent { .. } => Some("sent"),
            Self::Failed { .. } => Some("failed"),
            Self::Suppressed => Some("suppressed"),
            Self::Pending | Self::Sending { .. } => None,
        }
    }

    /// Whether the confirmation reached its end and must not be sent again.
    pub fn is_settled(&self) -> bool {
        self.settled_name().is_some()
    }
}
