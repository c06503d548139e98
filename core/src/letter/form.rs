//! The wire form: a letter's fields as a request body carries them, in
//! either of the two formats, decoded by serde into the one [`LetterForm`].
//! Decoding is strict: what is malformed is refused, never guessed.

use super::{Field, LetterForm};
use percent_encoding::percent_decode;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The formats a letter may arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// `application/x-www-form-urlencoded`, as a browser posts the form.
    Form,
    /// `application/json`, as the page's script and API clients send it.
    Json,
}

/// The largest body a valid letter can arrive in, in bytes: every field at
/// its limit in characters, each character in the widest encoding either
/// format gives it (four UTF-8 bytes percent-encoded, or a JSON surrogate
/// pair escaped: 12 bytes), plus room for names, punctuation, the hidden
/// fields and the checkboxes. A maximal letter in any script fits.
pub const MAX_BODY_BYTES: usize = {
    /// A field without a limit in characters is a choice from a short list.
    const CHOICE_CHARS: usize = 64;
    let mut total = 2048;
    let mut at = 0;
    while at < Field::ALL.len() {
        let field = Field::ALL[at];
        let chars = match field.control().max_chars {
            Some(chars) => chars,
            None => CHOICE_CHARS,
        };
        total += field.name().len() + 8 + chars * 12;
        at += 1;
    }
    total
};

/// Why a body could not be read as a letter form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("the form is not valid UTF-8")]
    NotUtf8,
    #[error("a field was given twice")]
    Repeated,
    #[error("a field was given twice in the JSON object")]
    RepeatedKey,
    #[error("expected a JSON object whose fields are text, and opt_in true or false")]
    NotAnObject,
}

impl LetterForm {
    /// Decodes a body in `format`.
    pub fn decode(format: BodyFormat, body: &[u8]) -> Result<Self, FormError> {
        match format {
            BodyFormat::Form => Self::decode_urlencoded(body),
            // Through an object first: serde would otherwise take an array
            // for a struct, and let the last of a repeated key win.
            BodyFormat::Json => {
                let read = |body: &[u8]| serde_json::from_slice::<UniqueKeys>(body);
                // JSON may escape half of a surrogate pair alone (`"\ud800"`),
                // which no text can hold and serde_json refuses. Read again
                // with each as U+FFFF, which every field refuses, so the
                // answer names the field it came in.
                let UniqueKeys(object) = read(body)
                    .or_else(|error| lone_surrogates_marked(body).map_or(Err(error), |b| read(&b)))
                    .map_err(|error| {
                        if error.to_string().starts_with(REPEATED_KEY) {
                            FormError::RepeatedKey
                        } else {
                            FormError::NotAnObject
                        }
                    })?;
                serde_json::from_value(Value::Object(object)).map_err(|_| FormError::NotAnObject)
            }
        }
    }

    /// Unlike lenient decoders, bytes that are not UTF-8 are refused instead
    /// of replaced, and a field given twice is refused instead of one copy
    /// winning silently. Fields the form does not have are ignored.
    fn decode_urlencoded(body: &[u8]) -> Result<Self, FormError> {
        // Separators are ASCII, so the whole body decodes to UTF-8 exactly
        // when every name and value does.
        percent_decode(body)
            .decode_utf8()
            .map_err(|_| FormError::NotUtf8)?;
        serde_urlencoded::from_bytes(body).map_err(|_| FormError::Repeated)
    }
}

const REPEATED_KEY: &str = "repeated key";

