//! The ZIP-code table, embedded: each ZIP Code Tabulation Area's House
//! districts, from `core/data/zcta-districts.csv`, which `core/build.rs`
//! turns into sorted arrays (`ZCTAS`, `STARTS`, `DISTRICTS`, `SEATS`). A
//! lookup is a binary search over the 33,774 ZCTAs; nothing leaves the
//! process and nothing can fail.

use crate::domain::{District, StateCode, ZipCode};
use anyhow::Context;

include!(concat!(env!("OUT_DIR"), "/zcta_districts.rs"));

const META: &str = include_str!("../data/zcta-districts.json");

#[derive(serde::Deserialize)]
struct Meta {
    commit_date: String,
}

/// The table bundled into the binary.
pub struct ZctaDistrictTable {
    /// `SEATS` as districts, indexed as `DISTRICTS` refers to them.
    seats: Vec<District>,
    snapshot_date: String,
}

impl ZctaDistrictTable {
    pub fn bundled() -> anyhow::Result<Self> {
        let seats = SEATS
            .iter()
            .map(|(state, number)| {
                StateCode::parse(state)
                    .and_then(|state| District::new(state, *number))
                    .with_context(|| format!("the ZIP-code table names {state}-{number:02}"))
            })
            .collect::<anyhow::Result<_>>()?;
        let meta: Meta = serde_json::from_str(META).context("reading zcta-districts.json")?;
        Ok(Self {
            seats,
            snapshot_date: meta.commit_date,
        })
    }

    /// Every district the ZCTA `zip5` lies in, in any state.
    pub fn districts(&self, zip5: u32) -> impl Iterator<Item = District> + '_ {
        let range = match ZCTAS.binary_search(&zip5) {
            Ok(i) => usize::from(STARTS[i])..usize::from(STARTS[i + 1]),
            Err(_) => 0..0,
        };
        DISTRICTS[range]
            .iter()
            .map(|seat| self.seats[usize::from(*seat)])
    }

    /// Every ZCTA the table knows, as a number, in order.
    pub fn zctas(&self) -> &'static [u32] {
        &ZCTAS
    }

    /// The bytes the table takes in memory: the arrays and the districts.
    pub fn footprint_bytes(&self) -> usize {
        size_of_val(&ZCTAS)
            + size_of_val(&STARTS)
            + size_of_val(&DISTRICTS)
            + size_of_val(&SEATS)
            + self.seats.capacity() * size_of::<District>()
    }
}

/// The first five digits of a ZIP code, as the table numbers them.
fn zip5(zip: &ZipCode) -> u32 {
    zip.as_ref()[..5].parse().unwrap_or(0)
}

impl ZctaDistrictTable {
    /// The districts of `state` that `zip` lies in.
    pub fn candidates(&self, state: StateCode, zip: &ZipCode) -> Vec<District> {
        self.districts(zip5(zip))
            .filter(|district| district.state() == state)
            .collect()
    }

    /// The states `zip` lies in, each once.
    pub fn states_of(&self, zip: &ZipCode) -> Vec<StateCode> {
        let mut states = Vec::new();
        for state in self.districts(zip5(zip)).map(District::state) {
            if !states.contains(&state) {
                states.push(state);
            }
        }
        states
    }

    /// The date of the table's snapshot.
    pub fn table_date(&self) -> &str {
        &self.snapshot_date
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::Members;

    fn table() -> ZctaDistrictTable {
        ZctaDistrictTable::bundled().unwrap()
    }

    fn candidates(state: &str, zip: &str) -> Vec<String> {
        table()
            .candidates(
                StateCode::parse(state).unwrap(),
                &ZipCode::parse(zip).unwrap(),
            )
            .into_iter()
            .map(District::code)
            .collect()
    }

    #[test]
    fn the_table_holds_every_zcta_of_the_snapshot() {
        let table = table();
        assert_eq!(table.zctas().len(), 33_774);
        assert_eq!(DISTRICTS.len(), 42_033);
        let split = table
            .zctas()
            .iter()
            .filter(|zcta| table.districts(**zcta).count() > 1)
            .count();
        assert_eq!(split, 7_299);
        assert_eq!(table.table_date(), "2024-11-12");
    }

    #[test]
    fn every_district_in_the_table_is_a_seat_in_the_member_data() {
        let members = Members::bundled().unwrap();
        let table = table();
        assert!(table.seats.iter().all(|seat| members.is_seat(*seat)));
        assert_eq!(table.seats.len(), 437);
    }

    #[test]
    fn a_zip_gives_its_districts_in_the_state_asked_about() {
        assert_eq!(candidates("TX", "78701-1234"), ["TX-37"]);
        assert_eq!(candidates("TX", "75002"), ["TX-03", "TX-04"]);
        assert_eq!(candidates("AL", "30165"), ["AL-03"]);
        assert_eq!(candidates("GA", "30165"), ["GA-14"]);
        assert!(candidates("NJ", "30165").is_empty());
        assert!(candidates("TX", "00501").is_empty());
        assert_eq!(candidates("AK", "99501"), ["AK-00"]);
    }

    #[test]
    fn a_zip_names_the_states_it_lies_in() {
        let states = |zip| {
            table()
                .states_of(&ZipCode::parse(zip).unwrap())
                .into_iter()
                .map(StateCode::code)
                .collect::<Vec<_>>()
        };
        assert_eq!(states("78701"), ["TX"]);
        assert_eq!(states("75002"), ["TX"], "one state, though two districts");
        assert_eq!(states("30165"), ["AL", "GA"]);
        assert!(states("20500").is_empty(), "the White House's own ZIP code");
    }
}
