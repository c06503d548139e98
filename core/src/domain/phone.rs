//! A U.S. phone number, as Congress's delivery services take it.

use super::{Control, InvalidValue, Widget};
use crate::messages::MessageId;
use crate::msg;

/// Ten digits, kept as `xxx-xxx-xxxx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

const EMPTY: MessageId = msg!("phone-empty");
const MALFORMED: MessageId = msg!("phone-malformed");

impl PhoneNumber {
    /// Accepts the ten digits with the usual punctuation (spaces, dots,
    /// hyphens, brackets) and an optional leading `+1` or `1`.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let phone = input.trim();
        if phone.is_empty() {
            return Err(EMPTY.into());
        }
        let punctuation_only = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '+'));
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let national = match digits.len() {
            10 => Some(digits.as_str()),
            11 if digits.starts_with('1') => Some(&digits[1..]),
            _ => None,
        };
        // North American numbers never start an area code or exchange with 0 or 1.
        match national {
            Some(n)
                if punctuation_only
                    && !n.starts_with(['0', '1'])
                    && !n[3..].starts_with(['0', '1']) =>
            {
                Ok(Self(format!("{}-{}-{}", &n[..3], &n[3..6], &n[6..])))
            }
            _ => Err(MALFORMED.into()),
        }
    }
}

super::form_value!(
    PhoneNumber,
    Control {
        widget: Widget::Input("tel"),
        max_chars: Some(20),
        min_chars: None,
        required: Some(EMPTY),
        early_check: Some((r"^[\d\s().+-]{10,20}$", MALFORMED)),
    }
);

super::text_traits!(PhoneNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_spellings_become_xxx_xxx_xxxx() {
        for phone in [
            "2025550143",
            "(202) 555-0143",
            "+1 202.555.0143",
            "1-202-555-0143",
        ] {
            assert_eq!(
                PhoneNumber::parse(phone).unwrap().as_ref(),
                "202-555-0143",
                "{phone}"
            );
        }
    }

    #[test]
    fn what_is_not_a_us_number_is_refused() {
        for phone in [
            "",
            "555-0143",
            "02025550143",
            "202-055-0143",
            "102-555-0143",
            "202 555 0143 x12",
            "+44 20 7946 0958",
        ] {
            assert!(PhoneNumber::parse(phone).is_err(), "{phone:?}");
        }
    }
}
