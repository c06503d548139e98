//! The member data files as `scripts/refresh-congress` writes them, read
//! and checked once at start: a file that contradicts itself stops the
//! process instead of sending a letter to the wrong office.

use super::{Bioguide, Member, Members, Seat, Snapshots};
use crate::domain::{District, StateCode};
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Debug, thiserror::Error)]
pub enum MemberDataError {
    #[error("the member data is not valid JSON of the expected shape: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("the Senator data lists {count} Senators for {state}; every state has two")]
    WrongCount { state: StateCode, count: usize },
    #[error("the House data has no seat for {state}; every state and territory has one")]
    NoSeat { state: StateCode },
    #[error("the House data gives the seat {district} twice (held twice, or held and vacant)")]
    SeatTwice { district: District },
}

#[derive(Deserialize)]
struct SenatorFile {
    meta: SenatorMeta,
    senators: Vec<SenatorEntry>,
}

#[derive(Deserialize)]
struct SenatorMeta {
    commit_date: String,
}

#[derive(Deserialize)]
struct SenatorEntry {
    bioguide: Bioguide,
    state: StateCode,
    state_rank: String,
    class: u8,
    name: String,
    party: String,
    phone: Option<String>,
    contact_form: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct HouseFile {
    meta: HouseMeta,
    representatives: Vec<HouseEntry>,
}

#[derive(Deserialize)]
struct HouseMeta {
    snapshot: String,
    vacant_seats_at_snapshot: Vec<District>,
}

#[derive(Deserialize)]
struct HouseEntry {
    bioguide: Bioguide,
    state: StateCode,
    district: u8,
    voting: bool,
    name: String,
    party: String,
    phone: Option<String>,
    url: Option<String>,
}

impl Members {
    /// Reads and checks the two files' contents.
    pub fn from_json(senators: &str, representatives: &str) -> Result<Self, MemberDataError> {
        let senate: SenatorFile = serde_json::from_str(senators)?;
        let house: HouseFile = serde_json::from_str(representatives)?;
        let mut senators: Vec<Member> = senate.senators.into_iter().map(senator).collect();
        // Senior first: the order letters and pages name them in.
        senators.sort_by_key(|s| {
            (
                s.state(),
                !matches!(s.seat, Seat::Senate { senior: true, .. }),
            )
        });
        let house_members = house
            .representatives
            .into_iter()
            .map(representative)
            .collect::<Result<Vec<_>, _>>()?;
        let mut seats = BTreeSet::new();
        let held = house_members.iter().filter_map(Member::district);
        for district in held.chain(house.meta.vacant_seats_at_snapshot) {
            if !seats.insert(district) {
                return Err(MemberDataError::SeatTwice { district });
            }
        }
        let mut house_members = house_members;
        house_members.sort_by_key(Member::district);
        let members = Self {
            senators,
            house: house_members,
            seats: seats.into_iter().collect(),
            snapshots: Snapshots {
                senate: senate.meta.commit_date,
                house: house.meta.snapshot,
            },
        };
        members.check()?;
        Ok(members)
    }

    fn check(&self) -> Result<(), MemberDataError> {
        for state in StateCode::all() {
            let count = self.senators(state).len();
            if state.has_senators() && count != 2 || !state.has_senators() && count != 0 {
                return Err(MemberDataError::WrongCount { state, count });
            }
            if self.seats(state).is_empty() {
                return Err(MemberDataError::NoSeat { state });
            }
        }
        Ok(())
    }
}

fn senator(entry: SenatorEntry) -> Member {
    Member {
        bioguide: entry.bioguide,
        name: entry.name,
        party: entry.party,
        seat: Seat::Senate {
            state: entry.state,
            class: entry.class,
            senior: entry.state_rank == "senior",
        },
        phone: entry.phone,
        contact_form: entry.contact_form,
        url: entry.url,
    }
}

fn representative(entry: HouseEntry) -> Result<Member, MemberDataError> {
    let district = District::new(entry.state, entry.district).map_err(|e| {
        MemberDataError::Malformed(serde::de::Error::custom(format!("{}: {e}", entry.bioguide)))
    })?;
    Ok(Member {
        bioguide: entry.bioguide,
        name: entry.name,
        party: entry.party,
        seat: Seat::House {
            district,
            voting: entry.voting,
        },
        phone: entry.phone,
        contact_form: None,
        url: entry.url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENATORS: &str = include_str!("../../data/senators.json");
    const HOUSE: &str = include_str!("../../data/representatives.json");

    #[test]
    fn data_missing_a_senator_is_refused() {
        let json = r#"{"meta": {"commit_date": "2026-01-01"}, "senators": []}"#;
        assert!(matches!(
            Members::from_json(json, HOUSE),
            Err(MemberDataError::WrongCount { count: 0, .. })
        ));
    }

    #[test]
    fn a_seat_both_held_and_vacant_is_refused() {
        let house = HOUSE.replace("\"CA-14\"", "\"TX-07\"");
        assert!(matches!(
            Members::from_json(SENATORS, &house),
            Err(MemberDataError::SeatTwice { .. })
        ));
    }

    #[test]
    fn a_state_without_a_house_seat_is_refused() {
        let mut house: serde_json::Value = serde_json::from_str(HOUSE).unwrap();
        house["representatives"]
            .as_array_mut()
            .unwrap()
            .retain(|r| r["state"] != "WY");
        let error = Members::from_json(SENATORS, &house.to_string()).unwrap_err();
        assert!(error.to_string().contains("no seat for WY"), "{error}");
    }
}
