//! Which offices a letter goes to, and which of them take messages through
//! their chamber's service: the chambers' lists of active offices, as staff
//! last loaded them into `shared/data/active-offices.json`
//! (`scripts/refresh-offices`, then a deploy).

use crate::domain::{Chamber, OfficeCode};
use crate::letter::Letter;
use crate::senators::{Senator, SenatorDirectory};
use serde::Deserialize;
use std::collections::BTreeSet;

const BUNDLED: &str = include_str!("../../data/active-offices.json");

/// The offices that take messages through each chamber's service.
#[derive(Debug, Clone)]
pub struct ActiveOffices {
    offices: BTreeSet<OfficeCode>,
    /// When staff last loaded the lists (`YYYY-MM-DD`).
    retrieved: String,
}

#[derive(Deserialize)]
struct OfficeFile {
    meta: Meta,
    senate: Vec<String>,
    house: Vec<String>,
}

#[derive(Deserialize)]
struct Meta {
    retrieved: String,
}

#[derive(Debug, thiserror::Error)]
pub enum OfficeListError {
    #[error("the list of active offices is not valid JSON of the expected shape: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("the {chamber} list of active offices holds {code:?}, not one of its office codes")]
    NotAnOffice { chamber: &'static str, code: String },
}

impl ActiveOffices {
    /// The lists bundled into the binary.
    pub fn bundled() -> Result<Self, OfficeListError> {
        Self::from_json(BUNDLED)
    }

    pub fn from_json(json: &str) -> Result<Self, OfficeListError> {
        let file: OfficeFile = serde_json::from_str(json)?;
        let mut offices = BTreeSet::new();
        for (chamber, codes) in [(Chamber::Senate, file.senate), (Chamber::House, file.house)] {
            for code in codes {
                match OfficeCode::parse(&code) {
                    Ok(office) if office.chamber() == chamber => offices.insert(office),
                    _ => {
                        return Err(OfficeListError::NotAnOffice {
                            chamber: chamber.name(),
                            code,
                        });
                    }
                };
            }
        }
        Ok(Self {
            offices,
            retrieved: file.meta.retrieved,
        })
    }

    /// Exactly these offices, as loaded on `retrieved`: for tests.
    pub fn of(offices: impl IntoIterator<Item = OfficeCode>, retrieved: &str) -> Self {
        Self {
            offices: offices.into_iter().collect(),
            retrieved: retrieved.to_owned(),
        }
    }

    /// When staff last loaded the lists (`YYYY-MM-DD`).
    pub fn retrieved(&self) -> &str {
        &self.retrieved
    }

    pub fn contains(&self, office: &OfficeCode) -> bool {
        self.offices.contains(office)
    }

    /// Why a letter to `office` is not sent, when it is not on the list.
    pub fn why_unreachable(&self, office: &OfficeCode) -> Option<String> {
        let chamber = match office.chamber() {
            Chamber::Senate => "Senate",
            Chamber::House => "House",
        };
        (!self.contains(office)).then(|| {
            format!(
                "{office} is not on the {chamber}'s list of offices that take messages \
                 through its delivery service (list of {})",
                self.retrieved
            )
        })
    }
}

/// The offices `letter` is addressed to, in its recipients' order. A
/// recipient no longer in the Senator data (a Senator who left) is left
/// out: the seat's office now belongs to someone the supporter did not
/// write to.
pub fn offices_of(letter: &Letter, senators: &SenatorDirectory) -> Vec<OfficeCode> {
    senators
        .by_bioguide(&letter.recipients)
        .into_iter()
        .map(|senator| OfficeCode::senate(senator.state, senator.class))
        .collect()
}

/// The Senator whose office `office` is, if it is a seated Senator's.
pub fn senator_at<'a>(office: &OfficeCode, senators: &'a SenatorDirectory) -> Option<&'a Senator> {
    senators
        .for_state(office.state())
        .into_iter()
        .find(|senator| OfficeCode::senate(senator.state, senator.class) == *office)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::letter_from;

    #[test]
    fn the_bundled_lists_hold_every_seated_senators_office() {
        let active = ActiveOffices::bundled().unwrap();
        let senators = SenatorDirectory::bundled().unwrap();
        let offices = offices_of(&letter_from("ME", "ada@example.org"), &senators);
        let codes: Vec<&str> = offices.iter().map(AsRef::as_ref).collect();
        assert_eq!(codes, ["SME02", "SME01"]);
        assert!(offices.iter().all(|office| active.contains(office)));
        assert_eq!(senator_at(&offices[0], &senators).unwrap().last, "Collins");
    }

    #[test]
    fn an_office_off_the_list_is_unreachable_with_the_lists_date() {
        let active = ActiveOffices::of([OfficeCode::parse("SME02").unwrap()], "2026-06-15");
        let reason = active
            .why_unreachable(&OfficeCode::parse("SME01").unwrap())
            .unwrap();
        assert!(
            reason.contains("SME01 is not on the Senate's list") && reason.contains("2026-06-15")
        );
        assert_eq!(
            active.why_unreachable(&OfficeCode::parse("SME02").unwrap()),
            None
        );
    }

    #[test]
    fn a_list_holding_another_chambers_code_is_refused() {
        let json = r#"{"meta": {"retrieved": "x"}, "senate": ["HME01"], "house": []}"#;
        assert!(matches!(
            ActiveOffices::from_json(json),
            Err(OfficeListError::NotAnOffice { .. })
        ));
    }
}
