//! Free text typed by supporters: names, address lines, the letter itself.
//!
//! Every kind is trimmed, must not be empty, has bounds in characters,
//! and refuses control characters and what XML 1.0 or Unicode says is no
//! text at all (so anything kept can be sent in a CWC message). One-line kinds also refuse line breaks
//! (with Unicode's line and paragraph separators), so nothing typed here can
//! ever split a header or a log line, and characters that change the
//! direction of text or are invisible, so a name or subject shows as what it
//! is; the letter body keeps its paragraphs, with line endings normalised to
//! `\n`.

use super::{Control, InvalidValue, Widget};
use crate::messages::{Message, MessageId};
use crate::msg;
use std::ops::RangeInclusive;

/// Whether a kind of text may span several lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

fn parse_text(
    input: &str,
    kind: MessageId,
    empty: MessageId,
    chars_allowed: RangeInclusive<usize>,
    lines: Lines,
) -> Result<String, InvalidValue> {
    let normalised = input.replace("\r\n", "\n");
    let text = normalised.trim();
    if text.is_empty() {
        return Err(empty.into());
    }
    let chars = text.chars().count();
    let (min, max) = (*chars_allowed.start(), *chars_allowed.end());
    if chars > max {
        return Err(Message::from(msg!("text-too-long"))
            .with("kind", kind)
            .with("max", max)
            .with("chars", chars)
            .into());
    }
    if chars < min {
        return Err(Message::from(msg!("text-too-short"))
            .with("kind", kind)
            .with("min", min)
            .with("chars", chars)
            .into());
    }
    let chars: Vec<char> = text.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        let around = (
            at.checked_sub(1).map(|i| chars[i]),
            chars.get(at + 1).copied(),
        );
        if let Some(what) = refusal(c, around, lines) {
            return Err(Message::from(msg!("text-refused"))
                .with("kind", kind)
                .with("what", what)
                .into());
        }
    }
    Ok(text.to_owned())
}

/// Whether XML 1.0 lets `c` stand in a document at all, even written as a
/// character reference (W3C XML 1.0, Fifth Edition, §2.2, production `Char`):
/// tab, line feed, carriage return, and everything from U+0020 but the
/// surrogates (which a Rust `char` cannot hold) and U+FFFE and U+FFFF.
pub fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `c` is one of Unicode's noncharacters (The Unicode Standard,
/// §23.7): U+FDD0 to U+FDEF and the last two code points of every plane,
/// kept for a program's own use and never meant to be exchanged as text.
fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || u32::from(c) & 0xFFFE == 0xFFFE
}

/// Whether `c` may stand in text we keep and send on: XML 1.0 takes it, and
/// it is not a noncharacter, which W3C XML 1.0 §2.2 asks documents to avoid
/// and which Unicode says is not for exchange.
pub fn is_sendable(c: char) -> bool {
    allowed_in_xml(c) && !is_noncharacter(c)
}

/// Characters that change the direction of the text around them (Unicode's
/// bidirectional controls): they can make a name read as something else.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why `c`, between the characters `around` it, has no place in a kind of
/// text, as the catalogs' `text-refused` names it; `None` when it may stay.
fn refusal(c: char, around: (Option<char>, Option<char>), lines: Lines) -> Option<&'static str> {
    let many = lines == Lines::Many;
    match c {
        '\n' | '\t' if many => None,
        '\n' | '\r' | '\u{2028}' | '\u{2029}' if !many => Some("line-breaks"),
        c if c.is_control() => Some("control"),
        c if !is_sendable(c) => Some("unusable"),
        _ if many => None,
        c if is_direction_control(c) => Some("direction"),
        // Zero-width joiners and non-joiners spell words in scripts such as
        // Persian and the Indic ones, so they may stand between two visible
        // characters outside ASCII (letters, or marks such as a virama);
        // anywhere else they only hide.
        '\u{200C}' | '\u{200D}' if joins_letters(around) => None,
        c if is_invisible(c) => Some("invisible"),
        _ => None,
    }
}

fn joins_letters(around: (Option<char>, Option<char>)) -> bool {
    let visible = |c: Option<char>| {
        c.is_some_and(|c| {
            !c.is_ascii() && !c.is_whitespace() && !c.is_control() && !is_invisible(c)
        })
    };
    visible(around.0) && visible(around.1)
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
    )
}

/// Declares a text newtype with its bounds and how a form asks for it; the
/// only way in is `parse`.
macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $empty:expr, $min:literal..=$max:literal, $lines:expr, $widget:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;
            /// What a supporter who leaves it empty is told.
            const EMPTY: MessageId = $empty;

            pub fn parse(input: &str) -> Result<Self, InvalidValue> {
                parse_text(input, $kind, Self::EMPTY, $min..=$max, $lines).map(Self)
            }
        }

        super::text_traits!($name);

        super::form_value!(
            $name,
            Control {
                widget: $widget,
                max_chars: Some($max),
                min_chars: Some($min),
                required: Some(Self::EMPTY),
                early_check: None,
            }
        );
    };
}

