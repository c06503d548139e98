//! A U.S. ZIP code, five digits or ZIP+4.

use super::{Control, InvalidValue, Widget};
use crate::messages::MessageId;
use crate::msg;

/// Stored as `12345` or `12345-6789`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipCode(String);

const EMPTY: MessageId = msg!("zip-empty");
const MALFORMED: MessageId = msg!("zip-malformed");
const UNASSIGNED: MessageId = msg!("zip-unassigned");

impl ZipCode {
    /// Accepts `12345`, `12345-6789` and the nine digits run together.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let zip = input.trim();
        if zip.is_empty() {
            return Err(EMPTY.into());
        }
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let normalised = match zip.split_once('-') {
            None if digits(zip, 5) => Some(zip.to_owned()),
            None if digits(zip, 9) => Some(format!("{}-{}", &zip[..5], &zip[5..])),
            Some((five, four)) if digits(five, 5) && digits(four, 4) => Some(zip.to_owned()),
            _ => None,
        };
        let zip = normalised.ok_or(InvalidValue::from(MALFORMED))?;
        // The lowest ZIP code prefix the Postal Service has assigned is 005.
        if zip.starts_with("000") {
            return Err(UNASSIGNED.into());
        }
        Ok(Self(zip))
    }
}

super::form_value!(
    ZipCode,
    Control {
        widget: Widget::Input("text"),
        // ZIP+4 with its hyphen.
        max_chars: Some(10),
        min_chars: None,
        required: Some(EMPTY),
        early_check: Some((r"^\d{5}(-?\d{4})?$", MALFORMED)),
    }
);

super::text_traits!(ZipCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_digit_and_zip_plus_four_parse() {
        assert_eq!(ZipCode::parse("20510").unwrap().as_ref(), "20510");
        assert_eq!(
            ZipCode::parse(" 20510-0001 ").unwrap().as_ref(),
            "20510-0001"
        );
        assert_eq!(ZipCode::parse("205100001").unwrap().as_ref(), "20510-0001");
    }

    #[test]
    fn a_prefix_never_assigned_is_refused() {
        for zip in ["00000", "00099-1234"] {
            assert_eq!(ZipCode::parse(zip).unwrap_err(), UNASSIGNED.into());
        }
        assert!(ZipCode::parse("00501").is_ok());
    }

    #[test]
    fn malformed_zips_are_refused() {
        for zip in [
            "",
            "2051",
            "205101",
            "20510-01",
            "ABCDE",
            "20510-",
            "-0001",
            "2O510",
            "２０５１０",
        ] {
            assert!(ZipCode::parse(zip).is_err(), "{zip:?}");
        }
    }
}
