//! One member of Congress: who they are, which seat they hold, and how to
//! reach their office; and a member as a stored letter names them.

use super::OfficeCode;
use crate::domain::{Chamber, District, InvalidValue, StateCode};
use crate::language::Language;
use crate::messages::{Message, MessageId};
use crate::msg;
use serde::{Deserialize, Serialize};

/// The Congressional Bioguide id (`C001056`): stable across terms and
/// chambers, the key letters and campaigns name a member by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bioguide(String);

impl Bioguide {
    /// One capital letter and six digits.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let id = input.trim();
        let well_formed = id.len() == 7
            && id.as_bytes()[0].is_ascii_uppercase()
            && id.bytes().skip(1).all(|b| b.is_ascii_digit());
        if well_formed {
            Ok(Self(id.to_owned()))
        } else {
            Err(InvalidValue::new(format!(
                "{id:?} is not a Bioguide id (a capital letter and six digits, like C001056)"
            )))
        }
    }
}

crate::domain::text_traits!(Bioguide);

/// The seat a member holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// A Senator's: the state, its class (1 to 3, the year the seat is up
    /// for election), and whether its holder is the state's senior Senator.
    Senate {
        state: StateCode,
        class: u8,
        senior: bool,
    },
    /// A House seat; `voting` is false for the delegates of DC and the
    /// territories (Puerto Rico's is its Resident Commissioner).
    House { district: District, voting: bool },
}

impl Seat {
    pub fn chamber(self) -> Chamber {
        match self {
            Self::Senate { .. } => Chamber::Senate,
            Self::House { .. } => Chamber::House,
        }
    }

    pub fn state(self) -> StateCode {
        match self {
            Self::Senate { state, .. } => state,
            Self::House { district, .. } => district.state(),
        }
    }
}

/// A sitting member of Congress and their office's public details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub bioguide: Bioguide,
    pub name: String,
    pub party: String,
    pub seat: Seat,
    /// The Washington office's phone; a member seated since the snapshot
    /// may not have one yet.
    pub phone: Option<String>,
    /// The office's web contact form: Senators have one; House offices take
    /// advocacy mail through the House's delivery service instead.
    pub contact_form: Option<String>,
    /// The member's website.
    pub url: Option<String>,
}

impl Member {
    pub fn chamber(&self) -> Chamber {
        self.seat.chamber()
    }

    pub fn state(&self) -> StateCode {
        self.seat.state()
    }

    /// The House district, for a House member.
    pub fn district(&self) -> Option<District> {
        match self.seat {
            Seat::House { district, .. } => Some(district),
            Seat::Senate { .. } => None,
        }
    }

    /// Whom the member answers to, as counts and exports name it: the
    /// House district (`TX-07`), or a Senator's state (`TX`).
    pub fn district_or_state(&self) -> String {
        match self.seat {
            Seat::House { district, .. } => district.code(),
            Seat::Senate { state, .. } => state.code().to_owned(),
        }
    }

    /// How a letter or a page names the member's office: "Senator",
    /// "Representative", "Delegate" or "Resident Commissioner".
    pub fn title(&self) -> &'static str {
        match self.seat {
            Seat::Senate { .. } => "Senator",
            Seat::House { voting: true, .. } => "Representative",
            Seat::House { district, .. } if district.state().code() == "PR" => {
                "Resident Commissioner"
            }
            Seat::House { .. } => "Delegate",
        }
    }

    /// The member's title as a page in `language` writes it.
    pub fn title_in(&self, language: Language) -> String {
        let role = match self.seat {
            Seat::Senate { .. } => "senator",
            Seat::House { voting: true, .. } => "representative",
            Seat::House { district, .. } if district.state().code() == "PR" => "commissioner",
            Seat::House { .. } => "delegate",
        };
        Message::from(msg!("member-title"))
            .with("role", role)
            .in_language(language)
    }

    /// Whether the member represents someone in `state`, in `district` if known.
    pub fn represents(&self, state: StateCode, district: Option<District>) -> bool {
        match self.seat {
            Seat::Senate { state: theirs, .. } => theirs == state,
            Seat::House {
                district: theirs, ..
            } => Some(theirs) == district,
        }
    }

    /// Where to reach the office on the web, and what it is: its contact
    /// form, else its website.
    pub fn web_contact(&self) -> Option<(MessageId, &str)> {
        match (&self.contact_form, &self.url) {
            (Some(form), _) => Some((msg!("contact-form"), form)),
            (None, Some(url)) => Some((msg!("website"), url)),
            (None, None) => None,
        }
    }

    /// The office the member's mail goes to through their chamber's service.
    pub fn office(&self) -> OfficeCode {
        OfficeCode::of(self.seat)
    }

    /// The member as a letter records them.
    pub fn recipient(&self) -> Recipient {
        Recipient {
            bioguide: self.bioguide.clone(),
            chamber: self.chamber(),
        }
    }
}

/// A member a letter was written to, as the letter keeps them: enough to
/// count it by chamber and to find the member's office again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredRecipient")]
pub struct Recipient {
    pub bioguide: Bioguide,
    pub chamber: Chamber,
}

/// A recipient as letters have stored them: a bare Bioguide id from before
/// letters went to the House (always a Senator), or id and chamber.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredRecipient {
    Senator(Bioguide),
    Member {
        bioguide: Bioguide,
        chamber: Chamber,
    },
}

impl From<StoredRecipient> for Recipient {
    fn from(stored: StoredRecipient) -> Self {
        match stored {
            StoredRecipient::Senator(bioguide) => Self {
                bioguide,
                chamber: Chamber::Senate,
            },
            StoredRecipient::Member { bioguide, chamber } => Self { bioguide, chamber },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bioguide_ids_are_a_letter_and_six_digits() {
        assert!(Bioguide::parse("C001056").is_ok());
        for id in ["", "c001056", "C00105", "C0010567", "CC01056", "C00105x"] {
            assert!(Bioguide::parse(id).is_err(), "{id:?}");
        }
    }

    #[test]
    fn a_recipient_stored_before_the_house_reads_back_as_a_senator() {
        let old: Vec<Recipient> = serde_json::from_str(r#"["C001056"]"#).unwrap();
        assert_eq!(old[0].chamber, Chamber::Senate);
        let new = serde_json::json!([{ "bioguide": "D000399", "chamber": "house" }]);
        let read: Vec<Recipient> = serde_json::from_value(new.clone()).unwrap();
        assert_eq!(read[0].chamber, Chamber::House);
        assert_eq!(serde_json::to_value(&read).unwrap(), new);
    }
}
