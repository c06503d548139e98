//! A whole letter as the no-JavaScript form sends it: decoded, every field
//! parsed, addressed to the state's members as the launch campaign's
//! targets choose them. It is a letter or a message
//! per field, never a panic: a letter holds exactly the parsed fields, goes
//! to someone, and reads back as stored; a refusal names every field that
//! failed to parse, each with a message.
#![no_main]

use letters_core::campaign::CampaignCatalog;
use letters_core::domain::StateCode;
use letters_core::language::Language;
use letters_core::letter::StoredLetter;
use letters_core::letter::form::BodyFormat;
use letters_core::letter::{Letter, LetterFields, LetterForm};
use letters_core::members::Members;
use letters_core::recipients::Addressing;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use time::{Duration, OffsetDateTime};

static CATALOG: LazyLock<CampaignCatalog> =
    LazyLock::new(|| CampaignCatalog::bundled().expect("bundled campaigns load"));
static MEMBERS: LazyLock<Members> =
    LazyLock::new(|| Members::bundled().expect("bundled members load"));

fuzz_target!(|body: &[u8]| {
    let Ok(form) = LetterForm::decode(BodyFormat::Form, body) else {
        return;
    };
    let campaign = CATALOG.open().next().expect("a campaign is open");
    let now = OffsetDateTime::from_unix_timestamp(1_767_225_600).expect("a valid time");
    let fields = LetterFields::try_from(&form);
    let addressing = match StateCode::parse(&form.state) {
        Ok(state) => Addressing::for_place(&campaign.targets, &MEMBERS, state, None, None),
        Err(_) => Addressing::Incomplete,
    };
    match Letter::compose(
        &form,
        &campaign,
        Language::En,
        &addressing,
        now,
        Duration::days(365),
    ) {
        Ok(letter) => {
            assert_eq!(Ok(&letter.fields), fields.as_ref());
            assert!(!letter.recipients.is_empty());
            let stored =
                serde_json::to_string(&StoredLetter::from(&letter)).expect("a letter serialises");
            let read: StoredLetter =
                serde_json::from_str(&stored).expect("a stored letter reads back");
            assert_eq!(Letter::from(read), letter);
            assert_eq!(letter.supporter_key().len(), 64);
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for (field, message) in errors.iter() {
                assert!(!message.message().trim().is_empty(), "{field:?}");
            }
            if let Err(field_errors) = fields {
                for (field, message) in field_errors.iter() {
                    assert_eq!(errors.get(field), Some(message));
                }
            }
        }
    }
});
