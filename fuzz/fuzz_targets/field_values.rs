//! Every field's parser, given the same text. What a parser accepts is
//! within its limits, holds no control character its kind forbids nor any
//! character a CWC message cannot carry, and reads
//! back as itself (so storing and showing it never changes it); what it
//! refuses comes with a message. An accepted email address also gives an
//! ASCII address to send to that names the same mailbox.
#![no_main]

use letters_core::domain::{
    CampaignSlug, City, Closing, EmailAddress, LetterBody, LetterSubject, LinkTag, OwnWords,
    PersonName, StateCode, Street, ZipCode,
};
use letters_fuzz::check_form_value;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    check_form_value::<PersonName>(input);
    check_form_value::<Street>(input);
    check_form_value::<City>(input);
    check_form_value::<LetterSubject>(input);
    check_form_value::<LetterBody>(input);
    check_form_value::<Option<OwnWords>>(input);
    check_form_value::<ZipCode>(input);
    check_form_value::<StateCode>(input);
    check_form_value::<Closing>(input);
    check_form_value::<Option<PersonName>>(input);
    check_form_value::<Option<LinkTag>>(input);
    check_form_value::<EmailAddress>(input);
    if let Ok(address) = EmailAddress::parse(input) {
        check_email(&address);
    }
    match CampaignSlug::parse(input) {
        Ok(slug) => assert_eq!(CampaignSlug::parse(slug.as_ref()), Ok(slug)),
        Err(error) => assert!(!error.message().trim().is_empty()),
    }
});

fn check_email(address: &EmailAddress) {
    let sending = address.for_sending();
    assert!(sending.is_ascii(), "{sending:?}");
    let resent = EmailAddress::parse(&sending).expect("the address mail goes to is valid");
    assert_eq!(resent.for_sending(), sending);
    assert_eq!(resent.normalized(), address.normalized());
    let normalized = address.normalized();
    assert!(normalized.is_ascii() && normalized == normalized.to_ascii_lowercase());
    if let Ok(again) = EmailAddress::parse(&normalized) {
        assert_eq!(
            again.normalized(),
            normalized,
            "normalising twice changes nothing"
        );
    }
}
