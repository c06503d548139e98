//! Congressional offices as Congress's delivery services name them.

use super::{InvalidValue, StateCode};

/// The two houses of Congress, each with its own delivery service.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Chamber {
    Senate,
    House,
}

impl Chamber {
    pub const ALL: [Chamber; 2] = [Chamber::Senate, Chamber::House];

    pub fn name(self) -> &'static str {
        match self {
            Self::Senate => "senate",
            Self::House => "house",
        }
    }
}

/// An office code: `S` + state + the seat's class as two digits for the
/// Senate (`SME02`), `H` + state + the district as two digits for the House
/// (`HAK00` at large).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OfficeCode(String, StateCode);

impl OfficeCode {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let code = input.trim();
        let malformed = || {
            InvalidValue::new(format!(
                "{code:?} is not an office code (S or H, a state, two digits: SME02, HTX07)"
            ))
        };
        if code.len() != 5 || !code.is_ascii() {
            return Err(malformed());
        }
        let (chamber, state, seat) = (&code[..1], &code[1..3], &code[3..]);
        let state = StateCode::parse(state).map_err(|_| malformed())?;
        let seat: u8 = seat
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| seat.parse().ok())
            .flatten()
            .ok_or_else(malformed)?;
        match chamber {
            "S" if state.has_senators() && (1..=3).contains(&seat) => Ok(Self::senate(state, seat)),
            "H" => Ok(Self::house(state, seat)),
            _ => Err(malformed()),
        }
    }

    /// The office of the Senate seat of `class` (1 to 3) in `state`.
    pub fn senate(state: StateCode, class: u8) -> Self {
        Self(format!("S{}{class:02}", state.code()), state)
    }

    /// The office of House district `district` (0 at large) in `state`.
    pub fn house(state: StateCode, district: u8) -> Self {
        Self(format!("H{}{district:02}", state.code()), state)
    }

    /// The state the office's seat is in.
    pub fn state(&self) -> StateCode {
        self.1
    }

    pub fn chamber(&self) -> Chamber {
        if self.0.starts_with('S') {
            Chamber::Senate
        } else {
            Chamber::House
        }
    }
}

super::text_traits!(OfficeCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_chamber_state_and_seat() {
        let maine = StateCode::parse("ME").unwrap();
        assert_eq!(OfficeCode::senate(maine, 2).as_ref(), "SME02");
        assert_eq!(
            OfficeCode::parse("HAK00").unwrap().chamber(),
            Chamber::House
        );
        assert_eq!(
            OfficeCode::parse(" SME02 ").unwrap().chamber(),
            Chamber::Senate
        );
    }

    #[test]
    fn malformed_codes_are_refused() {
        for code in [
            "", "SME2", "SME04", "SME00", "SDC01", "XME02", "SZZ01", "HTX7a", "HTX+7", "sme02",
            "HTX123",
        ] {
            assert!(OfficeCode::parse(code).is_err(), "{code:?}");
        }
    }
}
