//! Congressional districts: a state's House seat by number (`TX-07`; `00`
//! for a state's single, at-large seat and for the delegates of DC and the
//! territories), and a supporter's choice of one.

use super::{Control, InvalidValue, StateCode, Widget};
use crate::language::Language;
use crate::messages::{Message, MessageId};
use crate::msg;

const MALFORMED: MessageId = msg!("district-unlisted");

/// A House seat: `TX-07`, or `AK-00` at large.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct District {
    state: StateCode,
    number: u8,
}

impl District {
    /// The district `number` of `state`; 0 is at large. No state has 100.
    pub fn new(state: StateCode, number: u8) -> Result<Self, InvalidValue> {
        if number < 100 {
            Ok(Self { state, number })
        } else {
            Err(MALFORMED.into())
        }
    }

    /// Accepts `TX-07` and `tx-7`.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let malformed = || InvalidValue::from(MALFORMED);
        let (state, number) = input.trim().split_once('-').ok_or_else(malformed)?;
        let digits = !number.is_empty() && number.len() <= 2;
        if !digits || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let state = StateCode::parse(state).map_err(|_| malformed())?;
        Self::new(state, number.parse().map_err(|_| malformed())?)
    }

    pub fn state(self) -> StateCode {
        self.state
    }

    /// The district's number; 0 at large.
    pub fn number(self) -> u8 {
        self.number
    }

    /// `TX-07`: the form every file, export and link uses.
    pub fn code(self) -> String {
        format!("{}-{:02}", self.state.code(), self.number)
    }

    /// As a supporter reads it: "Texas's 7th district", "Alaska (at large)".
    pub fn describe(self) -> String {
        self.describe_in(Language::En)
    }

    /// As a supporter reads it in `language`.
    pub fn describe_in(self, language: Language) -> String {
        let message = match self.number {
            0 => Message::from(msg!("district-at-large")),
            n => Message::from(msg!("district-numbered"))
                .with("number", u64::from(n))
                .with("ordinal", format!("{n}{}", ordinal_suffix(n))),
        };
        message
            .with("state", self.state.name())
            .in_language(language)
    }
}

fn ordinal_suffix(n: u8) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

impl std::fmt::Display for District {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

impl serde::Serialize for District {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> serde::Deserialize<'de> for District {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// The district a supporter chose when the form asked (`TX-07@75002`: the
/// ZIP code it was offered for, so a choice made for another ZIP code is
/// known to be stale), or the district a letter was addressed for (`TX-07`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictChoice {
    text: String,
    district: District,
    offered_for: Option<String>,
}

impl DistrictChoice {
    /// The longest value: `TX-07@75002`, with room to spare.
    const MAX_CHARS: usize = 16;

    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let input = input.trim();
        if input.len() > Self::MAX_CHARS {
            return Err(MALFORMED.into());
        }
        let (district, zip) = match input.split_once('@') {
            Some((district, zip)) => (district, Some(zip)),
            None => (input, None),
        };
        let zip_ok = |zip: &str| zip.len() == 5 && zip.bytes().all(|b| b.is_ascii_digit());
        if zip.is_some_and(|zip| !zip_ok(zip)) {
            return Err(MALFORMED.into());
        }
        Ok(Self::new(District::parse(district)?, zip))
    }

    /// The option the form offers: `district` for the ZIP code `zip5`.
    pub fn offered(district: District, zip5: &str) -> Self {
        Self::new(district, Some(zip5))
    }

    fn new(district: District, offered_for: Option<&str>) -> Self {
        let text = match offered_for {
            Some(zip) => format!("{}@{zip}", district.code()),
            None => district.code(),
        };
        Self {
            text,
            district,
            offered_for: offered_for.map(str::to_owned),
        }
    }

    pub fn district(&self) -> District {
        self.district
    }

    /// The five-digit ZIP code the choice was offered for, if it says.
    pub fn offered_for(&self) -> Option<&str> {
        self.offered_for.as_deref()
    }
}

impl From<District> for DistrictChoice {
    fn from(district: District) -> Self {
        Self::new(district, None)
    }
}

impl super::FormValue for DistrictChoice {
    const CONTROL: Control = Control {
        widget: Widget::Choice,
        max_chars: Some(Self::MAX_CHARS),
        min_chars: None,
        required: Some(msg!("district-empty")),
        early_check: None,
    };

    fn parse(input: &str) -> Result<Self, InvalidValue> {
        Self::parse(input)
    }

    fn text(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for DistrictChoice {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for DistrictChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl serde::Serialize for DistrictChoice {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for DistrictChoice {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texas(number: u8) -> District {
        District::new(StateCode::parse("TX").unwrap(), number).unwrap()
    }

    #[test]
    fn districts_parse_to_two_digit_codes() {
        assert_eq!(District::parse("tx-7").unwrap(), texas(7));
        assert_eq!(texas(7).code(), "TX-07");
        assert_eq!(District::parse("AK-00").unwrap().number(), 0);
    }

    #[test]
    fn districts_read_as_people_say_them() {
        for (district, said) in [
            ("TX-01", "Texas's 1st district"),
            ("TX-02", "Texas's 2nd district"),
            ("TX-13", "Texas's 13th district"),
            ("TX-23", "Texas's 23rd district"),
            ("NY-11", "New York's 11th district"),
            ("AK-00", "Alaska (at large)"),
        ] {
            assert_eq!(District::parse(district).unwrap().describe(), said);
        }
    }

    #[test]
    fn malformed_districts_are_refused() {
        for input in [
            "", "TX", "TX-", "TX-100", "XX-01", "TX-1a", "TX--1", "TX-+1",
        ] {
            assert!(District::parse(input).is_err(), "{input:?}");
        }
    }

    #[test]
    fn a_choice_remembers_the_zip_code_it_was_offered_for() {
        let offered = DistrictChoice::offered(texas(3), "75002");
        assert_eq!(offered.as_ref(), "TX-03@75002");
        let parsed = DistrictChoice::parse("TX-03@75002").unwrap();
        assert_eq!(parsed, offered);
        assert_eq!(parsed.offered_for(), Some("75002"));
        assert_eq!(DistrictChoice::parse("TX-03").unwrap().offered_for(), None);
        for input in ["TX-03@7500", "TX-03@75002-1234", "TX-03@", "@75002"] {
            assert!(DistrictChoice::parse(input).is_err(), "{input:?}");
        }
    }
}
