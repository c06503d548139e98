//! USPS codes of the states, the District of Columbia and the territories.

use super::{Control, InvalidValue, Widget};
use crate::messages::MessageId;
use crate::msg;

/// Every USPS code with its name, in the order a form lists them; the last
/// six have no U.S. Senators.
const JURISDICTIONS: [(&str, &str); 56] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("DC", "District of Columbia"),
    ("PR", "Puerto Rico"),
    ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
    ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
];

/// How many entries of `JURISDICTIONS` are states with Senators.
const STATES: usize = 50;

const EMPTY: MessageId = msg!("state-empty");

/// A USPS state or territory code, such as `TX` or `DC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateCode(&'static str);

impl StateCode {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(EMPTY.into());
        }
        JURISDICTIONS
            .iter()
            .find(|(known, _)| *known == code)
            .map(|(known, _)| Self(known))
            .ok_or_else(|| msg!("state-unlisted").into())
    }

    /// Every code, in form order.
    pub fn all() -> impl Iterator<Item = Self> {
        JURISDICTIONS.iter().map(|(code, _)| Self(code))
    }

    /// Only the fifty states elect Senators; DC and the territories do not.
    pub fn has_senators(self) -> bool {
        JURISDICTIONS[..STATES]
            .iter()
            .any(|(code, _)| *code == self.0)
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    pub fn name(self) -> &'static str {
        JURISDICTIONS
            .iter()
            .find(|(code, _)| *code == self.0)
            .map_or(self.0, |(_, name)| name)
    }
}

super::form_value!(
    StateCode,
    Control {
        widget: Widget::Select {
            choices: |_| JURISDICTIONS.to_vec(),
            preselect_first: false,
            prompt: Some(msg!("state-prompt")),
        },
        max_chars: None,
        min_chars: None,
        required: Some(EMPTY),
        early_check: None,
    }
);

super::text_traits!(StateCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_in_any_case() {
        assert_eq!(StateCode::parse("tx").unwrap().as_ref(), "TX");
        assert_eq!(StateCode::parse("TX").unwrap().name(), "Texas");
    }

    #[test]
    fn fifty_states_have_senators_and_dc_and_territories_do_not() {
        assert_eq!(StateCode::all().filter(|s| s.has_senators()).count(), 50);
        for code in ["DC", "PR", "GU", "VI", "AS", "MP"] {
            assert!(!StateCode::parse(code).unwrap().has_senators(), "{code}");
        }
    }

    #[test]
    fn unknown_codes_are_refused() {
        for code in ["", "XX", "Texas", "T", "TXX"] {
            assert!(StateCode::parse(code).is_err(), "{code:?}");
        }
    }
}
