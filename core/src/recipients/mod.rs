//! Whom a supporter's letter goes to: the campaign's targets among the
//! members who represent the supporter's state and, when the targets need
//! it, their House district; or what the form must tell or ask them first.
//! Values and rules only: finding the district (the ZIP-code table, an
//! address geocoder) is `crate::addressing`'s business.

mod district;

pub use district::{Ask, DistrictQuestion, Settled, settle_district};

use crate::campaign::Targets;
use crate::domain::{District, StateCode};
use crate::members::{Members, Recipient};
use crate::messages::Message;
use crate::msg;

/// The outcome of addressing a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addressing {
    /// The state, or the ZIP code where the district matters, is not valid:
    /// its own field error says so.
    Incomplete,
    Addressed(Addressed),
    Refused(Refusal),
}

/// A letter's recipients, found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressed {
    pub recipients: Vec<Recipient>,
    /// The supporter's House district, when the targets needed it.
    pub district: Option<District>,
    /// The question the supporter answered to give their district, to show
    /// again with their answer should the form come back for another field.
    pub answered: Option<DistrictQuestion>,
}

/// Which part of the address a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPart {
    State,
    Zip,
    District,
}

/// What the form must tell the supporter before the letter can go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub part: AddressPart,
    pub message: Message,
    /// The districts to choose among, when the refusal is a question.
    pub question: Option<DistrictQuestion>,
}

impl Addressing {
    /// Addresses a letter from `state` (in `district`, when the targets
    /// need it) to `targets`; `answered` is how the supporter gave their
    /// district, if they chose it. No one to write to is a refusal.
    pub fn for_place(
        targets: &Targets,
        members: &Members,
        state: StateCode,
        district: Option<District>,
        answered: Option<DistrictQuestion>,
    ) -> Self {
        let recipients: Vec<Recipient> = targets
            .members_for(members, state, district)
            .into_iter()
            .map(|member| member.recipient())
            .collect();
        if !recipients.is_empty() {
            return Self::Addressed(Addressed {
                recipients,
                district,
                answered,
            });
        }
        let part = match (district, &answered) {
            (None, _) => AddressPart::State,
            (Some(_), Some(_)) => AddressPart::District,
            (Some(_), None) => AddressPart::Zip,
        };
        Self::Refused(Refusal {
            part,
            message: no_one_message(targets, state, district),
            question: answered,
        })
    }

    /// The ZIP code lies in `states`, none of them `state`: one of the two
    /// was mistyped, and a letter must not go to the wrong delegation.
    pub fn zip_elsewhere(state: StateCode, states: &[StateCode]) -> Self {
        let names: Vec<&str> = states.iter().map(|s| s.name()).collect();
        Self::Refused(Refusal {
            part: AddressPart::Zip,
            message: Message::from(msg!("zip-elsewhere"))
                .with("places", names.join(", "))
                .with("state", state.name()),
            question: None,
        })
    }

    /// The supporter must choose their district among these.
    pub fn ask(question: DistrictQuestion) -> Self {
        Self::Refused(Refusal {
            part: AddressPart::District,
            message: question.message(),
            question: Some(question),
        })
    }

    /// The district question to show with the form, asked or answered.
    pub fn question(&self) -> Option<&DistrictQuestion> {
        match self {
            Self::Addressed(addressed) => addressed.answered.as_ref(),
            Self::Refused(refusal) => refusal.question.as_ref(),
            Self::Incomplete => None,
        }
    }
}

/// Why a place has no one to write to, in the supporter's words.
fn no_one_message(targets: &Targets, state: StateCode, district: Option<District>) -> Message {
    match (targets, district) {
        (Targets::Senators, _) => Message::from(msg!("no-senators")).with("state", state.name()),
        (Targets::Representative | Targets::Congress, Some(district)) => {
            Message::from(msg!("seat-vacant-no-one")).with("district", district)
        }
        (_, Some(district)) => {
            Message::from(msg!("no-member-for-district")).with("district", district)
        }
        (_, None) => Message::from(msg!("no-member-for-state")).with("state", state.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(targets: &Targets, state: &str, district: Option<&str>) -> Addressing {
        Addressing::for_place(
            targets,
            &Members::bundled().unwrap(),
            StateCode::parse(state).unwrap(),
            district.map(|d| District::parse(d).unwrap()),
            None,
        )
    }

    fn refusal(addressing: Addressing) -> Refusal {
        match addressing {
            Addressing::Refused(refusal) => refusal,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_congress_letter_records_three_recipients_with_their_chambers() {
        let Addressing::Addressed(addressed) = address(&Targets::Congress, "TX", Some("TX-37"))
        else {
            panic!("addressed")
        };
        let chambers: Vec<String> = addressed
            .recipients
            .iter()
            .map(|r| format!("{}:{:?}", r.bioguide, r.chamber))
            .collect();
        assert_eq!(
            chambers,
            ["C001056:Senate", "C001098:Senate", "D000399:House"]
        );
        assert_eq!(addressed.district, District::parse("TX-37").ok());
    }

    #[test]
    fn dc_has_no_senators_to_write_to() {
        let refused = refusal(address(&Targets::Senators, "DC", None));
        assert_eq!(refused.part, AddressPart::State);
        assert!(
            refused
                .message
                .in_language(crate::language::Language::En)
                .starts_with("District of Columbia has no U.S. Senators")
        );
    }

    #[test]
    fn a_vacant_seat_alone_is_no_one_to_write_to() {
        let refused = refusal(address(&Targets::Representative, "TX", Some("TX-23")));
        assert_eq!(refused.part, AddressPart::Zip);
        assert!(
            refused
                .message
                .in_language(crate::language::Language::En)
                .contains("seat for Texas's 23rd district is vacant")
        );
        assert!(matches!(
            address(&Targets::Congress, "TX", Some("TX-23")),
            Addressing::Addressed(a) if a.recipients.len() == 2
        ));
    }
}
