//! The sitting members of Congress, the recipients of campaigns' letters:
//! the Senators by state, and the House by district, with its vacant seats.
//!
//! The project carries its own copy of the public-domain data,
//! `core/data/senators.json` and `core/data/representatives.json`,
//! each stamped with its upstream snapshot date; `scripts/refresh-congress`
//! rebuilds both (and the ZIP-to-district table) from upstream.

mod data;
mod member;
mod office;

pub use crate::domain::Chamber;
pub use data::MemberDataError;
pub use member::{Bioguide, Member, Recipient, Seat};
pub use office::OfficeCode;

use crate::domain::{District, StateCode};
use std::sync::OnceLock;

/// The upstream snapshot dates of the member data, for staff to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshots {
    pub senate: String,
    pub house: String,
}

/// Every sitting member, looked up by state, district or id.
#[derive(Debug, Clone)]
pub struct Members {
    /// By state, senior first.
    senators: Vec<Member>,
    /// By district.
    house: Vec<Member>,
    /// Every House seat, held or vacant, in order.
    seats: Vec<District>,
    snapshots: Snapshots,
}

impl Members {
    /// The copy bundled into the binary, parsed once per process: a
    /// function's start asks for it in several places (its campaigns'
    /// checks, its addresser, its campaign refresh), and a parse costs
    /// more than a copy.
    pub fn bundled() -> Result<Self, MemberDataError> {
        static BUNDLED: OnceLock<Members> = OnceLock::new();
        if let Some(members) = BUNDLED.get() {
            return Ok(members.clone());
        }
        let parsed = Self::from_json(
            include_str!("../../data/senators.json"),
            include_str!("../../data/representatives.json"),
        )?;
        Ok(BUNDLED.get_or_init(|| parsed).clone())
    }

    /// The Senators whose seats are in `state`: two for a state, none for
    /// DC and the territories; the senior first.
    pub fn senators(&self, state: StateCode) -> Vec<&Member> {
        self.senators
            .iter()
            .filter(|s| s.state() == state)
            .collect()
    }

    /// Who holds the House seat `district`; `None` while it is vacant.
    pub fn representative(&self, district: District) -> Option<&Member> {
        self.house.iter().find(|m| m.district() == Some(district))
    }

    /// Every House seat of `state`, held or vacant, in order.
    pub fn seats(&self, state: StateCode) -> Vec<District> {
        self.seats
            .iter()
            .copied()
            .filter(|seat| seat.state() == state)
            .collect()
    }

    /// Whether `district` is a House seat.
    pub fn is_seat(&self, district: District) -> bool {
        self.seats.binary_search(&district).is_ok()
    }

    /// The member with this Bioguide id, in either chamber.
    pub fn get(&self, bioguide: &Bioguide) -> Option<&Member> {
        self.senators
            .iter()
            .chain(&self.house)
            .find(|m| &m.bioguide == bioguide)
    }

    /// The members a letter went to, in its order; ids no longer in the
    /// data (a member who left) are skipped.
    pub fn of_recipients(&self, recipients: &[Recipient]) -> Vec<&Member> {
        recipients
            .iter()
            .filter_map(|r| self.get(&r.bioguide))
            .collect()
    }

    /// The dates of the upstream snapshots this data was taken from.
    pub fn snapshots(&self) -> &Snapshots {
        &self.snapshots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members() -> Members {
        Members::bundled().unwrap()
    }

    fn district(code: &str) -> District {
        District::parse(code).unwrap()
    }

    fn state(code: &str) -> StateCode {
        StateCode::parse(code).unwrap()
    }

    #[test]
    fn bundled_data_has_two_senators_per_state_senior_first() {
        let members = members();
        let texas = members.senators(state("TX"));
        assert_eq!(texas.len(), 2);
        assert_eq!(texas[0].name, "John Cornyn");
        assert_eq!(members.snapshots().senate, "2026-06-15");
        assert_eq!(members.snapshots().house, "2026-06-15");
    }

    #[test]
    fn dc_and_the_territories_have_no_senators_and_a_delegate() {
        let members = members();
        for (code, title) in [
            ("DC", "Delegate"),
            ("GU", "Delegate"),
            ("PR", "Resident Commissioner"),
        ] {
            assert!(members.senators(state(code)).is_empty(), "{code}");
            let delegate = members.representative(district(&format!("{code}-00")));
            assert_eq!(delegate.unwrap().title(), title, "{code}");
        }
    }

    #[test]
    fn the_house_has_435_seats_and_six_delegates_with_vacancies_shown() {
        let members = members();
        assert_eq!(members.seats.len(), 441);
        assert_eq!(members.house.len(), 437);
        for vacant in ["CA-14", "FL-20", "GA-13", "TX-23"] {
            assert!(members.is_seat(district(vacant)), "{vacant}");
            assert!(
                members.representative(district(vacant)).is_none(),
                "{vacant}"
            );
        }
        assert_eq!(members.seats(state("AK")), [district("AK-00")]);
        assert_eq!(members.seats(state("TX")).len(), 38);
    }

    #[test]
    fn members_are_found_by_id_in_either_chamber() {
        let members = members();
        let house = Bioguide::parse("N000147").unwrap();
        assert_eq!(members.get(&house).unwrap().name, "Eleanor Holmes Norton");
        let senate = Bioguide::parse("C001056").unwrap();
        assert_eq!(members.get(&senate).unwrap().chamber(), Chamber::Senate);
        assert!(members.get(&Bioguide::parse("Z999999").unwrap()).is_none());
    }
}
