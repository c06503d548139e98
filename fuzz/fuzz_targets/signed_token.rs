//! Signed tokens as they come back from strangers. Any text opens to
//! nothing unless this key signed it, never a panic; a payload signed for a
//! purpose opens to itself for that purpose only.
#![no_main]

use letters_fuzz::fuzz_key;
use libfuzzer_sys::fuzz_target;

const PURPOSE: &str = "form:sesta";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let key = fuzz_key();
    if let Some(payload) = key.open(PURPOSE, text) {
        assert!(key.sign(PURPOSE, payload).eq_ignore_ascii_case(text));
    }
    let signed = key.sign(PURPOSE, text);
    assert_eq!(key.open(PURPOSE, &signed), Some(text));
    assert_eq!(key.open("withdraw", &signed), None);
});
