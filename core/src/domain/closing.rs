//! The closing a supporter picks for their letter.

use super::{Control, InvalidValue, Widget};

const CLOSINGS: [&str; 4] = ["Sincerely", "Respectfully", "With gratitude", "Thank you"];
const EMPTY: &str = "Choose a closing for your letter.";

/// One of a fixed set of closings; a list keeps letters to offices polite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closing(&'static str);

impl Closing {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let wanted = input.trim();
        if wanted.is_empty() {
            return Err(InvalidValue::new(EMPTY));
        }
        CLOSINGS
            .iter()
            .find(|closing| closing.eq_ignore_ascii_case(wanted))
            .map(|closing| Self(closing))
            .ok_or_else(|| InvalidValue::new("Choose a closing from the list."))
    }
}

super::form_value!(
    Closing,
    Control {
        widget: Widget::Select {
            choices: || {
                CLOSINGS
                    .iter()
                    .map(|closing| (*closing, *closing))
                    .collect()
            },
            default: Some(CLOSINGS[0]),
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
