//! Free text typed by supporters: names, address lines, the letter itself.
//!
//! Every kind is trimmed, must not be empty, has an upper bound in characters,
//! and refuses control characters. One-line kinds also refuse line breaks, so
//! nothing typed here can ever split a header or a log line; the letter body
//! keeps its paragraphs, with line endings normalised to `\n`.

use super::{Control, InvalidValue, Widget};

/// Whether a kind of text may span several lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

fn parse_text(
    input: &str,
    label: &str,
    empty: &str,
    max_chars: usize,
    lines: Lines,
) -> Result<String, InvalidValue> {
    let normalised = input.replace("\r\n", "\n");
    let text = normalised.trim();
    if text.is_empty() {
        return Err(InvalidValue::new(empty));
    }
    let chars = text.chars().count();
    if chars > max_chars {
        return Err(InvalidValue::new(format!(
            "Shorten {label} to {max_chars} characters or fewer (it has {chars})."
        )));
    }
    let allowed = |c: char| !c.is_control() || (lines == Lines::Many && (c == '\n' || c == '\t'));
    if let Some(c) = text.chars().find(|&c| !allowed(c)) {
        let what = if c == '\n' || c == '\r' {
            "line breaks"
        } else {
            "control characters"
        };
        return Err(InvalidValue::new(format!(
            "Remove the {what} from {label}."
        )));
    }
    Ok(text.to_owned())
}

/// Declares a text newtype with its bounds and how a form asks for it; the
/// only way in is `parse`.
macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $label:literal, $max:literal, $lines:expr, $widget:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;
            /// What a supporter who leaves it empty is told.
            const EMPTY: &str = concat!("Enter ", $label, ".");

            pub fn parse(input: &str) -> Result<Self, InvalidValue> {
                parse_text(input, $label, Self::EMPTY, $max, $lines).map(Self)
            }
        }

        super::text_traits!($name);

        super::form_value!(
            $name,
            Control {
                widget: $widget,
                max_chars: Some($max),
                required: Some(Self::EMPTY),
                early_check: None,
            }
        );
    };
}

bounded_text!(
    /// A first or last name, as the supporter writes it.
    PersonName, "a name", 100, Lines::One, Widget::Input("text")
);
bounded_text!(
    /// The street line of a postal address.
    Street, "a street address", 200, Lines::One, Widget::Input("text")
);
bounded_text!(
    /// The city of a postal address.
    City, "a city", 100, Lines::One, Widget::Input("text")
);
bounded_text!(
    /// The subject line of a letter.
    LetterSubject, "a subject", 200, Lines::One, Widget::Input("text")
);
bounded_text!(
    /// The body of a letter: paragraphs separated by blank lines.
    LetterBody, "the letter", 5000, Lines::Many, Widget::TextArea
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_text_is_trimmed() {
        assert_eq!(PersonName::parse("  Ada ").unwrap().as_ref(), "Ada");
    }

    #[test]
    fn letter_body_keeps_paragraphs_with_unix_line_endings() {
        let body = LetterBody::parse("One.\r\n\r\nTwo.").unwrap();
        assert_eq!(body.as_ref(), "One.\n\nTwo.");
    }

    #[test]
    fn invalid_text_is_refused_with_a_reason() {
        let long_name = "a".repeat(101);
        let long_body = "a".repeat(5001);
        let cases: [(&str, Result<(), InvalidValue>, &str); 6] = [
            ("empty name", PersonName::parse("").map(drop), "Enter"),
            ("blank name", PersonName::parse(" \t ").map(drop), "Enter"),
            (
                "name too long",
                PersonName::parse(&long_name).map(drop),
                "100 characters",
            ),
            (
                "line feed in a one-line field",
                Street::parse("1 Main St\nBcc: x").map(drop),
                "line breaks",
            ),
            (
                "control character",
                City::parse("Spring\u{7}field").map(drop),
                "control characters",
            ),
            (
                "body too long",
                LetterBody::parse(&long_body).map(drop),
                "5000 characters",
            ),
        ];
        for (case, result, expected) in cases {
            let error = result.expect_err(case);
            assert!(error.message().contains(expected), "{case}: {error}");
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
    }
}
