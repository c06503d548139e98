//! Every kind of letter our builder turns into messages, for both chambers,
//! read back by a strict XML parser (roxmltree, not the quick-xml that
//! wrote it) and sent through the stand-in: the supporter's Senators, their
//! Representative, both, a whole state delegation by name, an at-large seat,
//! the delegates of DC and American Samoa, the longest letter the form
//! takes, and a letter full of what XML must escape.

use integration_tests::cwc_stand_in::{self, StandIn};
use integration_tests::delivery::{keys, settings};
use shared::adapters::HttpDelivery;
use shared::campaign::{Campaign, Targets};
use shared::cwc::{CwcMessage, TextPlacement};
use shared::domain::{
    Chamber, City, District, LetterBody, LetterSubject, PersonName, StateCode, Street,
};
use shared::fixtures::{delivering_campaign, delivering_form, delivery_agent, zip_in};
use shared::letter::{Letter, LetterForm};
use shared::members::Members;
use shared::ports::Delivery;
use shared::recipients::Addressing;
use shared::settings::CwcVariant;
use std::time::Duration;

/// A letter to compose: from `state` (in `district`, when the targets need
/// it) to `targets`, its form changed by `edit`.
struct Case {
    name: &'static str,
    targets: Targets,
    state: &'static str,
    district: Option<&'static str>,
    edit: fn(&mut LetterForm),
    /// The offices it must reach.
    offices: &'static [&'static str],
}

fn unchanged(_: &mut LetterForm) {}

/// Every field as long as the form lets it be.
fn longest(form: &mut LetterForm) {
    // Words up to `n - 1` characters and a full stop: nothing to trim.
    let prose = |n: usize| {
        let words: String = "Lorem ipsum dolor sit amet "
            .chars()
            .cycle()
            .take(n - 1)
            .collect();
        words + "."
    };
    form.first_name = prose(PersonName::MAX_CHARS);
    form.last_name = prose(PersonName::MAX_CHARS);
    form.street = prose(Street::MAX_CHARS);
    form.city = prose(City::MAX_CHARS);
    form.subject = prose(LetterSubject::MAX_CHARS);
    form.body = prose(LetterBody::MAX_CHARS);
}

/// Every character XML escapes or must keep, in every field that takes it;
/// carriage returns as a form sends them, before each line feed (a lone one
/// is a control character the form refuses).
fn escaped(form: &mut LetterForm) {
    form.first_name = "D'Andre \"Dre\"".into();
    form.last_name = "O'Brien & <Sons>".into();
    form.street = "12 \"Elm\" & <Oak> St.".into();
    form.city = "Coeur d'Alene".into();
    form.subject = "Ask: is 3 < 4 & 5 > 4? \"Yes\" and 'yes'".into();
    form.body = "Dear Senator,\r\n\r\n\tR&D <now>, \"please\" & 'soon'.\r\nA ]]> too.".into();
}

/// The letter as the Spanish page offers it: it goes to the offices as
/// written, with nothing in English added.
fn in_spanish(form: &mut LetterForm) {
    let campaign = shared::fixtures::launch_campaign();
    let offered = campaign.copy(shared::language::Language::Es);
    form.subject = offered.subject.to_string();
    form.body = offered.body.to_string();
    form.closing = "Atentamente".into();
}

fn cases(members: &Members) -> Vec<Case> {
    let maine = StateCode::parse("ME").unwrap();
    let delegation: Vec<_> = members
        .senators(maine)
        .into_iter()
        .chain(
            members
                .seats(maine)
                .into_iter()
                .filter_map(|seat| members.representative(seat)),
        )
        .map(|member| member.bioguide.clone())
        .collect();
    vec![
        Case {
            name: "the supporter's Senators",
            targets: Targets::Senators,
            state: "ME",
            district: None,
            edit: unchanged,
            offices: &["SME01", "SME02"],
        },
        Case {
            name: "the supporter's Representative",
            targets: Targets::Representative,
            state: "TX",
            district: Some("TX-37"),
            edit: unchanged,
            offices: &["HTX37"],
        },
        Case {
            name: "both Senators and the Representative",
            targets: Targets::Congress,
            state: "TX",
            district: Some("TX-37"),
            edit: unchanged,
            offices: &["STX01", "STX02", "HTX37"],
        },
        Case {
            name: "a whole state delegation by name",
            targets: Targets::Members {
                members: delegation,
                only_representing: false,
            },
            state: "ME",
            district: None,
            edit: unchanged,
            offices: &["SME01", "SME02", "HME01", "HME02"],
        },
        Case {
            name: "an at-large seat",
            targets: Targets::Congress,
            state: "WY",
            district: Some("WY-00"),
            edit: unchanged,
            offices: &["SWY01", "SWY02", "HWY00"],
        },
        Case {
            name: "DC's delegate",
            targets: Targets::Representative,
            state: "DC",
            district: Some("DC-00"),
            edit: unchanged,
            offices: &["HDC00"],
        },
        Case {
            name: "American Samoa's delegate",
            targets: Targets::Representative,
            state: "AS",
            district: Some("AS-00"),
            edit: unchanged,
            offices: &["HAQ00"],
        },
        Case {
            name: "the longest letter the form takes",
            targets: Targets::Congress,
            state: "TX",
            district: Some("TX-37"),
            edit: longest,
            offices: &["STX01", "STX02", "HTX37"],
        },
        Case {
            name: "a letter written in Spanish",
            targets: Targets::Senators,
            state: "TX",
            district: None,
            edit: in_spanish,
            offices: &["STX01", "STX02"],
        },
        Case {
            name: "every character XML escapes",
            targets: Targets::Congress,
            state: "TX",
            district: Some("TX-37"),
            edit: escaped,
            offices: &["STX01", "STX02", "HTX37"],
        },
    ]
}

