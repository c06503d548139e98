//! Who sends a chamber's messages, and the chamber's variant of the format:
//! values the delivery settings are read into.

use crate::domain::{Chamber, EmailAddress, PhoneNumber};
use std::str::FromStr;

/// Where a message's bills go: wrapped in `<Bills>`, or `<Bill>` elements
/// directly in `<Message>`. Open implementations disagree; each chamber's
/// service takes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillsLayout {
    Wrapped,
    Bare,
}

/// The chamber's variant of the CWC 2.0 format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CwcVariant {
    pub bills: BillsLayout,
    /// The element a constituent's organisation goes in, inside
    /// `<Constituent>`: `ConstituentOrganization` or `Organization`.
    pub constituent_organization: &'static str,
}

impl CwcVariant {
    /// What the open implementations we read send to each chamber: the
    /// Senate's schema wraps bills and says `ConstituentOrganization`; the
    /// House's client writes bare bills and `Organization`. Confirm with
    /// each chamber's vendor documentation and set `CWC_*_VARIANT` if not.
    pub fn default_for(chamber: Chamber) -> Self {
        match chamber {
            Chamber::Senate => Self {
                bills: BillsLayout::Wrapped,
                constituent_organization: "ConstituentOrganization",
            },
            Chamber::House => Self {
                bills: BillsLayout::Bare,
                constituent_organization: "Organization",
            },
        }
    }
}

/// `bills=wrapped|bare,organization=ConstituentOrganization|Organization`.
impl FromStr for CwcVariant {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let must = || {
            "\"bills=wrapped|bare,organization=ConstituentOrganization|Organization\"".to_owned()
        };
        let mut bills = None;
        let mut organization = None;
        for part in raw.split(',') {
            match part.trim().split_once('=') {
                Some(("bills", "wrapped")) if bills.is_none() => bills = Some(BillsLayout::Wrapped),
                Some(("bills", "bare")) if bills.is_none() => bills = Some(BillsLayout::Bare),
                Some(("organization", element @ ("ConstituentOrganization" | "Organization")))
                    if organization.is_none() =>
                {
                    organization = Some(if element == "Organization" {
                        "Organization"
                    } else {
                        "ConstituentOrganization"
                    })
                }
                _ => return Err(must()),
            }
        }
        match (bills, organization) {
            (Some(bills), Some(constituent_organization)) => Ok(Self {
                bills,
                constituent_organization,
            }),
            _ => Err(must()),
        }
    }
}

/// Who sends the messages, as each chamber registered the sponsor as a
/// vendor: the name must match the API key's owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAgent {
    /// `CWC_DELIVERY_AGENT`.
    pub name: String,
    /// `CWC_ACK_EMAIL`: where the services send their acknowledgements.
    pub ack_email: EmailAddress,
    /// `CWC_CONTACT_NAME`, `CWC_CONTACT_EMAIL`, `CWC_CONTACT_PHONE`: whom
    /// the chambers' staff call about our messages.
    pub contact_name: String,
    pub contact_email: EmailAddress,
    pub contact_phone: PhoneNumber,
}
