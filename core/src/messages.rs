//! What supporters read, in their language: one Project Fluent catalog per
//! language under `core/locales/` (`en/site.ftl`, `es/site.ftl`), compiled
//! into every binary. Code names a message by its id through [`msg!`] and
//! templates through a [`Translator`]; `shared/build.rs` fails the build
//! when the Spanish catalog lacks a key of the English one, or when code
//! or a template names a key the English catalog lacks.

use crate::domain::District;
use crate::language::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static CATALOGS = {
        locales: "./locales",
        fallback_language: "en",
        // Pages and emails are left to right in both languages: no Unicode
        // isolation marks around arguments.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A message's id in the catalogs; made only by [`msg!`], which the
/// build's check finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(&'static str);

impl MessageId {
    #[doc(hidden)]
    pub const fn new(id: &'static str) -> Self {
        Self(id)
    }

    /// The message, which takes no values, in `language`.
    pub fn in_language(self, language: Language) -> String {
        Message::from(self).in_language(language)
    }
}

impl AsRef<MessageId> for MessageId {
    fn as_ref(&self) -> &MessageId {
        self
    }
}

/// Names a message of the catalogs: `msg!("field-email")`.
#[macro_export]
macro_rules! msg {
    ($id:literal) => {
        $crate::messages::MessageId::new($id)
    };
}

/// A value a message is given: text as is, a number its plural forms
/// choose by, or a House district or another message, said in the
/// message's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(u64),
    District(District),
    /// Another message, said in the same language.
    Message(MessageId),
}

impl From<MessageId> for Arg {
    fn from(id: MessageId) -> Self {
        Self::Message(id)
    }
}

impl From<District> for Arg {
    fn from(district: District) -> Self {
        Self::District(district)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<u64> for Arg {
    fn from(number: u64) -> Self {
        Self::Number(number)
    }
}

impl From<usize> for Arg {
    fn from(number: usize) -> Self {
        Self::Number(number as u64)
    }
}

/// A message and its values, to be said in whichever language the reader
/// reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: MessageId,
    args: Vec<(&'static str, Arg)>,
}

impl From<MessageId> for Message {
    fn from(id: MessageId) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }
}

impl Message {
    /// The message with `name` set to `value`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `language`.
    pub fn in_language(&self, language: Language) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => FluentValue::from(text.as_str()),
                    Arg::Number(number) => FluentValue::from(*number),
                    Arg::District(district) => FluentValue::from(district.describe_in(language)),
                    Arg::Message(id) => FluentValue::from(id.in_language(language)),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        CATALOGS.lookup_with_args(&identifier(language), self.id.0, &args)
    }
}

fn identifier(language: Language) -> LanguageIdentifier {
    match language {
        Language::En => langid!("en"),
        Language::Es => langid!("es"),
    }
}

/// The catalog of one language, as templates use it:
/// `{{ tr.t("take-action") }}`, or with values
/// `{{ tr.ta("opt-in", [("sponsor", sponsor.name.as_str())]) }}`; a
/// count that chooses a plural form goes through `tn`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Translator(pub Language);

impl Translator {
    pub fn language(&self) -> Language {
        self.0
    }

    /// The page's language tag, for `<html lang>`.
    pub fn tag(&self) -> &'static str {
        self.0.tag()
    }

    pub fn t(&self, id: &'static str) -> String {
        Message::from(MessageId(id)).in_language(self.0)
    }

    pub fn ta(&self, id: &'static str, args: &[(&'static str, &str)]) -> String {
        let message = args
            .iter()
            .fold(Message::from(MessageId(id)), |message, (name, value)| {
                message.with(name, *value)
            });
        message.in_language(self.0)
    }

    /// `id` with `$count` set to `count`, which chooses its plural form.
    pub fn tn(&self, id: &'static str, count: impl std::borrow::Borrow<usize>) -> String {
        Message::from(MessageId(id))
            .with("count", *count.borrow())
            .in_language(self.0)
    }

    /// A message built in code, in this language.
    pub fn say(&self, message: &Message) -> String {
        message.in_language(self.0)
    }

    /// A message named in code (a field's label, a select's prompt), in
    /// this language.
    pub fn of(&self, id: impl AsRef<MessageId>) -> String {
        id.as_ref().in_language(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reads_in_each_language_with_its_values() {
        let message = Message::from(msg!("text-too-long"))
            .with("kind", msg!("text-kind-city"))
            .with("max", 5_u64)
            .with("chars", 7_u64);
        assert_eq!(
            message.in_language(Language::En),
            "Shorten a city to 5 characters or fewer (it has 7)."
        );
        assert_eq!(
            message.in_language(Language::Es),
            "Acorte la ciudad a 5 caracteres como máximo (tiene 7)."
        );
    }

    #[test]
    fn no_isolation_marks_surround_values() {
        let said = Translator(Language::En).ta("district-at-large", &[("state", "Alaska")]);
        assert_eq!(said, "Alaska (at large)");
    }
}
