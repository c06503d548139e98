//! Where a letter's text goes in its message: the campaign's words as the
//! organisation's statement, the supporter's as their own message. Senders
//! in production differ (docs/cwc-evidence.md §3(d)), so it is a setting.

use crate::letter::Letter;
use std::str::FromStr;

/// `CWC_TEXT_PLACEMENT`: how a letter's text is shared between
/// `OrganizationStatement` and `ConstituentMessage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextPlacement {
    /// `by-edit`: the campaign's letter, as the supporter left it, is the
    /// organisation's statement, and their own paragraph (if any) their
    /// message; a letter they changed is theirs, whole, with no statement.
    /// EFF-PR98: the statement is for suggested text the constituent did not
    /// write; MYD (the Senate's advice at its onboarding call): an untouched
    /// template goes in OrganizationStatement, text the constituent wrote or
    /// edited in ConstituentMessage.
    #[default]
    ByEdit,
    /// `constituent`: the whole letter as the constituent's message, as CCM
    /// and EFF's Action Center send it to both chambers in production.
    Constituent,
}

impl TextPlacement {
    /// `(OrganizationStatement, ConstituentMessage)` for `letter`.
    pub fn texts(self, letter: &Letter) -> (Option<String>, Option<String>) {
        match self {
            Self::ByEdit if !letter.edited => (
                Some(letter.fields.body.to_string()),
                letter.fields.own_words.as_ref().map(ToString::to_string),
            ),
            Self::ByEdit | Self::Constituent => (None, Some(letter.text())),
        }
    }
}

impl FromStr for TextPlacement {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        match raw.trim() {
            "by-edit" => Ok(Self::ByEdit),
            "constituent" => Ok(Self::Constituent),
            _ => Err("\"by-edit\" or \"constituent\"".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Chamber, LetterBody, OwnWords};
    use crate::fixtures::{cwc_message_placed, delivering_letter};

    const PARAGRAPH: &str = "My daughter was sold online.";

    fn with_paragraph(mut letter: Letter) -> Letter {
        letter.fields.own_words = Some(OwnWords::parse(PARAGRAPH).unwrap());
        letter
    }

    fn edited(mut letter: Letter) -> Letter {
        letter.fields.body = LetterBody::parse("Senator, in my words: act now.").unwrap();
        letter.edited = true;
        letter
    }

    fn texts(letter: &Letter, placement: TextPlacement) -> (Option<String>, Option<String>) {
        let message = cwc_message_placed(letter, "SME02", placement).message;
        (message.organization_statement, message.constituent_message)
    }

    #[test]
    fn an_unedited_letter_is_the_organisations_statement() {
        let letter = delivering_letter("ada@example.org");
        let body = letter.fields.body.to_string();
        assert_eq!(texts(&letter, TextPlacement::ByEdit), (Some(body), None));
    }

    #[test]
    fn the_supporters_paragraph_is_their_message_beside_the_statement() {
        let letter = with_paragraph(delivering_letter("ada@example.org"));
        let body = letter.fields.body.to_string();
        assert_eq!(
            texts(&letter, TextPlacement::ByEdit),
            (Some(body), Some(PARAGRAPH.to_owned()))
        );
    }

    #[test]
    fn an_edited_letter_is_the_constituents_message_whole_with_their_paragraph() {
        let letter = with_paragraph(edited(delivering_letter("ada@example.org")));
        let whole = format!("Senator, in my words: act now.\n\n{PARAGRAPH}");
        assert_eq!(texts(&letter, TextPlacement::ByEdit), (None, Some(whole)));
    }

    #[test]
    fn the_constituent_setting_sends_every_letter_as_the_constituents_message() {
        let letter = with_paragraph(delivering_letter("ada@example.org"));
        let whole = format!("{}\n\n{PARAGRAPH}", letter.fields.body);
        assert_eq!(
            texts(&letter, TextPlacement::Constituent),
            (None, Some(whole))
        );
        let unedited = delivering_letter("ada@example.org");
        let (statement, message) = texts(&unedited, TextPlacement::Constituent);
        assert_eq!(
            (statement, message.as_deref()),
            (None, Some(unedited.fields.body.as_ref()))
        );
    }

    #[test]
    fn each_placement_keeps_the_senates_rules() {
        let letters = [
            delivering_letter("ada@example.org"),
            with_paragraph(delivering_letter("ada@example.org")),
            with_paragraph(edited(delivering_letter("ada@example.org"))),
        ];
        for placement in [TextPlacement::ByEdit, TextPlacement::Constituent] {
            for letter in &letters {
                let message = cwc_message_placed(letter, "SME02", placement);
                assert_eq!(message.problems(Chamber::Senate), Vec::<String>::new());
            }
        }
    }

    #[test]
    fn the_setting_reads_its_two_values_and_names_them_when_wrong() {
        assert_eq!("by-edit".parse(), Ok(TextPlacement::ByEdit));
        assert_eq!(" constituent ".parse(), Ok(TextPlacement::Constituent));
        let error = "organization".parse::<TextPlacement>().unwrap_err();
        assert!(error.contains("by-edit") && error.contains("constituent"));
    }
}
