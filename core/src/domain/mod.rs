//! Domain types that can only exist valid: each is built by a `parse` that
//! returns a typed error with a message fit to show beside a form field.
//! The types a supporter fills in also say how a form asks for them
//! ([`FormValue`]), so the page, its script and the server share one rule.

mod chamber;
mod closing;
mod congress;
mod district;
mod email;
mod link_tag;
mod origin;
mod phone;
mod prefix;
mod public_url;
mod slug;
mod state;
mod text;
mod zip;

pub use chamber::Chamber;
pub use closing::Closing;
pub use congress::{BILL_TYPES, Bill, LibraryOfCongressTopic, Stance, TOPICS};
pub use district::{District, DistrictChoice};
pub use email::EmailAddress;
pub use link_tag::LinkTag;
pub use origin::Origin;
pub use phone::PhoneNumber;
pub use prefix::{PREFIXES, Prefix};
pub use public_url::PublicUrl;
pub use slug::CampaignSlug;
pub use state::StateCode;
pub use text::{
    City, LetterBody, LetterSubject, OwnWords, PersonName, Street, allowed_in_xml, is_sendable,
};
pub use zip::ZipCode;

use crate::language::Language;
use crate::messages::{Message, MessageId};

/// Why a value was refused. What a supporter may read is a [`Message`]
/// of the catalogs, said in their language; what only staff read (a
/// campaign file's, a data file's) is plain English. `Display` is English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue(Said);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Said {
    Message(Message),
    Plain(String),
}

impl InvalidValue {
    /// A refusal only staff read, in English.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(Said::Plain(message.into()))
    }

    /// The message in English.
    pub fn message(&self) -> String {
        self.in_language(Language::En)
    }

    /// The message in `language` (a staff message is English in any).
    pub fn in_language(&self, language: Language) -> String {
        match &self.0 {
            Said::Message(message) => message.in_language(language),
            Said::Plain(text) => text.clone(),
        }
    }
}

impl From<Message> for InvalidValue {
    fn from(message: Message) -> Self {
        Self(Said::Message(message))
    }
}

impl From<MessageId> for InvalidValue {
    fn from(id: MessageId) -> Self {
        Message::from(id).into()
    }
}

impl std::fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for InvalidValue {}

/// As JSON shows it: the English message.
impl serde::Serialize for InvalidValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.message())
    }
}

/// A value a supporter gives in a form: how the form asks for it, and how
/// what they typed becomes the value (or the message they are shown).
pub trait FormValue: Sized {
    /// How the form asks for the value.
    const CONTROL: Control;

    fn parse(input: &str) -> Result<Self, InvalidValue>;

    /// The value as text, as a form shows it again or an export writes it.
    fn text(&self) -> &str;
}

/// How a form asks for one value. The server's `parse` is the rule; this is
/// what the page and its script need to ask well and warn early.
#[derive(Debug, Clone, Copy)]
pub struct Control {
    pub widget: Widget,
    /// The longest value accepted, in characters.
    pub max_chars: Option<usize>,
    /// The shortest value accepted when one is given, in characters.
    pub min_chars: Option<usize>,
    /// What a supporter who leaves the field empty is told; `None` when it
    /// may be left empty.
    pub required: Option<MessageId>,
    /// A check the page's script makes before sending (a JavaScript regular
    /// expression) and the message it shows, the same as `parse` gives.
    pub early_check: Option<(&'static str, MessageId)>,
}

/// The kind of form control a value is asked with.
#[derive(Debug, Clone, Copy)]
pub enum Widget {
    /// A one-line input of this `type` (`text`, `email`, `tel`).
    Input(&'static str),
    /// Several lines.
    TextArea,
    /// A choice among fixed `(value, label)` options as a form in a
    /// language offers them, whether the first is chosen when nothing was
    /// yet, and a prompt option with no value if any.
    Select {
        choices: fn(Language) -> Vec<(&'static str, &'static str)>,
        preselect_first: bool,
        prompt: Option<MessageId>,
    },
    /// One of the options the server finds for this supporter (their
    /// congressional district), asked only when it must ask: a group of
    /// radio buttons drawn by its own template, `district.html`.
    Choice,
    /// Carried in the form unseen, filled from the page's own link (where
    /// the visitor came from), never typed.
    Hidden,
}

/// An optional value: left empty, it is `None`; otherwise it obeys its type.
impl<T: FormValue> FormValue for Option<T> {
    const CONTROL: Control = Control {
        required: None,
        ..T::CONTROL
    };

    fn parse(input: &str) -> Result<Self, InvalidValue> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            T::parse(input).map(Some)
        }
    }

    fn text(&self) -> &str {
        self.as_ref().map_or("", T::text)
    }
}

/// SHA-256 of the parts, each followed by a NUL byte, as lowercase hex: a
/// key that identifies personal data without holding it.
pub fn digest_hex(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

/// The traits every text-like domain type shares: `AsRef<str>`, `Display`,
/// and serde through the text, deserialising through `parse` so that stored
/// data is held to the same rules as input.
macro_rules! text_traits {
    ($($name:ident),+ $(,)?) => {$(
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_ref())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_ref())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    )+};
}
pub(crate) use text_traits;

/// A domain type's [`FormValue`]: asked for with `$control`, parsed by its
/// own `parse`, shown as its text.
macro_rules! form_value {
    ($name:ident, $control:expr) => {
        impl $crate::domain::FormValue for $name {
            const CONTROL: $crate::domain::Control = $control;

            fn parse(input: &str) -> Result<Self, $crate::domain::InvalidValue> {
                Self::parse(input)
            }

            fn text(&self) -> &str {
                &self.0
            }
        }
    };
}
pub(crate) use form_value;