/// The letter of `case`, written now to the delivering launch campaign
/// retargeted as the case says.
fn compose(case: &Case, members: &Members) -> (Letter, Campaign) {
    let mut campaign = delivering_campaign();
    campaign.targets = case.targets.clone();
    let mut form = delivering_form("ada@example.org");
    form.state = case.state.into();
    form.zip = zip_in(case.state);
    (case.edit)(&mut form);
    let state = StateCode::parse(case.state).unwrap();
    let district = case.district.map(|d| District::parse(d).unwrap());
    let addressing = Addressing::for_place(&campaign.targets, members, state, district, None);
    let letter = Letter::compose(
        &form,
        &campaign,
        shared::language::Language::En,
        &addressing,
        time::OffsetDateTime::now_utc(),
        time::Duration::days(1),
    )
    .unwrap_or_else(|errors| panic!("{}: {errors:?}", case.name));
    (letter, campaign)
}

fn stand_in_chamber(chamber: Chamber) -> cwc_stand_in::Chamber {
    match chamber {
        Chamber::Senate => cwc_stand_in::Chamber::Senate,
        Chamber::House => cwc_stand_in::Chamber::House,
    }
}

#[tokio::test]
async fn every_message_our_builder_makes_parses_strictly_and_passes_the_stand_in() {
    let members = Members::bundled().unwrap();
    let cases = cases(&members);
    let offices: Vec<&str> = cases
        .iter()
        .flat_map(|case| case.offices.iter().copied())
        .collect();
    let stand_in = StandIn::start(&offices).await;
    let service = HttpDelivery::new(
        &settings(&stand_in, CwcVariant::default_for(Chamber::Senate), 1000.0),
        keys(),
        Duration::from_secs(10),
    )
    .unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let (letter, campaign) = compose(case, &members);
        let mut reached = Vec::new();
        for member in members.of_recipients(&letter.recipients) {
            let office = member.office();
            let chamber = office.chamber();
            reached.push(office.to_string());
            let message = CwcMessage::compose(
                &letter,
                &office,
                &campaign,
                &delivery_agent(),
                cwc_stand_in::AGENT,
                time::OffsetDateTime::now_utc(),
                TextPlacement::default(),
            );
            let mut problems: Vec<String> = message
                .problems(chamber)
                .into_iter()
                .map(|problem| format!("our rules: {problem}"))
                .collect();
            let xml = message.to_xml(&CwcVariant::default_for(chamber));
            if let Err(error) = roxmltree::Document::parse(&xml) {
                problems.push(format!("roxmltree: {error}"));
            }
            match cwc_stand_in::check(stand_in_chamber(chamber), &xml) {
                Ok(root) => {
                    let texts = ["OrganizationStatement", "ConstituentMessage"]
                        .map(|text| root.text_at(&["Message", text]));
                    if !texts.contains(&Some(letter.fields.body.as_ref())) {
                        problems.push(
                            "the letter's body is not one of the message's texts as written".into(),
                        );
                    }
                    if root.text_at(&["Constituent", "LastName"])
                        != Some(letter.fields.last_name.as_ref())
                    {
                        problems.push("the last name is not as written".into());
                    }
                }
                Err(found) => problems.extend(
                    found
                        .into_iter()
                        .map(|problem| format!("stand-in: {problem}")),
                ),
            }
            if let Err(error) = service.submit(chamber, &xml).await {
                problems.push(format!("sent: {error}"));
            }
            if !problems.is_empty() {
                failures.push(format!(
                    "{} to {office}: {}",
                    case.name,
                    problems.join("; ")
                ));
            }
        }
        reached.sort();
        let mut expected = case.offices.to_vec();
        expected.sort();
        if reached != expected {
            failures.push(format!(
                "{}: sent to {reached:?}, not {expected:?}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
