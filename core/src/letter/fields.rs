//! The machinery behind the letter's one definition (in `letter/mod.rs`):
//! from a list of fields, each with its domain type, it makes the field
//! enum, the wire form, the parsed fields and the parse between them, so a
//! field added to the list is decoded, checked, shown and exported with no
//! other list to keep in step. How it is stored is decided apart
//! (`StoredLetter`), so that letters stored before it
//! still read.

use crate::domain::InvalidValue;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Declares the letter's fields. Each entry names the enum variant, the
/// Rust field and its name on the wire, the domain type that parses it, its
/// label, its `autocomplete` token, and whether it is personal (left out of
/// exports unless asked for). Checkboxes follow, as booleans; then the
/// hidden fields a form carries beside the letter, never stored with it.
macro_rules! letter_fields {
    (
        fields {$(
            $(#[$doc:meta])*
            $variant:ident => $field:ident as $wire:literal: $ty:ty {
                label: $label:expr,
                autocomplete: $autocomplete:literal,
                personal: $personal:literal $(,)?
            }
        ),+ $(,)?}
        checkboxes {$(
            $(#[$check_doc:meta])*
            $check:ident
        ),* $(,)?}
        hidden {$(
            $(#[$hidden_doc:meta])*
            $hidden:ident
        ),* $(,)?}
    ) => {
        /// The letter form's fields, in the order the form shows them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field {
            $($variant),+
        }

        impl Field {
            /// Every field, in form order.
            pub const ALL: &[Field] = &[$(Field::$variant),+];

            /// The field's name on the wire, in forms and JSON alike.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire),+
                }
            }

            /// The field's label, as the form shows it.
            pub const fn label(self) -> $crate::messages::MessageId {
                match self {
                    $(Self::$variant => $label),+
                }
            }

            /// The browser's `autocomplete` token for the field.
            pub const fn autocomplete(self) -> &'static str {
                match self {
                    $(Self::$variant => $autocomplete),+
                }
            }

            /// Whether the field holds personal data.
            pub const fn is_personal(self) -> bool {
                match self {
                    $(Self::$variant => $personal),+
                }
            }

            /// How the form asks for the field: its domain type's control.
            pub const fn control(self) -> $crate::domain::Control {
                match self {
                    $(Self::$variant => <$ty as $crate::domain::FormValue>::CONTROL),+
                }
            }
        }

        /// The form exactly as submitted: every field optional, nothing
        /// checked yet. Forms and JSON decode into it alike.
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
        #[serde(default)]
        pub struct LetterForm {
            $(
                #[serde(rename = $wire)]
                pub $field: String,
            )+
            $(
                #[serde(deserialize_with = "crate::letter::fields::checkbox")]
                pub $check: bool,
            )*
            $(
                $(#[$hidden_doc])*
                pub $hidden: String,
            )*
        }

        impl LetterForm {
            /// What was typed in `field`.
            pub fn value(&self, field: Field) -> &str {
                match field {
                    $(Field::$variant => &self.$field),+
                }
            }
        }

        /// A letter's fields, every one valid, before it is addressed.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct LetterFields {
            $(
                $(#[$doc])*
                pub $field: $ty,
            )+
            $(
                $(#[$check_doc])*
                pub $check: bool,
            )*
        }

        impl LetterFields {
            /// The value of `field` as text.
            pub fn text(&self, field: Field) -> &str {
                match field {
                    $(Field::$variant => $crate::domain::FormValue::text(&self.$field)),+
                }
            }
        }

        impl TryFrom<&LetterForm> for LetterFields {
            type Error = FieldErrors;

            /// Parses every field, collecting all errors so the form can
            /// show them at once.
            fn try_from(form: &LetterForm) -> Result<Self, FieldErrors> {
                let mut errors = FieldErrors::default();
                $(
                    let $field = errors.keep(
                        Field::$variant,
                        <$ty as $crate::domain::FormValue>::parse(&form.$field),
                    );
                )+
                match ($($field,)+) {
                    ($(Some($field),)+) => Ok(Self {
                        $($field,)+
                        $($check: form.$check,)*
                    }),
                    _ => Err(errors),
                }
            }
        }
    };
}
pub(crate) use letter_fields;

use super::Field;

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A message per invalid field, to show beside each one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<Field, InvalidValue>);

impl FieldErrors {
    pub(crate) fn add(&mut self, field: Field, error: InvalidValue) {
        self.0.insert(field, error);
    }

    /// The parsed value, or `None` with its error recorded against `field`.
    pub(crate) fn keep<T>(&mut self, field: Field, parsed: Result<T, InvalidValue>) -> Option<T> {
        parsed.map_err(|error| self.add(field, error)).ok()
    }

    pub fn get(&self, field: Field) -> Option<&InvalidValue> {
        self.0.get(&field)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Field, &InvalidValue)> {
        self.0.iter().map(|(field, error)| (*field, error))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A checkbox: `true` or `false` in JSON; in a form, present with the value
/// a browser sends for a ticked box (`on`, or `true`, `1`, `yes`), else off.
pub(crate) fn checkbox<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Sent {
        Json(bool),
        Form(String),
    }
    Ok(match Sent::deserialize(deserializer)? {
        Sent::Json(ticked) => ticked,
        Sent::Form(value) => matches!(value.as_str(), "on" | "true" | "1" | "yes"),
    })
}
