//! The body a browser posts without JavaScript. Any bytes are a form or a
//! typed refusal, never a panic; a refusal for a repeated field is true; and
//! a form that decodes reads back the same after it is encoded again.
#![no_main]

use letters_core::letter::LetterForm;
use letters_core::letter::form::{BodyFormat, FormError};
use letters_fuzz::{repeats_a_field, wire_names};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let decoded = LetterForm::decode(BodyFormat::Form, body);
    // Text that is not UTF-8 is refused first, whatever else is wrong.
    let pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body);
    if let (Ok(pairs), false) = (pairs, decoded == Err(FormError::NotUtf8)) {
        let names = pairs.iter().map(|(name, _)| name.as_str());
        let repeated = repeats_a_field(names, wire_names());
        assert_eq!(repeated, decoded == Err(FormError::Repeated), "{decoded:?}");
    }
    let Ok(form) = decoded else { return };
    let encoded = serde_urlencoded::to_string(&form).expect("a decoded form encodes");
    assert_eq!(
        LetterForm::decode(BodyFormat::Form, encoded.as_bytes()),
        Ok(form)
    );
});
