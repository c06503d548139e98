//! A property over every letter the form accepts: for each of its
//! recipients, in both text placements, the message is well-formed XML to
//! a strict parser, carries the supporter's words unchanged, keeps our own
//! rules and is taken by the stand-in for the chamber. Every field is
//! generated with the characters that break XML or the services mixed in
//! (noncharacters, controls, markup, line and direction marks).

use integration_tests::cwc_stand_in;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRng, TestRunner};
use shared::campaign::Campaign;
use shared::cwc::{CwcMessage, CwcVariant, TextPlacement};
use shared::delivery::offices_of;
use shared::domain::{Chamber, PREFIXES, StateCode};
use shared::fixtures::{CONGRESS, delivering_catalog, delivery_agent};
use shared::letter::{Letter, LetterForm};
use shared::members::Members;
use shared::recipients::Addressing;
use std::sync::atomic::{AtomicUsize, Ordering};
use time::OffsetDateTime;

/// Characters the form refuses: what breaks XML 1.0 or the services.
const REFUSED: &[char] = &[
    '\0',
    '\u{1}',
    '\u{8}',
    '\u{B}',
    '\u{C}',
    '\u{1B}',
    '\u{1F}',
    '\r',
    '\u{7F}',
    '\u{85}',
    '\u{9F}',
    '\u{FFFE}',
    '\u{FFFF}',
    '\u{FDD0}',
    '\u{FDEF}',
    '\u{1FFFE}',
    '\u{10FFFF}',
];

/// Characters the form takes that a careless writer of XML would not:
/// markup, a CDATA end, joining marks, private use, the replacement
/// character, other scripts.
const ODD: &[char] = &[
    '<', '>', '&', '"', '\'', ']', '\u{301}', '\u{94D}', '\u{E000}', '\u{FFFD}', '😀', 'é', 'ß',
    '中', 'ا',
];

/// What the form takes in the letter only: marks that join, reverse,
/// separate or hide.
const ODD_IN_LETTER: &[char] = &['\u{200D}', '\u{202E}', '\u{2028}', '\u{FEFF}', '\n', '\t'];

/// Text of ordinary and odd characters (with those only the letter takes
/// in `paragraphs`); when `refused` is not 0, with any character, and
/// those the form refuses, among them.
fn text(
    chars: std::ops::Range<usize>,
    paragraphs: bool,
    refused: u32,
) -> impl Strategy<Value = String> {
    let (in_letter, markup): (&[char], _) = if paragraphs {
        (ODD_IN_LETTER, "A line ]]> & <b>\n\nAnother")
    } else {
        (&[' '], "A line ]]> & <b>")
    };
    let one = prop_oneof![
        40 => proptest::char::range('a', 'z'),
        8 => Just(' '),
        2 => proptest::sample::select(in_letter),
        3 => proptest::sample::select(ODD),
        refused => proptest::sample::select(REFUSED),
        refused => any::<char>(),
    ];
    prop_oneof![
        8 => proptest::collection::vec(one, chars).prop_map(String::from_iter),
        1 => Just(markup.to_owned()),
    ]
}

/// One of `choices`, or (when `refused` is not 0) now and then any text.
fn one_of(choices: Vec<String>, refused: u32) -> impl Strategy<Value = String> {
    prop_oneof![
        12 => proptest::sample::select(choices),
        refused => text(0..12, false, refused),
    ]
}

fn congress_campaign() -> Campaign {
    let slug = shared::domain::CampaignSlug::parse(CONGRESS).unwrap();
    let campaign = delivering_catalog().get(&slug).unwrap();
    std::sync::Arc::unwrap_or_clone(campaign)
}

/// A form as a stranger might fill it, with any text and the characters
/// the form refuses in its fields now and then when `refused` is not 0, and
/// a number that picks a House seat of the state.
fn forms(campaign: &Campaign, refused: u32) -> impl Strategy<Value = (LetterForm, usize)> {
    let states: Vec<String> = StateCode::all().map(|s| s.code().to_owned()).collect();
    let subject = campaign.letter.subject.to_string();
    let body = campaign.letter.body.to_string();
    let line = move |chars| text(chars, false, refused);
    let person = (
        one_of(PREFIXES.iter().map(|p| (*p).to_owned()).collect(), refused),
        line(1..30),
        line(1..30),
        ("[a-z0-9][a-z0-9+]{0,7}", "[a-zé中]{1,8}")
            .prop_map(|(local, host)| format!("{local}@{host}.org")),
        one_of(
            vec![
                "202-555-0143".into(),
                "(512) 555 0100".into(),
                String::new(),
            ],
            refused,
        ),
    );
    let address = (
        line(1..60),
        line(1..40),
        one_of(states, refused),
        one_of(
            vec!["78701".into(), "04101-2212".into(), "96799".into()],
            refused,
        ),
    );
    let letter = (
        prop_oneof![1 => Just(subject), 2 => line(6..80)],
        prop_oneof![1 => Just(body), 2 => text(6..600, true, refused)],
        prop_oneof![1 => Just(String::new()), 2 => text(6..300, true, refused)],
        one_of(vec!["Sincerely".into(), "Thank you".into()], refused),
    );
    (person, address, letter, any::<usize>()).prop_map(
        |(
            (prefix, first_name, last_name, email, phone),
            (street, city, state, zip),
            (subject, body, own_words, closing),
            seat,
        )| {
            let form = LetterForm {
                prefix,
                first_name,
                last_name,
                email,
                phone,
                street,
                city,
                state,
                zip,
                subject,
                body,
                own_words,
                closing,
                ..LetterForm::default()
            };
            (form, seat)
        },
    )
}

