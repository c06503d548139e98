//! What a campaign's letters are about, as Congress files its mail: the
//! Library of Congress's policy areas, and bills by number.

use super::InvalidValue;
use serde::Deserialize;

/// The Library of Congress's 32 policy areas, the topics Congress's delivery
/// services file a message under.
pub const TOPICS: [&str; 32] = [
    "Agriculture and Food",
    "Animals",
    "Armed Forces and National Security",
    "Arts, Culture, Religion",
    "Civil Rights and Liberties, Minority Issues",
    "Commerce",
    "Congress",
    "Crime and Law Enforcement",
    "Economics and Public Finance",
    "Education",
    "Emergency Management",
    "Energy",
    "Environmental Protection",
    "Families",
    "Finance and Financial Sector",
    "Foreign Trade and International Finance",
    "Government Operations and Politics",
    "Health",
    "Housing and Community Development",
    "Immigration",
    "International Affairs",
    "Labor and Employment",
    "Law",
    "Native Americans",
    "Public Lands and Natural Resources",
    "Science, Technology, Communications",
    "Social Sciences and History",
    "Social Welfare",
    "Sports and Recreation",
    "Taxation",
    "Transportation and Public Works",
    "Water Resources Development",
];

/// One of the [`TOPICS`], spelt exactly as listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LibraryOfCongressTopic(&'static str);

impl LibraryOfCongressTopic {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        TOPICS
            .iter()
            .find(|topic| **topic == input)
            .map(|topic| Self(topic))
            .ok_or_else(|| {
                InvalidValue::new(format!(
                    "{input:?} is not one of the Library of Congress's 32 policy areas, \
                     spelt as listed: {}",
                    TOPICS.join("; ")
                ))
            })
    }
}

super::text_traits!(LibraryOfCongressTopic);

/// The kinds of measure, by Congress.gov's abbreviation.
pub const BILL_TYPES: [&str; 8] = [
    "S", "HR", "SJRES", "HJRES", "SCONRES", "HCONRES", "SRES", "HRES",
];

/// A bill or resolution: the Congress it was introduced in, its type and
/// its number (115, S, 1693 is S. 1693 of the 115th Congress).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bill {
    pub congress: u16,
    pub kind: &'static str,
    pub number: u32,
}

/// A bill as a campaign file writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BillFields {
    congress: u16,
    #[serde(rename = "type")]
    kind: String,
    number: u32,
}

impl<'de> Deserialize<'de> for Bill {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::try_from(BillFields::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<BillFields> for Bill {
    type Error = InvalidValue;

    fn try_from(fields: BillFields) -> Result<Self, InvalidValue> {
        let kind = BILL_TYPES
            .iter()
            // Congress.gov writes "hr" in its addresses and "H.R." in text:
            // the type is taken in any case and kept as listed.
            .find(|kind| kind.eq_ignore_ascii_case(&fields.kind))
            .ok_or_else(|| {
                InvalidValue::new(format!(
                    "a bill's type is one of {BILL_TYPES:?}, not {:?}",
                    fields.kind
                ))
            })?;
        // The First Congress met in 1789; the 200th sits in 2387.
        if !(1..=200).contains(&fields.congress) || fields.number == 0 {
            return Err(InvalidValue::new(
                "a bill has a Congress from 1 to 200 and a number from 1",
            ));
        }
        Ok(Self {
            congress: fields.congress,
            kind,
            number: fields.number,
        })
    }
}

/// Whether a campaign's letters are for or against the bills they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Pro,
    Con,
}

impl Stance {
    /// As Congress's delivery services spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pro => "Pro",
            Self::Con => "Con",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bill_type_is_taken_in_any_case_and_kept_as_listed() {
        for written in ["hr", "Hr", "HR"] {
            let fields = BillFields {
                congress: 115,
                kind: written.into(),
                number: 1865,
            };
            assert_eq!(Bill::try_from(fields).unwrap().kind, "HR", "{written}");
        }
        let unknown = BillFields {
            congress: 115,
            kind: "H.R.".into(),
            number: 1865,
        };
        assert!(
            Bill::try_from(unknown)
                .unwrap_err()
                .to_string()
                .contains("SJRES")
        );
    }

    #[test]
    fn an_unknown_topic_lists_the_allowed_ones() {
        let error = LibraryOfCongressTopic::parse("Crime")
            .unwrap_err()
            .to_string();
        assert!(error.contains("\"Crime\" is not one of"), "{error}");
        assert!(
            error.contains("Crime and Law Enforcement; Economics and Public Finance"),
            "{error}"
        );
    }

    #[test]
    fn there_are_32_distinct_topics() {
        let distinct: std::collections::BTreeSet<_> = TOPICS.iter().collect();
        assert_eq!(distinct.len(), 32);
        assert!(LibraryOfCongressTopic::parse("Crime and Law Enforcement").is_ok());
        assert!(LibraryOfCongressTopic::parse("crime and law enforcement").is_err());
    }

    #[test]
    fn bills_take_a_known_type_and_plausible_numbers() {
        let bill: Bill = toml::from_str("congress = 115\ntype = \"S\"\nnumber = 1693").unwrap();
        assert_eq!((bill.congress, bill.kind, bill.number), (115, "S", 1693));
        for bad in [
            "congress = 115\ntype = \"S.\"\nnumber = 1693",
            "congress = 0\ntype = \"S\"\nnumber = 1693",
            "congress = 115\ntype = \"S\"\nnumber = 0",
        ] {
            assert!(toml::from_str::<Bill>(bad).is_err(), "{bad}");
        }
    }
}
