//! The sitting U.S. Senators, the targets of a campaign's letters.
//!
//! The project carries its own copy of the public-domain data in
//! `shared/data/senators.json`, stamped with the upstream snapshot date;
//! `scripts/refresh-senators` rebuilds it from upstream.

use crate::domain::StateCode;
use serde::Deserialize;

const BUNDLED: &str = include_str!("../data/senators.json");

/// One Senator's public office details.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Senator {
    /// The Congressional Bioguide id: stable across terms, the key letters record.
    pub bioguide: String,
    pub state: StateCode,
    pub state_rank: String,
    /// The seat's class (1 to 3): which election cycle it belongs to, and
    /// the last two digits of its office's code for Congress's delivery services.
    pub class: u8,
    pub name: String,
    pub last: String,
    pub party: String,
    pub phone: String,
    pub contact_form: String,
    pub office: String,
}

#[derive(Deserialize)]
struct SenatorFile {
    meta: Meta,
    senators: Vec<Senator>,
}

#[derive(Deserialize)]
struct Meta {
    commit_date: String,
}

/// Every Senator, looked up by state.
#[derive(Debug, Clone)]
pub struct SenatorDirectory {
    senators: Vec<Senator>,
    snapshot_date: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SenatorDataError {
    #[error("the Senator data is not valid JSON of the expected shape: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("the Senator data lists {count} Senators for {state}; every state has two")]
    WrongCount { state: StateCode, count: usize },
}

impl SenatorDirectory {
    /// The copy bundled into the binary.
    pub fn bundled() -> Result<Self, SenatorDataError> {
        Self::from_json(BUNDLED)
    }

    pub fn from_json(json: &str) -> Result<Self, SenatorDataError> {
        let file: SenatorFile = serde_json::from_str(json)?;
        let mut senators = file.senators;
        // Senior first: the order letters and pages name them in.
        senators.sort_by(|a, b| (a.state, &b.state_rank).cmp(&(b.state, &a.state_rank)));
        let directory = Self {
            senators,
            snapshot_date: file.meta.commit_date,
        };
        for state in StateCode::all().filter(|s| s.has_senators()) {
            let count = directory.for_state(state).len();
            if count != 2 {
                return Err(SenatorDataError::WrongCount { state, count });
            }
        }
        Ok(directory)
    }

    /// The Senators who represent `state`: two for a state, none elsewhere.
    pub fn for_state(&self, state: StateCode) -> Vec<&Senator> {
        self.senators.iter().filter(|s| s.state == state).collect()
    }

    /// The Senators with these Bioguide ids, in the ids' order; ids no
    /// longer in the data (a Senator who left) are skipped.
    pub fn by_bioguide(&self, ids: &[String]) -> Vec<&Senator> {
        ids.iter()
            .filter_map(|id| self.senators.iter().find(|s| &s.bioguide == id))
            .collect()
    }

    /// Every state's Senators (name and party) as a JSON object keyed by
    /// state code, safe to place inside a `<script>` element.
    pub fn by_state_json(&self) -> Result<String, serde_json::Error> {
        #[derive(serde::Serialize)]
        struct Brief<'a> {
            name: &'a str,
            party: &'a str,
        }
        let mut by_state: std::collections::BTreeMap<&str, Vec<Brief>> =
            std::collections::BTreeMap::new();
        for senator in &self.senators {
            let brief = Brief {
                name: &senator.name,
                party: &senator.party,
            };
            by_state
                .entry(senator.state.code())
                .or_default()
                .push(brief);
        }
        // `<` never appears as such, so no `</script>` can close the element early.
        Ok(serde_json::to_string(&by_state)?.replace('<', "\\u003c"))
    }

    /// The date of the upstream snapshot this data was taken from.
    pub fn snapshot_date(&self) -> &str {
        &self.snapshot_date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_has_two_senators_per_state_senior_first() {
        let directory = SenatorDirectory::bundled().unwrap();
        let texas = directory.for_state(StateCode::parse("TX").unwrap());
        assert_eq!(texas.len(), 2);
        assert_eq!(texas[0].state_rank, "senior");
        assert_eq!(directory.snapshot_date(), "2026-06-15");
    }

    #[test]
    fn dc_has_no_senators() {
        let directory = SenatorDirectory::bundled().unwrap();
        assert!(
            directory
                .for_state(StateCode::parse("DC").unwrap())
                .is_empty()
        );
    }

    #[test]
    fn data_missing_a_senator_is_refused() {
        let json = r#"{"meta": {"commit_date": "2026-01-01"}, "senators": []}"#;
        assert!(matches!(
            SenatorDirectory::from_json(json),
            Err(SenatorDataError::WrongCount { count: 0, .. })
        ));
    }
}
