//! The letter a link in an email names. Any text is a reference or nothing,
//! never a panic; a reference reads back from its own encoding. A payload
//! signed by this deployment (so that the fuzzer reaches past the signature)
//! opens to the reference it holds, or to nothing.
#![no_main]

use letters_core::letter::LetterRef;
use letters_core::links::{LetterLinks, LinkAction};
use letters_fuzz::fuzz_key;
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(reference) = LetterRef::decode(text) {
        assert_eq!(LetterRef::decode(&reference.encode()), Some(reference));
    }
    let token = fuzz_key().sign(LinkAction::Withdraw.path(), text);
    let links = LetterLinks::new(fuzz_key());
    let now = OffsetDateTime::UNIX_EPOCH;
    if let Some(reference) = links.open(LinkAction::Withdraw, &token, now) {
        let (_, named) = text
            .split_once('~')
            .expect("an opened payload has an expiry");
        assert_eq!(LetterRef::decode(named), Some(reference));
    }
    assert_eq!(links.open(LinkAction::Confirm, &token, now), None);
});
