//! The supporter's House district from what is known: the districts the
//! ZIP-code table gives, and the supporter's own choice if the form asked.
//! One candidate is the answer; several are a question, never a guess.

use crate::domain::{District, DistrictChoice, StateCode, ZipCode};
use crate::members::Members;
use crate::messages::Message;
use crate::msg;

/// Why the form asks the supporter for their district.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// The ZIP code lies in several districts.
    SplitZip,
    /// The table does not know the ZIP code in that state (it is not a
    /// ZIP Code Tabulation Area, or it lies elsewhere): every seat of the
    /// state is a candidate.
    UnknownZip,
    /// The supporter changed their address since choosing: asked again.
    AddressChanged,
    /// The supporter chose a district that is not a candidate.
    NotACandidate(District),
}

/// The districts a supporter is asked to choose among.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictQuestion {
    pub reason: Ask,
    /// The ZIP code's first five digits, which the choices are offered for.
    pub zip5: String,
    /// In order, each a seat of the supporter's state.
    pub candidates: Vec<District>,
    /// The supporter's answer, when they gave a valid one.
    pub chosen: Option<District>,
}

impl DistrictQuestion {
    /// What the supporter is told beside the choices.
    pub fn message(&self) -> Message {
        let message = match self.reason {
            Ask::SplitZip => Message::from(msg!("district-split-zip")),
            Ask::UnknownZip => Message::from(msg!("district-unknown-zip")),
            Ask::AddressChanged => Message::from(msg!("district-address-changed")),
            Ask::NotACandidate(district) => {
                Message::from(msg!("district-not-a-candidate")).with("district", district.code())
            }
        };
        message.with("zip", self.zip5.as_str())
    }

    /// What the form sends back for `district`.
    pub fn choice_value(&self, district: District) -> DistrictChoice {
        DistrictChoice::offered(district, &self.zip5)
    }
}

/// How far the district is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// The ZIP code (or an address geocoder) leaves one district.
    Certain(District),
    /// The supporter chose it among the candidates of `DistrictQuestion`.
    Chosen(District, DistrictQuestion),
    /// The supporter must be asked.
    Ask(DistrictQuestion),
}

/// Settles the district of a supporter in `state` at `zip`, given the
/// districts the table lists for it (`table`, in `state`) and their choice.
/// A choice made for another ZIP code or state is stale: never kept.
pub fn settle_district(
    members: &Members,
    state: StateCode,
    zip: &ZipCode,
    mut table: Vec<District>,
    choice: Option<&DistrictChoice>,
) -> Settled {
    // A district the member data does not know (data of another Congress) is no answer.
    table.retain(|district| members.is_seat(*district));
    let zip5 = zip.as_ref()[..5].to_owned();
    let (candidates, reason) = if table.is_empty() {
        (members.seats(state), Ask::UnknownZip)
    } else {
        (table, Ask::SplitZip)
    };
    let question = |reason, chosen| DistrictQuestion {
        reason,
        zip5: zip5.clone(),
        candidates: candidates.clone(),
        chosen,
    };
    let stale = |choice: &DistrictChoice| {
        choice.district().state() != state
            || choice.offered_for().is_some_and(|offered| offered != zip5)
    };
    match (choice, candidates.as_slice()) {
        (Some(choice), [only]) if stale(choice) => Settled::Certain(*only),
        (Some(choice), _) if stale(choice) => Settled::Ask(question(Ask::AddressChanged, None)),
        (Some(choice), [only]) if choice.district() == *only => Settled::Certain(*only),
        (Some(choice), _) if candidates.contains(&choice.district()) => {
            let district = choice.district();
            Settled::Chosen(district, question(reason, Some(district)))
        }
        (Some(choice), _) => Settled::Ask(question(Ask::NotACandidate(choice.district()), None)),
        (None, [only]) => Settled::Certain(*only),
        (None, _) => Settled::Ask(question(reason, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(state: &str, zip: &str, table: &[&str], choice: Option<&str>) -> Settled {
        let members = Members::bundled().unwrap();
        let table = table.iter().map(|d| District::parse(d).unwrap()).collect();
        let choice = choice.map(|c| DistrictChoice::parse(c).unwrap());
        settle_district(
            &members,
            StateCode::parse(state).unwrap(),
            &ZipCode::parse(zip).unwrap(),
            table,
            choice.as_ref(),
        )
    }

    fn district(code: &str) -> District {
        District::parse(code).unwrap()
    }

    fn asked(settled: Settled) -> DistrictQuestion {
        match settled {
            Settled::Ask(question) => question,
            other => panic!("expected a question, got {other:?}"),
        }
    }

    #[test]
    fn one_district_is_the_answer_and_an_at_large_state_needs_no_table() {
        assert_eq!(
            settle("TX", "78701", &["TX-37"], None),
            Settled::Certain(district("TX-37"))
        );
        assert_eq!(
            settle("WY", "99999", &[], None),
            Settled::Certain(district("WY-00"))
        );
    }

    #[test]
    fn a_split_zip_asks_and_a_choice_among_its_districts_answers() {
        let question = asked(settle("TX", "75002", &["TX-03", "TX-04"], None));
        assert_eq!(question.reason, Ask::SplitZip);
        assert_eq!(question.candidates, [district("TX-03"), district("TX-04")]);
        assert_eq!(
            question.choice_value(district("TX-04")).as_ref(),
            "TX-04@75002"
        );
        let chosen = settle("TX", "75002", &["TX-03", "TX-04"], Some("TX-04@75002"));
        assert!(matches!(chosen, Settled::Chosen(d, _) if d == district("TX-04")));
    }

    #[test]
    fn a_choice_outside_the_candidates_is_asked_again_with_the_reason() {
        let question = asked(settle("TX", "75002", &["TX-03", "TX-04"], Some("TX-07")));
        assert_eq!(question.reason, Ask::NotACandidate(district("TX-07")));
        assert!(
            question
                .message()
                .in_language(crate::language::Language::En)
                .contains("TX-07 is not a district ZIP code 75002")
        );
    }

    #[test]
    fn a_stale_choice_is_never_kept() {
        let changed_zip = settle("TX", "75022", &["TX-24", "TX-26"], Some("TX-24@75002"));
        assert_eq!(asked(changed_zip).reason, Ask::AddressChanged);
        let changed_state = settle("OK", "73301", &[], Some("TX-24@73301"));
        assert_eq!(asked(changed_state).reason, Ask::AddressChanged);
        assert_eq!(
            settle("TX", "78701", &["TX-37"], Some("TX-03@75002")),
            Settled::Certain(district("TX-37"))
        );
    }

    #[test]
    fn an_unknown_zip_offers_every_seat_of_the_state() {
        let question = asked(settle("TX", "79999", &[], None));
        assert_eq!(question.reason, Ask::UnknownZip);
        assert_eq!(question.candidates.len(), 38);
        let from_another_congress = asked(settle("TX", "75002", &["TX-39"], None));
        assert_eq!(from_another_congress.reason, Ask::UnknownZip);
    }
}
