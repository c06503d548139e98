//! An office held until staff fix one of our settings, and how one attempt
//! at an office ended.

use crate::domain::Chamber;
use crate::letter::OfficeDelivery;
use crate::settings::DeliverySetting;
use std::fmt;

/// Why an office's delivery waits for staff: the chamber whose setting is
/// wrong, which setting, and what showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hold {
    pub chamber: Chamber,
    pub setting: DeliverySetting,
    /// What the service did, or that it is not configured: "answered 301,
    /// redirecting to https://…".
    pub problem: String,
}

impl fmt::Display for Hold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {}'s service {}; fix {}, then send the held letters again",
            self.chamber.title(),
            self.problem,
            self.setting.to_check(self.chamber)
        )
    }
}

/// How one attempt at an office ended: what to record, and whether it
/// waits for staff.
pub(super) struct Attempt {
    pub delivery: OfficeDelivery,
    pub hold: Option<Hold>,
}

impl From<OfficeDelivery> for Attempt {
    fn from(delivery: OfficeDelivery) -> Self {
        Self {
            delivery,
            hold: None,
        }
    }
}
