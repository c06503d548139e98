//! The closing a supporter picks for their letter.

use super::InvalidValue;
use std::fmt;

const CLOSINGS: [&str; 4] = ["Sincerely", "Respectfully", "With gratitude", "Thank you"];

/// One of a fixed set of closings; a list keeps letters to offices polite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closing(&'static str);

impl Closing {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let wanted = input.trim();
        if wanted.is_empty() {
            return Err(InvalidValue::new("Choose a closing for your letter."));
        }
        CLOSINGS
            .iter()
            .find(|closing| closing.eq_ignore_ascii_case(wanted))
            .map(|closing| Self(closing))
            .ok_or_else(|| InvalidValue::new("Choose a closing from the list."))
    }

    pub fn label(self) -> &'static str {
        self.0
    }

    /// Every closing, the default first.
    pub fn all() -> impl Iterator<Item = Self> {
        CLOSINGS.iter().map(|closing| Self(closing))
    }
}

impl AsRef<str> for Closing {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl fmt::Display for Closing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl serde::Serialize for Closing {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Closing {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::deserialize_parsed(deserializer, Self::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_closings_parse_and_others_do_not() {
        assert_eq!(Closing::parse("sincerely").unwrap().as_ref(), "Sincerely");
        for closing in ["", "Cheers", "Sincerely\nBcc: x"] {
            assert!(Closing::parse(closing).is_err(), "{closing:?}");
        }
    }
}
