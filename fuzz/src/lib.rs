//! What the fuzz targets share: the properties every field's parser keeps,
//! the form's names on the wire, and a signing key.

use letters_core::domain::{FormValue, Widget, is_sendable};
use letters_core::letter::LetterForm;
use letters_core::signing::SigningKey;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::LazyLock;

/// Checks what `T::parse` makes of `input`: an accepted value is within its
/// limit, holds no control character its kind forbids (a one-line field
/// none; the letter only line feeds and tabs) nor one XML 1.0 or Unicode
/// rules out of a message, and reads back as itself; a refusal says what to
/// fix.
pub fn check_form_value<T: FormValue + PartialEq + Debug>(input: &str) {
    match T::parse(input) {
        Ok(value) => {
            let text = value.text();
            if let Some(max) = T::CONTROL.max_chars {
                assert!(text.chars().count() <= max, "{value:?} is over {max}");
            }
            let many_lines = matches!(T::CONTROL.widget, Widget::TextArea);
            let allowed = |c: char| !c.is_control() || (many_lines && matches!(c, '\n' | '\t'));
            assert!(text.chars().all(allowed), "{value:?}");
            assert!(text.chars().all(is_sendable), "{value:?}");
            assert_eq!(T::parse(text).as_ref(), Ok(&value), "reads back as itself");
        }
        Err(error) => assert!(!error.message().trim().is_empty(), "{input:?}"),
    }
}

/// Every name the letter form has on the wire, from the form itself.
pub fn wire_names() -> &'static BTreeSet<String> {
    static NAMES: LazyLock<BTreeSet<String>> =
        LazyLock::new(|| match serde_json::to_value(LetterForm::default()) {
            Ok(serde_json::Value::Object(object)) => object.keys().cloned().collect(),
            _ => unreachable!("the form serialises as an object"),
        });
    &NAMES
}

/// Whether one of `known` is among `names` more than once.
pub fn repeats_a_field<'a>(names: impl Iterator<Item = &'a str>, known: &BTreeSet<String>) -> bool {
    let mut seen = BTreeSet::new();
    names
        .filter(|name| known.contains(*name))
        .any(|name| !seen.insert(name))
}

/// The key the targets sign with.
pub fn fuzz_key() -> SigningKey {
    SigningKey::from_secret("fuzzing-key-fuzzing-key-fuzzing-key").expect("a long enough key")
}
