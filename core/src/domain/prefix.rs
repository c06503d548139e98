//! How a supporter is addressed in a letter delivered to an office: the
//! courtesy title Congress's delivery services require of every constituent.

use super::{Control, InvalidValue, Widget};
use crate::language::Language;
use crate::messages::MessageId;
use crate::msg;

/// The prefixes both chambers take. The Senate accepts exactly these; the
/// House accepts these and more, so a letter to either (or to both) can
/// always carry the one its supporter picked.
pub const PREFIXES: [&str; 5] = ["Mr.", "Mrs.", "Miss", "Ms.", "Dr."];

/// One of [`PREFIXES`], as the list spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix(&'static str);

impl Prefix {
    /// What a supporter who picks none is told.
    pub const MISSING: MessageId = msg!("prefix-missing");

    /// The prefixes as a form in `language` offers them: the value sent is
    /// always the one the chambers take.
    fn choices(language: Language) -> Vec<(&'static str, &'static str)> {
        let labels = match language {
            Language::En => PREFIXES,
            Language::Es => [
                "Sr. (Mr.)",
                "Sra. (Mrs.)",
                "Srta. (Miss)",
                "Sra. o Srta. (Ms.)",
                "Dr. o Dra. (Dr.)",
            ],
        };
        PREFIXES.into_iter().zip(labels).collect()
    }

    /// Accepts a listed prefix in any case, with or without its full stop.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let wanted = input.trim();
        if wanted.is_empty() {
            return Err(Self::MISSING.into());
        }
        let bare = |text: &str| text.trim_end_matches('.').to_ascii_lowercase();
        PREFIXES
            .iter()
            .find(|prefix| bare(prefix) == bare(wanted))
            .map(|prefix| Self(prefix))
            .ok_or_else(|| msg!("prefix-unlisted").into())
    }
}

super::form_value!(
    Prefix,
    Control {
        widget: Widget::Select {
            choices: Prefix::choices,
            preselect_first: false,
            prompt: Some(msg!("prefix-prompt")),
        },
        max_chars: None,
        min_chars: None,
        required: Some(Prefix::MISSING),
        early_check: None,
    }
);

super::text_traits!(Prefix);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_prefixes_parse_to_their_listed_spelling() {
        assert_eq!(Prefix::parse("mr").unwrap().as_ref(), "Mr.");
        assert_eq!(Prefix::parse(" MISS ").unwrap().as_ref(), "Miss");
        assert_eq!(Prefix::parse("Dr.").unwrap().as_ref(), "Dr.");
    }

    #[test]
    fn other_prefixes_are_refused() {
        for prefix in ["", "Rev.", "Sir", "Mr..x", "Mr.\nBcc: x"] {
            assert!(Prefix::parse(prefix).is_err(), "{prefix:?}");
        }
    }
}
