//! The body the page's script and API clients send. Any bytes are a form or
//! a typed refusal, never a panic; what decodes was a JSON object, and reads
//! back the same after it is encoded again.
#![no_main]

use letters_core::letter::LetterForm;
use letters_core::letter::form::BodyFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let Ok(form) = LetterForm::decode(BodyFormat::Json, body) else {
        return;
    };
    let value: serde_json::Value = serde_json::from_slice(body).expect("decoded JSON is JSON");
    assert!(value.is_object(), "only an object is a letter");
    let encoded = serde_json::to_vec(&form).expect("a decoded form encodes");
    assert_eq!(LetterForm::decode(BodyFormat::Json, &encoded), Ok(form));
});
