//! The closing a supporter picks for their letter.

use super::{Control, InvalidValue, Widget};
use crate::language::Language;
use crate::messages::MessageId;
use crate::msg;

/// The closings a letter may end with, each in the language it is written
/// in: a letter in Spanish closes in Spanish.
const CLOSINGS: [(Language, &str); 8] = [
    (Language::En, "Sincerely"),
    (Language::En, "Respectfully"),
    (Language::En, "With gratitude"),
    (Language::En, "Thank you"),
    (Language::Es, "Atentamente"),
    (Language::Es, "Respetuosamente"),
    (Language::Es, "Con gratitud"),
    (Language::Es, "Muchas gracias"),
];
const EMPTY: MessageId = msg!("closing-empty");

/// One of a fixed set of closings; a list keeps letters to offices polite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closing(&'static str);

impl Closing {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let wanted = input.trim();
        if wanted.is_empty() {
            return Err(EMPTY.into());
        }
        CLOSINGS
            .iter()
            .find(|(_, closing)| closing.to_lowercase() == wanted.to_lowercase())
            .map(|(_, closing)| Self(closing))
            .ok_or_else(|| msg!("closing-unlisted").into())
    }
}

super::form_value!(
    Closing,
    Control {
        widget: Widget::Select {
            choices: |language| {
                CLOSINGS
                    .iter()
                    .filter(|(written_in, _)| *written_in == language)
                    .map(|(_, closing)| (*closing, *closing))
                    .collect()
            },
            preselect_first: true,
            prompt: None,
        },
        max_chars: None,
        min_chars: None,
        required: Some(EMPTY),
        early_check: None,
    }
);

super::text_traits!(Closing);

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
