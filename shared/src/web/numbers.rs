//! Numbers as the pages' readers write them, through the templates'
//! filter `{{ number|grouped(tr) }}`, in the page's language: the one place
//! a page formats a number. The page's script formats the count it
//! updates with the browser's `Intl.NumberFormat` for the page's language,
//! which follows the same source (`shared/static/app.js`).

use crate::language::Language;
use std::fmt;

/// The filters a template takes in with `use super::numbers::filters`.
pub mod filters {
    use crate::messages::Translator;

    /// `{{ number|grouped(tr) }}`: the number with its thousands grouped as
    /// the page's language writes them.
    #[askama::filter_fn]
    pub fn grouped(
        number: &u64,
        _: &dyn askama::Values,
        tr: &Translator,
    ) -> askama::Result<super::Grouped> {
        Ok(super::Grouped::new(*number, tr.language()))
    }
}

/// A whole number with its thousands grouped as a language writes it:
/// `25,000` in English, `25.000` in Spanish.
pub struct Grouped {
    number: u64,
    language: Language,
}

impl Grouped {
    pub fn new(number: u64, language: Language) -> Self {
        Self { number, language }
    }

    /// The group separator, and the fewest digits a number must have for
    /// its thousands to be grouped at all.
    fn rules(&self) -> (&'static str, usize) {
        match self.language {
            // Unicode CLDR, locale `en`: the group separator is ",", every
            // three digits, from four digits up (minimumGroupingDigits 1).
            Language::En => (",", 4),
            // Unicode CLDR, locale `es`: the group separator is ".", and
            // minimumGroupingDigits is 2, so a number is grouped only from
            // five digits up: 2500, but 25.000.
            Language::Es => (".", 5),
        }
    }
}

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (separator, fewest_digits) = self.rules();
        let digits = self.number.to_string();
        let grouping = digits.len() >= fewest_digits;
        for (i, digit) in digits.char_indices() {
            if grouping && i > 0 && (digits.len() - i).is_multiple_of(3) {
                f.write_str(separator)?;
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
            (2_500, "2,500"),
            (25_000, "25,000"),
            (100_000, "100,000"),
            (1_234_567, "1,234,567"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(
                Grouped::new(number, Language::En).to_string(),
                written,
                "{number}"
            );
        }
    }

    #[test]
    fn spanish_groups_with_full_stops_and_only_from_five_digits() {
        for (number, written) in [
            (999, "999"),
            (1_000, "1000"),
            (2_500, "2500"),
            (9_999, "9999"),
            (10_000, "10.000"),
            (25_000, "25.000"),
            (1_234_567, "1.234.567"),
        ] {
            assert_eq!(
                Grouped::new(number, Language::Es).to_string(),
                written,
                "{number}"
            );
        }
    }
}
