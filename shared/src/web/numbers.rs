//! Numbers as the pages' readers write them, through the templates'
//! filter `{{ number|grouped }}`. The one place a page formats a number, so
//! another language's way (Spanish writes 25.000) is added here. The page's
//! script formats the count it updates with the browser's
//! `Intl.NumberFormat` for the page's language, which follows the same
//! source (`shared/static/app.js`).

use std::fmt;

/// The filters a template takes in with `use super::numbers::filters`.
pub mod filters {
    /// `{{ number|grouped }}`: the number with its thousands grouped.
    #[askama::filter_fn]
    pub fn grouped(number: &u64, _: &dyn askama::Values) -> askama::Result<super::Grouped> {
        Ok(super::Grouped(*number))
    }
}

/// A whole number with its thousands grouped, as English writes it:
/// `25,000`.
pub struct Grouped(u64);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Unicode CLDR, locale `en`: the group separator is ",", every
        // three digits, from four digits up.
        let digits = self.0.to_string();
        for (i, digit) in digits.char_indices() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                f.write_str(",")?;
            }
            write!(f, "{digit}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_with_commas_as_english_writes_them() {
        for (number, written) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (25_000, "25,000"),
            (100_000, "100,000"),
            (1_234_567, "1,234,567"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(Grouped(number).to_string(), written, "{number}");
        }
    }
}
