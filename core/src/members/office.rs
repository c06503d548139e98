//! A member's office as Congress's delivery services name it: the one
//! definition of an office code, built from a seat or read from a list.

use super::member::Seat;
use crate::domain::{Chamber, District, InvalidValue, StateCode};

/// An office code: `S`, the state and the seat's class as two digits for
/// the Senate (`SME02`: the Senate's active list, as CCM keeps it); `H`,
/// the state and the district as two digits for the House (`HTX07`; `00`
/// at large and for delegates: EFF-gem's copy of the House's list), but
/// `HAQ00` for American Samoa's delegate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OfficeCode(String, StateCode, u8);

/// American Samoa in a House office code, where `AS` would be its USPS
/// code: CCM-codes maps it so (with a test), CCM's production data holds
/// `HAQ00` for the delegate, and MYD found `HAQ00` on the House's UAT list
/// of offices (2026), after a note in the House's documentation.
const AMERICAN_SAMOA_IN_THE_HOUSE: &str = "AQ";

impl OfficeCode {
    /// The office of `seat`.
    pub fn of(seat: Seat) -> Self {
        match seat {
            Seat::Senate { state, class, .. } => {
                Self(format!("S{}{class:02}", state.code()), state, class)
            }
            Seat::House { district, .. } => {
                let (state, number) = (district.state(), district.number());
                let letters = match state.code() {
                    "AS" => AMERICAN_SAMOA_IN_THE_HOUSE,
                    code => code,
                };
                Self(format!("H{letters}{number:02}"), state, number)
            }
        }
    }

    /// Reads a code from a chamber's list of offices.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let code = input.trim();
        let malformed = || {
            InvalidValue::new(format!(
                "{code:?} is not an office code (S or H, a state, two digits: SME02, HTX07; HAQ00 for American Samoa)"
            ))
        };
        if code.len() != 5 || !code.is_ascii() {
            return Err(malformed());
        }
        let (chamber, state, seat) = (&code[..1], &code[1..3], &code[3..]);
        let state = match (chamber, state) {
            ("H", letters) if letters.eq_ignore_ascii_case(AMERICAN_SAMOA_IN_THE_HOUSE) => "AS",
            // The House has no `AS` office: American Samoa's is `AQ`.
            ("H", letters) if letters.eq_ignore_ascii_case("AS") => return Err(malformed()),
            (_, letters) => letters,
        };
        let state = StateCode::parse(state).map_err(|_| malformed())?;
        let number: u8 = seat
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| seat.parse().ok())
            .flatten()
            .ok_or_else(malformed)?;
        let seat = match chamber {
            "S" if state.has_senators() && (1..=3).contains(&number) => Seat::Senate {
                state,
                class: number,
                senior: false,
            },
            "H" => Seat::House {
                district: District::new(state, number).map_err(|_| malformed())?,
                voting: true,
            },
            _ => return Err(malformed()),
        };
        Ok(Self::of(seat))
    }

    /// The state the office's seat is in.
    pub fn state(&self) -> StateCode {
        self.1
    }

    /// The House district, for a House office.
    pub fn district(&self) -> Option<District> {
        match self.chamber() {
            Chamber::House => District::new(self.1, self.2).ok(),
            Chamber::Senate => None,
        }
    }

    pub fn chamber(&self) -> Chamber {
        if self.0.starts_with('S') {
            Chamber::Senate
        } else {
            Chamber::House
        }
    }
}

crate::domain::text_traits!(OfficeCode);

#[cfg(test)]
mod tests {
    use super::*;

    fn state(code: &str) -> StateCode {
        StateCode::parse(code).unwrap()
    }

    fn district(code: &str) -> District {
        District::parse(code).unwrap()
    }

    #[test]
    fn office_codes_name_the_chamber_state_and_two_digit_seat() {
        let cases = [
            (
                Seat::House {
                    district: district("TX-07"),
                    voting: true,
                },
                "HTX07",
            ),
            (
                Seat::House {
                    district: district("AK-00"),
                    voting: true,
                },
                "HAK00",
            ),
            (
                Seat::House {
                    district: district("DC-00"),
                    voting: false,
                },
                "HDC00",
            ),
            (
                Seat::House {
                    district: district("AS-00"),
                    voting: false,
                },
                "HAQ00",
            ),
            (
                Seat::Senate {
                    state: state("ME"),
                    class: 2,
                    senior: false,
                },
                "SME02",
            ),
        ];
        for (seat, code) in cases {
            let office = OfficeCode::of(seat);
            assert_eq!(office.as_ref(), code);
            assert_eq!(OfficeCode::parse(code).unwrap(), office);
            assert_eq!(office.chamber(), seat.chamber());
        }
        // The constituent's state stays AS: only the office is written AQ.
        assert_eq!(OfficeCode::parse("HAQ00").unwrap().state().code(), "AS");
    }

    #[test]
    fn malformed_codes_are_refused() {
        for code in [
            "", "SME2", "SME04", "SME00", "SDC01", "XME02", "SZZ01", "HTX7a", "HTX+7", "sme02",
            "HTX123", "HAS00", "SAQ01", "SAS01",
        ] {
            assert!(OfficeCode::parse(code).is_err(), "{code:?}");
        }
    }
}
