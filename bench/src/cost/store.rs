//! DynamoDB's units per letter, as the code spends them. A write unit
//! covers 1 KB of an item (an update pays for the larger of the item
//! before and after); a transaction pays twice. Read units cover 4 KB,
//! half a unit when eventually consistent. These are the code's writes
//! reckoned by hand, per operation, before and after the cuts of issue 25;
//! the tally item's size is the audit, not a measurement.

/// Shards the public count is spread over (`adapters/dynamodb/keys.rs`).
pub const COUNT_SHARDS: f64 = 500.0;
/// How long a process serves the count from memory (`web::count_cache`).
pub const COUNT_TTL_SECONDS: f64 = 5.0;
/// Letters the aggregator tallies in one transaction (`dynamodb/tallies.rs`).
const LETTERS_PER_TALLY: f64 = 90.0;

/// The sizes DynamoDB bills a letter's writes by, in whole KB.
#[derive(Clone, Copy)]
pub struct Sizes {
    pub letter_kb: f64,
    /// One tally shard: about 3 KB for a campaign to the Senate, about 20
    /// KB for one to the whole delegation (every district and member).
    pub tally_kb: f64,
}

/// The write units of one operation on one letter.
pub struct Write {
    pub what: &'static str,
    pub before: f64,
    pub now: f64,
}

/// `Write`s for one letter from a new address, from submit to a settled
/// confirmation, and a confirm-link click. Before: rate limits keyed by
/// subject (a first attempt pays a failed update and a put), the export
/// index projecting every attribute (each write of the letter written to
/// it again), confirmations counted in the whole tally item. Now: one
/// update a window, keys only in the index, confirmations in small items.
pub fn writes_per_letter(s: Sizes) -> Vec<Write> {
    let Sizes {
        letter_kb,
        tally_kb,
    } = s;
    let write = |what, before, now| Write { what, before, now };
    vec![
        write("submit: the client's rate limit", 2.0, 1.0),
        write("submit: the address's rate limit", 2.0, 1.0),
        write("submit: the spent form token", 1.0, 1.0),
        write(
            "submit: the letter and a count shard, one transaction",
            2.0 * (letter_kb + 1.0) + letter_kb,
            2.0 * (letter_kb + 1.0) + 1.0,
        ),
        write(
            "aggregator: the letter marked tallied, its share of the tally",
            2.0 * letter_kb + letter_kb + 2.0 * tally_kb / LETTERS_PER_TALLY,
            2.0 * letter_kb + 2.0 * tally_kb / LETTERS_PER_TALLY,
        ),
        write("mailer: the letter claimed", 2.0 * letter_kb, letter_kb),
        write(
            "mailer: the letter settled with its count, one transaction",
            2.0 * (letter_kb + tally_kb) + letter_kb,
            2.0 * (letter_kb + 1.0),
        ),
        write(
            "a confirm-link click, one transaction (per click)",
            2.0 * (letter_kb + tally_kb) + letter_kb,
            2.0 * (letter_kb + 1.0),
        ),
    ]
}

/// Write units per letter, now, with `click_share` of supporters
/// clicking the confirm link.
pub fn units_per_letter(s: Sizes, click_share: f64) -> f64 {
    let writes = writes_per_letter(s);
    let (click, rest) = writes.split_last().expect("a click and the rest");
    rest.iter().map(|w| w.now).sum::<f64>() + click_share * click.now
}

/// Read units per letter: the mailer reads the confirmation consistently
/// and the suppression list eventually.
pub fn reads_per_letter(letter_kb: f64) -> f64 {
    (letter_kb / 4.0).ceil() + 0.5
}

/// Read units of one count read: every shard, eventually consistent.
pub fn count_read_units() -> f64 {
    COUNT_SHARDS * 0.5
}

/// The size DynamoDB bills for `item`: each attribute's name and value.
pub fn item_bytes(item: &serde_dynamo::Item) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value_bytes(value))
        .sum()
}

fn value_bytes(value: &serde_dynamo::AttributeValue) -> usize {
    use serde_dynamo::AttributeValue as V;
    match value {
        V::S(text) => text.len(),
        V::N(number) => number.len().div_ceil(2) + 1,
        V::B(bytes) => bytes.len(),
        V::Bool(_) | V::Null(_) => 1,
        V::L(items) => 3 + items.iter().map(|v| 1 + value_bytes(v)).sum::<usize>(),
        V::M(fields) => {
            3 + fields
                .iter()
                .map(|(name, v)| 1 + name.len() + value_bytes(v))
                .sum::<usize>()
        }
        V::Ss(texts) => texts.iter().map(String::len).sum(),
        V::Ns(numbers) => numbers.iter().map(|n| n.len().div_ceil(2) + 1).sum(),
        V::Bs(blobs) => blobs.iter().map(Vec::len).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_senate_letter_takes_22_write_units_now_against_35_before() {
        let senate = Sizes {
            letter_kb: 2.0,
            tally_kb: 3.0,
        };
        let writes = writes_per_letter(senate);
        let sum = |f: fn(&Write) -> f64| writes[..writes.len() - 1].iter().map(f).sum::<f64>();
        assert!((sum(|w| w.before) - 35.07).abs() < 0.01);
        assert!((sum(|w| w.now) - 22.07).abs() < 0.01);
        assert_eq!(reads_per_letter(2.0), 1.5);
    }
}