/// `body` with every escaped lone surrogate (RFC 8259 §7 lets `\uD800`
/// stand without its pair) written `\uFFFF`; `None` when it has none.
fn lone_surrogates_marked(body: &[u8]) -> Option<Vec<u8>> {
    let escaped_unit = |at: usize| -> Option<u16> {
        let hex = body.get(at..at + 6)?.strip_prefix(b"\\u")?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut marked = Vec::with_capacity(body.len());
    let (mut at, mut found) = (0, false);
    while at < body.len() {
        if body[at] != b'\\' {
            marked.push(body[at]);
            at += 1;
            continue;
        }
        let copied = match escaped_unit(at) {
            Some(0xD800..=0xDBFF) if matches!(escaped_unit(at + 6), Some(0xDC00..=0xDFFF)) => 12,
            Some(0xD800..=0xDFFF) => {
                marked.extend_from_slice(b"\\uFFFF");
                found = true;
                at += 6;
                continue;
            }
            // Any other escape: the backslash and the character it escapes.
            _ => 2,
        };
        marked.extend_from_slice(&body[at..(at + copied).min(body.len())]);
        at += copied;
    }
    found.then_some(marked)
}

/// A JSON object whose keys are each given once.
struct UniqueKeys(Map<String, Value>);

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = UniqueKeys;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<UniqueKeys, A::Error> {
                let mut object = Map::new();
                while let Some((key, value)) = entries.next_entry::<String, Value>()? {
                    if object.insert(key, value).is_some() {
                        return Err(serde::de::Error::custom(REPEATED_KEY));
                    }
                }
                Ok(UniqueKeys(object))
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(body: &[u8]) -> Result<LetterForm, FormError> {
        LetterForm::decode(BodyFormat::Form, body)
    }

    #[test]
    fn a_form_decodes_plus_and_percent_escapes() {
        let form = form(b"first_name=Ada+Byron&city=S%C3%A3o%20Paulo&opt_in=on&unknown=x").unwrap();
        assert_eq!(form.first_name, "Ada Byron");
        assert_eq!(form.city, "São Paulo");
        assert!(form.opt_in);
    }

    #[test]
    fn the_letter_text_arrives_under_its_wire_name() {
        assert_eq!(form(b"message=Dear+Senator").unwrap().body, "Dear Senator");
    }

    #[test]
    fn an_unchecked_opt_in_is_false() {
        assert!(!form(b"first_name=Ada").unwrap().opt_in);
        assert!(!form(b"opt_in=off").unwrap().opt_in);
    }

    #[test]
    fn bad_forms_are_refused() {
        for (case, body, error) in [
            (
                "invalid UTF-8 escape",
                &b"first_name=%FF%FE"[..],
                FormError::NotUtf8,
            ),
            (
                "raw invalid UTF-8",
                &b"first_name=\xff"[..],
                FormError::NotUtf8,
            ),
            (
                "repeated field",
                &b"email=a%40b.org&email=c%40d.org"[..],
                FormError::Repeated,
            ),
            (
                "repeated opt-in",
                &b"opt_in=on&opt_in=on"[..],
                FormError::Repeated,
            ),
        ] {
            assert_eq!(form(body), Err(error), "{case}");
        }
    }

    #[test]
    fn a_lone_surrogate_in_json_reads_as_a_character_every_field_refuses() {
        let json = |body: &str| LetterForm::decode(BodyFormat::Json, body.as_bytes());
        let form = json(r#"{"first_name": "Ada\ud800", "city": "x\udc00y\\ud800"}"#).unwrap();
        assert_eq!(form.first_name, "Ada\u{FFFF}");
        assert_eq!(
            form.city, "x\u{FFFF}y\\ud800",
            "an escaped backslash is no escape"
        );
        let paired = json(r#"{"first_name": "\ud83d\ude00 \ud800"}"#).unwrap();
        assert_eq!(paired.first_name, "😀 \u{FFFF}", "a pair stays a pair");
        assert_eq!(
            json(r#"{"first_name": "\ud800"#),
            Err(FormError::NotAnObject)
        );
    }

    #[test]
    fn json_must_be_an_object_of_the_right_types() {
        for body in [
            &b"[]"[..],
            b"{\"first_name\": 5}",
            b"{\"opt_in\": 7}",
            b"{",
            b"\xff",
        ] {
            assert_eq!(
                LetterForm::decode(BodyFormat::Json, body),
                Err(FormError::NotAnObject)
            );
        }
        let form = LetterForm::decode(
            BodyFormat::Json,
            br#"{"first_name": "Ada", "opt_in": true}"#,
        )
        .unwrap();
        assert!(form.opt_in);
    }
}
