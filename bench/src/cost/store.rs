//! A letter's DynamoDB units as `bench counts` counted them (the file
//! beside docs/performance.md), with the two things one letter's run
//! cannot show: the tally item's size at scale and how many letters share
//! its write.

use crate::counts::Life;

/// How long a process serves the count from memory (`web::count_cache`).
pub const COUNT_TTL_SECONDS: f64 = 5.0;
/// Letters the aggregator tallies in one transaction (`dynamodb/tallies.rs`).
const LETTERS_PER_TALLY: f64 = 90.0;

/// The phases every letter goes through, as `bench counts` names them.
const EVERY_LETTER: [&str; 4] = ["submit", "aggregate", "confirmation mail", "delivery"];

/// How a letter's life is priced beyond what was counted (assumed).
#[derive(Clone, Copy)]
pub struct Shares {
    /// The tally item's size at scale, KB (the audit: about 3 for a
    /// Senate campaign, about 20 for one to the whole delegation).
    pub tally_kb: f64,
    /// Supporters who press the confirm link, and who withdraw.
    pub click: f64,
    pub withdraw: f64,
}

/// Write units (table and index) of `phase`, each tally write taken at
/// the tally's size at scale (one letter's tally is under 1 KB, so each
/// was counted at a unit, twice in a transaction); the aggregator's shared
/// by a batch's letters. Delivery counts on small items of its own
/// (`DELIVERED`), under a kilobyte at scale too, so it is taken as counted.
fn phase_writes(life: &Life, phase: &str, tally_kb: f64) -> f64 {
    life.phases.get(phase).map_or(0.0, |counted| {
        counted
            .aws
            .values()
            .map(|calls| {
                let tally = calls
                    .write_units_by_item
                    .get("TALLY")
                    .copied()
                    .unwrap_or(0.0);
                let batch = if phase == "aggregate" {
                    LETTERS_PER_TALLY
                } else {
                    1.0
                };
                let at_scale = tally * tally_kb.ceil() / batch;
                calls.write_units - tally + at_scale + calls.index_write_units
            })
            .sum()
    })
}

fn phase_reads(life: &Life, phase: &str) -> f64 {
    life.phases.get(phase).map_or(0.0, |counted| {
        counted.aws.values().map(|c| c.read_units).sum()
    })
}

/// Write units per letter, phase by phase: every letter's, then a click's
/// and a withdrawal's (each per occurrence).
pub fn writes_by_phase(life: &Life, tally_kb: f64) -> Vec<(&'static str, f64)> {
    EVERY_LETTER
        .iter()
        .chain(&["confirm click", "withdraw"])
        .map(|phase| (*phase, phase_writes(life, phase, tally_kb)))
        .collect()
}

/// Write units per letter, with the shares of clicks and withdrawals.
pub fn writes_per_letter(life: &Life, shares: Shares) -> f64 {
    EVERY_LETTER
        .iter()
        .map(|phase| phase_writes(life, phase, shares.tally_kb))
        .sum::<f64>()
        + shares.click * phase_writes(life, "confirm click", shares.tally_kb)
        + shares.withdraw * phase_writes(life, "withdraw", shares.tally_kb)
}

/// Read units per letter, likewise.
pub fn reads_per_letter(life: &Life, shares: Shares) -> f64 {
    EVERY_LETTER
        .iter()
        .map(|phase| phase_reads(life, phase))
        .sum::<f64>()
        + shares.click * phase_reads(life, "confirm click")
        + shares.withdraw * phase_reads(life, "withdraw")
}

/// Read units of one count read (every shard), as counted.
pub fn count_read_units(life: &Life) -> f64 {
    phase_reads(life, "count read")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counts::{Calls, Phase};

    /// A call's name, write units, read units and write units by item.
    type Counted<'a> = (&'a str, f64, f64, &'a [(&'a str, f64)]);

    fn phase(calls: &[Counted]) -> Phase {
        Phase {
            aws: calls
                .iter()
                .map(|(name, writes, reads, by_item)| {
                    let calls = Calls {
                        calls: 1,
                        write_units: *writes,
                        read_units: *reads,
                        write_units_by_item: by_item
                            .iter()
                            .map(|(k, u)| ((*k).to_owned(), *u))
                            .collect(),
                        ..Calls::default()
                    };
                    ((*name).to_owned(), calls)
                })
                .collect(),
            ..Phase::default()
        }
    }

    #[test]
    fn a_letter_is_priced_from_its_counted_phases_with_the_tally_shared() {
        let mut life = Life::default();
        let phases = [
            ("submit", phase(&[("dynamodb PutItem", 9.0, 2.0, &[])])),
            (
                "aggregate",
                phase(&[(
                    "dynamodb TransactWriteItems",
                    6.0,
                    0.0,
                    &[("LETTER", 4.0), ("TALLY", 2.0)],
                )]),
            ),
            (
                "confirmation mail",
                phase(&[("dynamodb UpdateItem", 8.0, 1.0, &[])]),
            ),
            (
                "delivery",
                phase(&[("dynamodb TransactWriteItems", 12.0, 1.0, &[])]),
            ),
            (
                "confirm click",
                phase(&[("dynamodb TransactWriteItems", 6.0, 3.0, &[])]),
            ),
            (
                "withdraw",
                phase(&[("dynamodb TransactWriteItems", 12.0, 3.0, &[])]),
            ),
            (
                "count read",
                phase(&[("dynamodb BatchGetItem", 0.0, 250.0, &[])]),
            ),
        ];
        for (name, counted) in phases {
            life.phases.insert(name.to_owned(), counted);
        }
        let shares = Shares {
            tally_kb: 2.5,
            click: 0.5,
            withdraw: 0.0,
        };
        // 9 + (4 + 2 * 3 / 90) + 8 + 12, and half a click's 6.
        let expected = 9.0 + 4.0 + 6.0 / 90.0 + 8.0 + 12.0 + 3.0;
        assert!((writes_per_letter(&life, shares) - expected).abs() < 1e-9);
        assert_eq!(reads_per_letter(&life, shares), 2.0 + 1.0 + 1.0 + 1.5);
        assert_eq!(count_read_units(&life), 250.0);
    }

    #[test]
    fn the_committed_counts_file_reads_and_prices() {
        let text = include_str!("../../../docs/performance-counts.json");
        let file: crate::counts::CountsFile = serde_json::from_str(text).unwrap();
        assert_eq!(file.lives.len(), 2);
        assert!(file.lives.iter().all(|life| count_read_units(life) > 0.0));
    }
}
