//! Fixtures shared by unit tests, integration tests and benchmarks (with
//! the `fixtures` feature): the launch campaign and catalogs around it, a
//! valid letter form, and composed letters.

use crate::campaign::{Campaign, CampaignCatalog};
use crate::confirm::ConfirmationEmails;
use crate::cwc::CwcMessage;
use crate::domain::CampaignSlug;
use crate::letter::{Letter, LetterForm};
use crate::senators::SenatorDirectory;
use crate::settings::DeliveryAgent;
use crate::settings::Sponsor;
use time::OffsetDateTime;

/// The launch campaign's slug.
pub const LAUNCH: &str = "sesta";
/// A closed campaign in [`test_catalog`].
pub const CLOSED: &str = "closed-demo";
/// A second open campaign in [`test_catalog`], when asked for.
pub const OTHER_OPEN: &str = "other-demo";

const LAUNCH_FILE: &str = include_str!("../campaigns/sesta.toml");

pub fn launch_campaign() -> Campaign {
    let slug = CampaignSlug::parse(LAUNCH).unwrap();
    CampaignCatalog::bundled()
        .unwrap()
        .get(&slug)
        .unwrap()
        .clone()
}

/// The launch campaign plus a closed one and, when `several_open`, a
/// second open one, all built from the launch campaign's file.
pub fn test_catalog(several_open: bool) -> CampaignCatalog {
    let variant = |slug: &str, status: &str| {
        LAUNCH_FILE
            .replace("slug = \"sesta\"", &format!("slug = \"{slug}\""))
            .replace("status = \"open\"", &format!("status = \"{status}\""))
    };
    let mut sources = vec![
        ("sesta.toml".to_owned(), LAUNCH_FILE.to_owned()),
        ("closed.toml".to_owned(), variant(CLOSED, "closed")),
    ];
    if several_open {
        sources.push(("other.toml".to_owned(), variant(OTHER_OPEN, "open")));
    }
    CampaignCatalog::from_sources(
        sources
            .iter()
            .map(|(name, text)| (name.clone(), text.as_str())),
    )
    .unwrap()
}

/// The launch campaign as it would be with `delivery = "cwc"`.
pub fn delivering_campaign() -> Campaign {
    delivering_catalog()
        .get(&CampaignSlug::parse(LAUNCH).unwrap())
        .unwrap()
        .clone()
}

/// The launch campaign delivering its letters, and the closed one.
pub fn delivering_catalog() -> CampaignCatalog {
    let delivering = format!("delivery = \"cwc\"\n{LAUNCH_FILE}");
    let closed = LAUNCH_FILE
        .replace("slug = \"sesta\"", &format!("slug = \"{CLOSED}\""))
        .replace("status = \"open\"", "status = \"closed\"");
    CampaignCatalog::from_sources([
        ("sesta.toml".to_owned(), delivering.as_str()),
        ("closed.toml".to_owned(), closed.as_str()),
    ])
    .unwrap()
}

/// A valid form from `email` in `state`, with the campaign's own letter.
pub fn letter_form(state: &str, email: &str) -> LetterForm {
    let campaign = launch_campaign();
    LetterForm {
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        email: email.into(),
        street: "1 Congress Ave".into(),
        city: "Austin".into(),
        state: state.into(),
        zip: "78701".into(),
        subject: campaign.letter.subject.to_string(),
        body: campaign.letter.body.to_string(),
        closing: "Sincerely".into(),
        // Optional fields left empty, the opt-in unticked.
        ..LetterForm::default()
    }
}

/// `form` composed for the launch campaign now, kept a year.
pub fn compose_letter(form: &LetterForm) -> Letter {
    Letter::compose(
        form,
        &launch_campaign(),
        &SenatorDirectory::bundled().unwrap(),
        OffsetDateTime::now_utc(),
        time::Duration::days(365),
    )
    .unwrap()
}

/// A letter from `email` in Portland, Maine, to the launch campaign
/// delivering its letters: from "Ms." Ada Lovelace (made up, address and
/// phone too), to Senators Collins (`SME02`) and King (`SME01`).
pub fn delivering_letter(email: &str) -> Letter {
    let mut form = letter_form("ME", email);
    form.prefix = "Ms.".into();
    form.street = "12 Harbor Road".into();
    form.city = "Portland".into();
    form.zip = "04101".into();
    form.phone = "207-555-0143".into();
    Letter::compose(
        &form,
        &delivering_campaign(),
        &SenatorDirectory::bundled().unwrap(),
        OffsetDateTime::now_utc(),
        time::Duration::days(365),
    )
    .unwrap()
}

/// A letter from `email` in `state` to the launch campaign.
pub fn letter_from(state: &str, email: &str) -> Letter {
    compose_letter(&letter_form(state, email))
}

/// A letter from `email` in Texas to the launch campaign.
pub fn letter(email: &str) -> Letter {
    compose_letter(&letter_form("TX", email))
}

/// Confirmations as the demo sponsor sends them, linking to
/// `https://letters.example.org`.
pub fn emails() -> ConfirmationEmails {
    ConfirmationEmails::new(
        CampaignCatalog::bundled().unwrap(),
        SenatorDirectory::bundled().unwrap(),
        Sponsor::demo(),
        "https://letters.example.org".parse().unwrap(),
    )
}

/// A delivery agent with made-up details.
pub fn delivery_agent() -> DeliveryAgent {
    DeliveryAgent {
        name: "Example Advocacy Coalition".into(),
        ack_email: crate::domain::EmailAddress::parse("cwc-acks@example.org").unwrap(),
        contact_name: "Grace Hopper".into(),
        contact_email: crate::domain::EmailAddress::parse("grace@example.org").unwrap(),
        contact_phone: crate::domain::PhoneNumber::parse("202-555-0100").unwrap(),
    }
}

/// `letter`'s message to the office `office`, in the delivering launch campaign.
pub fn cwc_message(letter: &Letter, office: &str) -> CwcMessage {
    CwcMessage::compose(
        letter,
        &crate::domain::OfficeCode::parse(office).unwrap(),
        &delivering_campaign(),
        &delivery_agent(),
        "Example Advocacy Coalition",
    )
}
