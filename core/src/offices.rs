//! Which offices a letter goes to, and which of them take messages through
//! their chamber's service: the chambers' lists of active offices, as staff
//! last loaded them into `core/data/active-offices.json`
//! (`scripts/refresh-offices`, then a deploy).

use crate::domain::Chamber;
use crate::letter::Letter;
use crate::members::OfficeCode;
use crate::members::{Member, Members};
use serde::Deserialize;
use std::collections::BTreeSet;

const BUNDLED: &str = include_str!("../data/active-offices.json");

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
        let chamber = office.chamber().title();
        (!self.contains(office)).then(|| {
            format!(
                "{office} is not on the {chamber}'s list of offices that take messages \
                 through its delivery service (list of {})",
                self.retrieved
            )
        })
    }
}

/// The members `letter` is addressed to, with their offices, in its
/// recipients' order: Senators and Representatives alike. A recipient no
/// longer in the member data (a member who left) is left out: the seat's
/// office now belongs to someone the supporter did not write to.
pub fn offices_of<'a>(letter: &Letter, members: &'a Members) -> Vec<(OfficeCode, &'a Member)> {
    members
        .of_recipients(&letter.recipients)
        .into_iter()
        .map(|member| (member.office(), member))
        .collect()
}

/// The sitting member whose office `office` is, if any.
pub fn member_at<'a>(office: &OfficeCode, members: &'a Members) -> Option<&'a Member> {
    match office.district() {
        Some(district) => members.representative(district),
        None => members
            .senators(office.state())
            .into_iter()
            .find(|member| member.office() == *office),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::letter_from;

    #[test]
    fn the_bundled_lists_hold_every_seated_members_office() {
        let active = ActiveOffices::bundled().unwrap();
        let members = Members::bundled().unwrap();
        let offices = offices_of(&letter_from("ME", "ada@example.org"), &members);
        let codes: Vec<&str> = offices.iter().map(|(office, _)| office.as_ref()).collect();
        assert_eq!(codes, ["SME02", "SME01"]);
        assert!(offices.iter().all(|(office, _)| active.contains(office)));
        let collins = member_at(&offices[0].0, &members).unwrap();
        assert_eq!(collins.name, "Susan M. Collins");
        let house = OfficeCode::parse("HTX37").unwrap();
        assert!(active.contains(&house));
        assert_eq!(member_at(&house, &members).unwrap().name, "Lloyd Doggett");
        let vacant = OfficeCode::parse("HTX23").unwrap();
        assert!(!active.contains(&vacant) && member_at(&vacant, &members).is_none());
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

    #[test]
    fn a_house_list_holding_american_samoas_office_loads_and_one_holding_has00_does_not() {
        let json = r#"{"meta": {"retrieved": "x"}, "senate": [], "house": ["HAK00", "HAQ00"]}"#;
        let active = ActiveOffices::from_json(json).unwrap();
        let samoa = OfficeCode::parse("HAQ00").unwrap();
        assert!(active.contains(&samoa));
        assert!(ActiveOffices::bundled().unwrap().contains(&samoa));
        let members = Members::bundled().unwrap();
        let delegate = member_at(&samoa, &members).unwrap();
        assert_eq!(delegate.office(), samoa);
        assert_eq!(delegate.office().state().code(), "AS");
        let stale = r#"{"meta": {"retrieved": "x"}, "senate": [], "house": ["HAS00"]}"#;
        assert!(matches!(
            ActiveOffices::from_json(stale),
            Err(OfficeListError::NotAnOffice { .. })
        ));
    }
}
