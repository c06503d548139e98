//! A campaign's running counts. Every count is a sum, so counts kept in
//! several shards (or rebuilt from a file) add up to the same tally.

use super::OfficeDeliveries;
use crate::letter::{ConfirmationStatus, Letter};
use crate::senators::SenatorDirectory;
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts by key: `letters`, `edited`, `opted_in`, `state:TX`,
/// `day:2026-11-28`, `senator:C001056`, `confirmation:sent`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    counts: BTreeMap<String, u64>,
}

impl Tally {
    pub fn add(&mut self, key: impl Into<String>, n: u64) {
        *self.counts.entry(key.into()).or_default() += n;
    }

    /// Counts a newly stored letter.
    pub fn add_letter(&mut self, letter: &Letter) {
        self.add("letters", 1);
        self.add("edited", u64::from(letter.edited));
        self.add("opted_in", u64::from(letter.fields.opt_in));
        self.add(format!("state:{}", letter.fields.state), 1);
        self.add(format!("day:{}", letter.created_at.date()), 1);
        for bioguide in &letter.recipients {
            self.add(format!("senator:{bioguide}"), 1);
        }
    }

    /// Counts a confirmation that reached its end; others count as pending.
    pub fn add_settled(&mut self, status: &ConfirmationStatus) {
        if let Some(name) = status.settled_name() {
            self.add(format!("confirmation:{name}"), 1);
        }
    }

    pub fn get(&self, key: &str) -> u64 {
        self.counts.get(key).copied().unwrap_or(0)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.counts.iter().map(|(key, n)| (key.as_str(), *n))
    }

    pub(super) fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, u64)> + 'a {
        self.iter()
            .filter_map(move |(key, n)| key.strip_prefix(prefix).map(|rest| (rest, n)))
    }

    /// The days (UTC, `YYYY-MM-DD`) on which letters came.
    pub fn days(&self) -> Vec<&str> {
        self.with_prefix("day:").map(|(day, _)| day).collect()
    }

    pub fn summary(&self, senators: &SenatorDirectory) -> Summary {
        let letters = self.get("letters");
        let settled: u64 = self.with_prefix("confirmation:").map(|(_, n)| n).sum();
        let mut by_senator: Vec<SenatorCount> = self
            .with_prefix("senator:")
            .map(|(bioguide, letters)| SenatorCount {
                name: senators
                    .by_bioguide(&[bioguide.to_owned()])
                    .first()
                    .map_or_else(|| bioguide.to_owned(), |s| s.name.clone()),
                bioguide: bioguide.to_owned(),
                letters,
            })
            .collect();
        by_senator.sort_by(|a, b| b.letters.cmp(&a.letters).then_with(|| a.name.cmp(&b.name)));
        Summary {
            total: letters,
            by_state: self
                .with_prefix("state:")
                .map(|(k, n)| (k.to_owned(), n))
                .collect(),
            by_day: self
                .with_prefix("day:")
                .map(|(k, n)| (k.to_owned(), n))
                .collect(),
            by_senator,
            edited: self.get("edited"),
            opted_in: self.get("opted_in"),
            confirmations: Confirmations {
                pending: letters.saturating_sub(settled),
                sent: self.get("confirmation:sent"),
                failed: self.get("confirmation:failed"),
                suppressed: self.get("confirmation:suppressed"),
            },
            deliveries: self.deliveries(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SenatorCount {
    pub bioguide: String,
    pub name: String,
    pub letters: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Confirmations {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
    pub suppressed: u64,
}

/// `GET /admin/c/{slug}/summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Summary {
    pub total: u64,
    pub by_state: BTreeMap<String, u64>,
    pub by_day: BTreeMap<String, u64>,
    pub by_senator: Vec<SenatorCount>,
    pub edited: u64,
    pub opted_in: u64,
    pub confirmations: Confirmations,
    /// Each office's letters by delivery state, by office code.
    #[serde(default)]
    pub deliveries: BTreeMap<String, OfficeDeliveries>,
}
