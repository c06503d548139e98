//! DynamoDB's capacity units, reckoned from the sizes of the items a call
//! touched, as AWS bills them. moto reports a flat `ConsumedCapacity`, so
//! the counter works them out itself from each item before and after.
//!
//! AWS, DynamoDB Developer Guide, "DynamoDB read/write capacity mode" and
//! "Item sizes and formats": a write unit covers 1 KB of an item, an update
//! or replacing put pays for the larger of the item before and after, a
//! delete for the item deleted, a write whose condition fails for the item
//! as it is (at least one unit); a read unit covers 4 KB, half a unit when
//! eventually consistent, a query rounds the sum of its items up once; a
//! transaction does each item's work twice ("TransactWriteItems ... two
//! underlying reads or writes of every item"), condition checks included.
//! An item's size is the sum of its attributes' names and values.

use serde_json::Value;

/// The size DynamoDB bills for `item`, an item in the service's JSON
/// (`{"name": {"S": "..."}, ...}`).
pub fn item_bytes(item: &Value) -> usize {
    item.as_object().map_or(0, |attributes| {
        attributes
            .iter()
            .map(|(name, value)| name.len() + value_bytes(value))
            .sum()
    })
}

/// DynamoDB Developer Guide, "Item sizes and formats": strings and binary
/// by their bytes, a number about one byte per two significant digits plus
/// one, a boolean or null one byte, a list or map three bytes plus one per
/// element.
fn value_bytes(value: &Value) -> usize {
    let Some((kind, inner)) = value.as_object().and_then(|typed| typed.iter().next()) else {
        return 0;
    };
    let text = |v: &Value| v.as_str().map_or(0, str::len);
    let number = |v: &Value| {
        let digits = v.as_str().map_or(0, |n| {
            n.trim_start_matches('-')
                .replace('.', "")
                .trim_start_matches('0')
                .trim_end_matches('0')
                .len()
        });
        digits.div_ceil(2) + 1
    };
    let binary = |v: &Value| {
        let encoded = v.as_str().unwrap_or_default();
        encoded.len() / 4 * 3 - encoded.bytes().rev().take_while(|b| *b == b'=').count()
    };
    let each = |v: &Value, size: &dyn Fn(&Value) -> usize| {
        v.as_array().map_or(0, |items| items.iter().map(size).sum())
    };
    match kind.as_str() {
        "S" => text(inner),
        "N" => number(inner),
        "B" => binary(inner),
        "BOOL" | "NULL" => 1,
        "SS" => each(inner, &text),
        "NS" => each(inner, &number),
        "BS" => each(inner, &binary),
        "L" => 3 + each(inner, &|v| 1 + value_bytes(v)),
        "M" => {
            3 + inner.as_object().map_or(0, |fields| {
                fields
                    .iter()
                    .map(|(name, v)| 1 + name.len() + value_bytes(v))
                    .sum()
            })
        }
        _ => 0,
    }
}

/// Whether a call's work is done once or, in a transaction, twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Standard,
    Transactional,
}

impl Mode {
    fn factor(self) -> f64 {
        match self {
            Self::Standard => 1.0,
            Self::Transactional => 2.0,
        }
    }
}

/// Write units for one item whose size was `before` and is `after` bytes
/// (0 where there was or is no item): the larger, per KB begun, at least one.
pub fn write_units(before: usize, after: usize, mode: Mode) -> f64 {
    let kb = before.max(after).div_ceil(1024).max(1);
    kb as f64 * mode.factor()
}

/// Read units for items of `bytes` together (one item, or a query's
/// page): per 4 KB begun, at least one; half when eventually consistent.
pub fn read_units(bytes: usize, consistent: bool, mode: Mode) -> f64 {
    let units = bytes.div_ceil(4096).max(1) as f64;
    let units = if consistent || mode == Mode::Transactional {
        units
    } else {
        units / 2.0
    };
    units * mode.factor()
}

/// Write units a write spends in a global secondary index: one for each
/// index entry put or removed (the export index holds keys only, far
/// under 1 KB an entry); none when the entry is unchanged.
pub fn index_write_units(before: Option<&str>, after: Option<&str>) -> f64 {
    match (before, after) {
        (None, None) => 0.0,
        (Some(_), None) | (None, Some(_)) => 1.0,
        (Some(old), Some(new)) if old == new => 0.0,
        (Some(_), Some(_)) => 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_items_size_counts_names_and_values_by_type() {
        let item = json!({
            "pk": {"S": "LETTER#1"},          // 2 + 8
            "n": {"N": "12300"},               // 1 + (3 digits: 2 + 1)
            "ok": {"BOOL": true},              // 2 + 1
            "b": {"B": "AAEC"},                // 1 + 3
            "m": {"M": {"k": {"S": "ab"}}},    // 1 + 3 + 1 + 1 + 2
            "l": {"L": [{"N": "7"}, {"NULL": true}]}, // 1 + 3 + (1 + 2) + (1 + 1)
        });
        assert_eq!(item_bytes(&item), 10 + 4 + 3 + 4 + 8 + 9);
    }

    #[test]
    fn writes_pay_the_larger_side_per_kb_and_twice_in_a_transaction() {
        assert_eq!(write_units(0, 10, Mode::Standard), 1.0);
        assert_eq!(write_units(0, 0, Mode::Standard), 1.0, "a failed condition");
        assert_eq!(write_units(1024, 1025, Mode::Standard), 2.0);
        assert_eq!(write_units(3000, 100, Mode::Standard), 3.0);
        assert_eq!(write_units(2048, 2100, Mode::Transactional), 6.0);
    }

    #[test]
    fn reads_pay_per_4_kb_half_when_eventual() {
        assert_eq!(read_units(10, false, Mode::Standard), 0.5);
        assert_eq!(read_units(4097, true, Mode::Standard), 2.0);
        assert_eq!(read_units(0, false, Mode::Standard), 0.5, "nothing found");
        assert_eq!(read_units(100, false, Mode::Transactional), 2.0);
    }

    #[test]
    fn a_keys_only_index_is_written_when_its_entry_comes_goes_or_moves() {
        assert_eq!(index_write_units(None, None), 0.0);
        assert_eq!(index_write_units(None, Some("a")), 1.0);
        assert_eq!(index_write_units(Some("a"), None), 1.0);
        assert_eq!(index_write_units(Some("a"), Some("a")), 0.0);
        assert_eq!(index_write_units(Some("a"), Some("b")), 2.0);
    }
}
