//! The body the page's script and API clients send. Any bytes are a form or
//! a typed refusal, never a panic; what decodes was a JSON object (or one
//! but for a lone surrogate escaped), and reads back the same after it is
//! encoded again.
#![no_main]

use letters_core::letter::LetterForm;
use letters_core::letter::form::BodyFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let Ok(form) = LetterForm::decode(BodyFormat::Json, body) else {
        return;
    };
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => assert!(value.is_object(), "only an object is a letter"),
        // Only an escaped lone surrogate, read as U+FFFF so that its field
        // refuses it, makes a form of a body serde_json does not take.
        Err(_) => assert!(body.windows(2).any(|pair| pair == b"\\u"), "{body:?}"),
    }
    let encoded = serde_json::to_vec(&form).expect("a decoded form encodes");
    assert_eq!(LetterForm::decode(BodyFormat::Json, &encoded), Ok(form));
});
