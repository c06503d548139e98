//! A whole letter's messages: any body the no-JavaScript form sends that
//! composes into a letter, for a campaign writing to both chambers and
//! delivering, becomes for each of its offices, in both text placements, a
//! message a strict XML parser reads and that keeps our own rules.
#![no_main]

use letters_core::campaign::Campaign;
use letters_core::cwc::{CwcMessage, CwcVariant, DeliveryAgent, TextPlacement};
use letters_core::domain::{DistrictChoice, StateCode};
use letters_core::fixtures::{CONGRESS, delivering_catalog, delivery_agent};
use letters_core::language::Language;
use letters_core::letter::form::BodyFormat;
use letters_core::letter::{Letter, LetterForm};
use letters_core::members::Members;
use letters_core::offices::offices_of;
use letters_core::recipients::Addressing;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, LazyLock};
use time::{Duration, OffsetDateTime};

static CAMPAIGN: LazyLock<Arc<Campaign>> = LazyLock::new(|| {
    let slug = letters_core::domain::CampaignSlug::parse(CONGRESS).expect("a slug");
    delivering_catalog()
        .get(&slug)
        .expect("the campaign to both chambers")
});
static MEMBERS: LazyLock<Members> =
    LazyLock::new(|| Members::bundled().expect("bundled members load"));
static AGENT: LazyLock<DeliveryAgent> = LazyLock::new(delivery_agent);

/// The form's state's members, with the district it names if that is a
/// seat of the state, else the state's first seat.
fn addressing(form: &LetterForm) -> Addressing {
    let Ok(state) = StateCode::parse(&form.state) else {
        return Addressing::Incomplete;
    };
    let seats = MEMBERS.seats(state);
    let named = DistrictChoice::parse(&form.district).map(|choice| choice.district());
    let district = named
        .ok()
        .filter(|district| seats.contains(district))
        .or_else(|| seats.first().copied());
    Addressing::for_place(&CAMPAIGN.targets, &MEMBERS, state, district, None)
}

fuzz_target!(|body: &[u8]| {
    let Ok(form) = LetterForm::decode(BodyFormat::Form, body) else {
        return;
    };
    let now = OffsetDateTime::from_unix_timestamp(1_767_225_600).expect("a valid time");
    let Ok(letter) = Letter::compose(
        &form,
        &CAMPAIGN,
        Language::En,
        &addressing(&form),
        now,
        Duration::DAY,
    ) else {
        return;
    };
    for (office, _) in offices_of(&letter, &MEMBERS) {
        let chamber = office.chamber();
        for placement in [TextPlacement::ByEdit, TextPlacement::Constituent] {
            let message = CwcMessage::compose(
                &letter,
                &office,
                &CAMPAIGN,
                &AGENT,
                "Example Advocacy Coalition",
                now,
                placement,
            );
            assert_eq!(message.problems(chamber), Vec::<String>::new());
            let xml = message.to_xml(&CwcVariant::default_for(chamber));
            if let Err(error) = roxmltree::Document::parse(&xml) {
                panic!("not well-formed ({error}): {xml}");
            }
        }
    }
});
