//! Where a letter came from, as the link to the campaign page said it: a
//! partner's code (`source`) or a web-analytics tag (`utm_source`,
//! `utm_medium`, `utm_campaign`).

use super::{Control, InvalidValue, Widget};
use crate::messages::MessageId;
use crate::msg;

/// 1 to 64 ASCII letters, digits, hyphens, underscores and full stops,
/// lowercased: enough for a partner's code or a UTM tag written the way
/// Google's campaign URL builder suggests (`spring_appeal`,
/// `newsletter-2026.03`), and nothing that could mean something in a
/// header, a CSV cell, a URL or a DynamoDB attribute name. Lowercase, so
/// that `Acme` and `acme` count as one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkTag(String);

impl LinkTag {
    pub const MAX_CHARS: usize = 64;
    /// The page's check, a JavaScript regular expression, the same as `parse`.
    const PATTERN: &str = "^[A-Za-z0-9._-]{1,64}$";
    const INVALID: MessageId = msg!("link-tag-invalid");

    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let valid = (1..=Self::MAX_CHARS).contains(&input.len())
            && input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if valid {
            Ok(Self(input.to_ascii_lowercase()))
        } else {
            Err(Self::INVALID.into())
        }
    }
}

super::text_traits!(LinkTag);

super::form_value!(
    LinkTag,
    Control {
        widget: Widget::Hidden,
        max_chars: Some(LinkTag::MAX_CHARS),
        min_chars: None,
        required: None,
        early_check: Some((LinkTag::PATTERN, LinkTag::INVALID)),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_of_letters_digits_and_three_marks_parse_in_lowercase() {
        for (raw, tag) in [
            ("acme", "acme"),
            ("Spring_Appeal", "spring_appeal"),
            ("newsletter-2026.03", "newsletter-2026.03"),
            (&"a".repeat(64), &"a".repeat(64)),
        ] {
            assert_eq!(LinkTag::parse(raw).unwrap().as_ref(), tag, "{raw}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_what_to_use() {
        for (case, raw) in [
            ("empty", ""),
            ("too long", &"a".repeat(65)),
            ("a space", "spring appeal"),
            ("a plus", "spring+appeal"),
            ("markup", "<b>"),
            ("a quote", "acme\""),
            ("a line break", "acme\nx"),
            ("a formula", "=1+1"),
            ("non-ASCII", "señal"),
            ("a colon", "source:acme"),
        ] {
            let error = LinkTag::parse(raw).unwrap_err();
            assert!(error.message().contains("64 letters"), "{case}");
        }
    }
}