bounded_text!(
    /// A first or last name, as the supporter writes it.
    PersonName, msg!("text-kind-name"), msg!("name-empty"), 1..=100, Lines::One, Widget::Input("text")
);
bounded_text!(
    /// The street line of a postal address.
    Street, msg!("text-kind-street"), msg!("street-empty"), 1..=200, Lines::One, Widget::Input("text")
);
bounded_text!(
    /// The city of a postal address.
    City, msg!("text-kind-city"), msg!("city-empty"), 1..=100, Lines::One, Widget::Input("text")
);
// MYD (the Senate's schema, as its xmllint-tested transcription has it):
// a Subject holds 6 to 500 characters, an OrganizationStatement or a
// ConstituentMessage 6 to 10,000; so no text a letter is sent with is shorter.
bounded_text!(
    /// The subject line of a letter.
    LetterSubject, msg!("text-kind-subject"), msg!("subject-empty"), 6..=200, Lines::One, Widget::Input("text")
);
bounded_text!(
    /// The body of a letter: paragraphs separated by blank lines.
    LetterBody, msg!("text-kind-letter"), msg!("letter-empty"), 6..=5000, Lines::Many, Widget::TextArea
);
bounded_text!(
    /// Why the letter matters to the supporter, in their own words: a
    /// paragraph of theirs after the letter. The letter's 5,000 characters,
    /// a blank line and these 2,000 fit in one ConstituentMessage (10,000).
    OwnWords, msg!("text-kind-own-words"), msg!("own-words-empty"), 6..=2000, Lines::Many, Widget::TextArea
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_text_is_trimmed() {
        assert_eq!(PersonName::parse("  Ada ").unwrap().as_ref(), "Ada");
    }

    #[test]
    fn xml_takes_every_character_but_the_c0_controls_and_the_last_two_of_the_basic_plane() {
        for c in [
            '\t', '\n', '\r', ' ', 'é', '\u{D7FF}', '\u{E000}', '\u{FFFD}', '😀',
        ] {
            assert!(allowed_in_xml(c), "{c:?}");
        }
        for c in [
            '\0', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(!allowed_in_xml(c), "{c:?}");
        }
    }

    #[test]
    fn noncharacters_are_the_fdd0_block_and_the_last_two_of_every_plane() {
        for c in [
            '\u{FDD0}',
            '\u{FDEF}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{1FFFE}',
            '\u{10FFFF}',
        ] {
            assert!(is_noncharacter(c) && !is_sendable(c), "{c:?}");
        }
        for c in [
            '\u{FDCF}',
            '\u{FDF0}',
            '\u{FFFD}',
            '\u{1FFFD}',
            '\u{20000}',
            'a',
        ] {
            assert!(!is_noncharacter(c), "{c:?}");
        }
        assert!(!is_sendable('\u{1}') && is_sendable('\n') && is_sendable('é'));
    }

    #[test]
    fn every_kind_of_text_refuses_what_cannot_be_sent() {
        for c in ['\u{FFFE}', '\u{FFFF}', '\u{FDD0}', '\u{10FFFE}'] {
            let text = format!("Dear Senator{c}, please act.");
            for error in [
                LetterBody::parse(&text).unwrap_err(),
                OwnWords::parse(&text).unwrap_err(),
                LetterSubject::parse(&text).unwrap_err(),
                PersonName::parse(&format!("Ada{c}")).unwrap_err(),
            ] {
                assert!(
                    error.message().contains("unusable characters"),
                    "{c:?}: {error}"
                );
            }
        }
    }

    #[test]
    fn a_subject_and_the_texts_sent_have_at_least_six_characters() {
        assert!(LetterSubject::parse("Please").is_ok());
        for error in [
            LetterSubject::parse("Hi").unwrap_err(),
            LetterBody::parse("Yes.").unwrap_err(),
            OwnWords::parse("Me").unwrap_err(),
        ] {
            assert!(error.message().contains("6 characters or more"), "{error}");
        }
        assert!(OwnWords::parse(&"a".repeat(2001)).is_err());
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
    fn one_line_text_refuses_what_hides_or_reverses_it() {
        for (case, input, expected) in [
            ("line separator", "Ada\u{2028}Bcc", "line breaks"),
            ("paragraph separator", "Ada\u{2029}x", "line breaks"),
            ("right-to-left override", "Ada\u{202E}ecalevoL", "direction"),
            ("isolate", "Ada\u{2066}x\u{2069}", "direction"),
            ("zero-width space", "A\u{200B}da", "invisible"),
            ("joiner between Latin letters", "A\u{200D}da", "invisible"),
            ("byte order mark inside", "A\u{FEFF}da", "invisible"),
        ] {
            let error = PersonName::parse(input).expect_err(case);
            assert!(error.message().contains(expected), "{case}: {error}");
        }
    }

    #[test]
    fn names_keep_the_joiners_their_script_needs() {
        for name in [
            "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}",
            "\u{0915}\u{094D}\u{200D}\u{0937}",
        ] {
            assert!(PersonName::parse(name).is_ok(), "{name:?}");
        }
        assert!(LetterBody::parse("One.\u{2028}Two, \u{202E}quoted.").is_ok());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
    }
}