/// How the form is addressed: the state's members, with the `seat`-th of
/// its House seats.
fn addressing(
    campaign: &Campaign,
    members: &Members,
    form: &LetterForm,
    seat: usize,
) -> Addressing {
    let Ok(state) = StateCode::parse(&form.state) else {
        return Addressing::Incomplete;
    };
    let seats = members.seats(state);
    let district = (!seats.is_empty()).then(|| seats[seat % seats.len()]);
    Addressing::for_place(&campaign.targets, members, state, district, None)
}

/// The text of `element` in `document`, if it has it.
fn text_of<'a>(document: &'a roxmltree::Document, element: &str) -> Option<&'a str> {
    document
        .descendants()
        .find(|node| node.has_tag_name(element))
        .map(|node| node.text().unwrap_or_default())
}

/// Checks every message `letter` becomes; how many there were.
fn check_messages(
    letter: &Letter,
    campaign: &Campaign,
    members: &Members,
) -> Result<usize, TestCaseError> {
    let agent = delivery_agent();
    let mut messages = 0;
    for (office, _) in offices_of(letter, members) {
        let chamber = office.chamber();
        let stand_in_chamber = match chamber {
            Chamber::Senate => cwc_stand_in::Chamber::Senate,
            Chamber::House => cwc_stand_in::Chamber::House,
        };
        for placement in [TextPlacement::ByEdit, TextPlacement::Constituent] {
            let message = CwcMessage::compose(
                letter,
                &office,
                campaign,
                &agent,
                "Example Coalition",
                letter.created_at,
                placement,
            );
            prop_assert_eq!(message.problems(chamber), Vec::<String>::new());
            let xml = message.to_xml(&CwcVariant::default_for(chamber));
            let document = roxmltree::Document::parse(&xml)
                .map_err(|error| TestCaseError::fail(format!("{error}: {xml}")))?;
            for (element, sent) in [
                ("FirstName", Some(letter.fields.first_name.as_ref())),
                ("Subject", Some(letter.fields.subject.as_ref())),
                (
                    "OrganizationStatement",
                    message.message.organization_statement.as_deref(),
                ),
                (
                    "ConstituentMessage",
                    message.message.constituent_message.as_deref(),
                ),
            ] {
                prop_assert_eq!(text_of(&document, element), sent, "{}", element);
            }
            if let Err(problems) = cwc_stand_in::check(stand_in_chamber, &xml) {
                return Err(TestCaseError::fail(format!("{problems:?}: {xml}")));
            }
            messages += 1;
        }
    }
    Ok(messages)
}

#[test]
fn any_letter_the_form_accepts_becomes_messages_a_strict_parser_and_the_stand_in_take() {
    const CASES: u32 = 1024;
    let campaign = congress_campaign();
    let members = Members::bundled().unwrap();
    let (accepted, messages) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    // The same forms every run, so that the suite stays deterministic; the
    // fuzz target (`cwc_messages`) is where new inputs are sought.
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    let mut runner = TestRunner::new_with_rng(config, rng);
    // Three forms in four of the characters the form takes; the fourth
    // with those it refuses among them too.
    let forms = prop_oneof![3 => forms(&campaign, 0), 1 => forms(&campaign, 1)];
    let result = runner.run(&forms, |(form, seat)| {
        let addressed = addressing(&campaign, &members, &form, seat);
        let now = OffsetDateTime::now_utc();
        let Ok(letter) = Letter::compose(
            &form,
            &campaign,
            shared::language::Language::En,
            &addressed,
            now,
            time::Duration::DAY,
        ) else {
            return Ok(());
        };
        accepted.fetch_add(1, Ordering::Relaxed);
        let checked = check_messages(&letter, &campaign, &members)?;
        messages.fetch_add(checked, Ordering::Relaxed);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let (accepted, messages) = (accepted.into_inner(), messages.into_inner());
    println!("{CASES} forms, {accepted} letters accepted, {messages} messages checked");
    assert!(
        accepted * 4 >= CASES as usize,
        "only {accepted} of {CASES} generated forms were letters: the property says little"
    );
}
