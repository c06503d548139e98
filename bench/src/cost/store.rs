//! DynamoDB's units per letter, as the code spends them. A write unit
//! covers 1 KB of an item (an update pays for the whole item); a
//! transaction pays twice; the export index (`by_campaign_day`) projects
//! every attribute, so each write of a letter is written to it again. Read
//! units cover 4 KB, half a unit when eventually consistent.

/// Shards the public count is spread over (`adapters/dynamodb/keys.rs`).
pub const COUNT_SHARDS: f64 = 500.0;
/// How long a process serves the count from memory (`web::count_cache`).
pub const COUNT_TTL_SECONDS: f64 = 5.0;

/// `(what, write units)` for one letter whose item is `letter_kb` KB
/// (rounded up), from submit to settled confirmation.
pub fn writes_per_letter(letter_kb: f64) -> Vec<(&'static str, f64)> {
    let indexed = |units: f64| units + letter_kb;
    vec![
        (
            "submit: the client's and the mailbox's rate limits, the spent form token",
            3.0,
        ),
        (
            "submit: the letter and a count shard, one transaction",
            indexed(2.0 * (letter_kb + 1.0)),
        ),
        (
            "aggregator: the letter marked tallied, in its batch's transaction",
            indexed(2.0 * letter_kb),
        ),
        ("mailer: the letter claimed", indexed(letter_kb)),
        (
            "mailer: the letter settled with its tally shard, one transaction",
            indexed(2.0 * (letter_kb + 1.0)),
        ),
    ]
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
    fn a_transaction_pays_twice_and_the_index_once_more() {
        let writes: f64 = writes_per_letter(2.0).iter().map(|(_, units)| units).sum();
        // 3 + (6 + 2) + (4 + 2) + (2 + 2) + (6 + 2)
        assert_eq!(writes, 29.0);
        assert_eq!(reads_per_letter(2.0), 1.5);
    }
}
