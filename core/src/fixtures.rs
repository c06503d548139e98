//! Fixtures shared by unit tests, the crates above and benchmarks (with the
//! `fixtures` feature): the launch campaign and catalogs around it, a valid
//! letter form, composed letters, and CWC messages.

use crate::campaign::{Campaign, CampaignCatalog};
use crate::cwc::{CwcMessage, DeliveryAgent, TextPlacement};
use crate::districts::ZctaDistrictTable;
use crate::domain::{CampaignSlug, StateCode};
use crate::letter::{Letter, LetterForm};
use crate::members::Members;
use crate::recipients::Addressing;
use crate::signing::SigningKey;
use std::sync::Arc;
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
        .map(Arc::unwrap_or_clone)
        .unwrap()
}

/// A catalog of the launch campaign alone, its file with `lines` (keys of
/// its own, such as `allowed_origins` or `sources`) put first.
pub fn launch_catalog_with(lines: &str) -> CampaignCatalog {
    let text = format!("{lines}\n{LAUNCH_FILE}");
    CampaignCatalog::from_sources([("sesta.toml".to_owned(), text.as_str())]).unwrap()
}

/// A catalog of the launch campaign without its Spanish copy (its `[es]`
/// table and what follows it, up to `[cwc]`): a campaign in English only.
pub fn english_only_catalog() -> CampaignCatalog {
    let (before, spanish) = LAUNCH_FILE.split_once("\n[es]\n").unwrap();
    let (_, after) = spanish.split_once("\n[cwc]\n").unwrap();
    let text = format!("{before}\n[cwc]\n{after}");
    CampaignCatalog::from_sources([("sesta.toml".to_owned(), text.as_str())]).unwrap()
}

/// The launch campaign as it would be listing `sources` (`source` codes).
pub fn campaign_listing_sources(sources: &[&str]) -> Campaign {
    let listed: Vec<String> = sources.iter().map(|code| format!("{code:?}")).collect();
    launch_catalog_with(&format!("sources = [{}]", listed.join(", ")))
        .get(&CampaignSlug::parse(LAUNCH).unwrap())
        .map(Arc::unwrap_or_clone)
        .unwrap()
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
        .map(Arc::unwrap_or_clone)
        .unwrap()
}

/// A delivering campaign in [`delivering_catalog`] that holds each letter
/// until its supporter confirms it (`verify_email = true`).
pub const VERIFYING: &str = "verifying-demo";
/// A delivering campaign in [`delivering_catalog`] writing to both chambers.
pub const CONGRESS: &str = "congress-demo";

/// The launch campaign delivering its letters, the closed one, and the
/// delivering [`VERIFYING`] and [`CONGRESS`] campaigns.
pub fn delivering_catalog() -> CampaignCatalog {
    let delivering = format!("delivery = \"cwc\"\n{LAUNCH_FILE}");
    let variant =
        |slug: &str| delivering.replace("slug = \"sesta\"", &format!("slug = \"{slug}\""));
    let closed = variant(CLOSED).replace("status = \"open\"", "status = \"closed\"");
    let verifying = format!("verify_email = true\n{}", variant(VERIFYING));
    let congress = variant(CONGRESS).replace("targets = \"senators\"", "targets = \"congress\"");
    CampaignCatalog::from_sources([
        ("sesta.toml".to_owned(), delivering.as_str()),
        ("closed.toml".to_owned(), closed.as_str()),
        ("verifying.toml".to_owned(), verifying.as_str()),
        ("congress.toml".to_owned(), congress.as_str()),
    ])
    .unwrap()
}

/// The launch campaign plus an open campaign for each `(slug, targets)`,
/// `targets` as a campaign file writes it (`"congress"`, say).
pub fn catalog_with_targets(campaigns: &[(&str, &str)]) -> CampaignCatalog {
    let mut sources = vec![("sesta.toml".to_owned(), LAUNCH_FILE.to_owned())];
    for (slug, targets) in campaigns {
        let file = LAUNCH_FILE
            .replace("slug = \"sesta\"", &format!("slug = \"{slug}\""))
            .replace("targets = \"senators\"", &format!("targets = {targets}"));
        sources.push((format!("{slug}.toml"), file));
    }
    CampaignCatalog::from_sources(
        sources
            .iter()
            .map(|(name, text)| (name.clone(), text.as_str())),
    )
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
        zip: zip_in(state),
        subject: campaign.letter.subject.to_string(),
        body: campaign.letter.body.to_string(),
        closing: "Sincerely".into(),
        // Optional fields left empty, the opt-in unticked.
        ..LetterForm::default()
    }
}

/// A ZIP code in `state`: Austin's in Texas, where most tests write from,
/// else the state's first in the ZIP-code table (or one the table does not
/// know, for a state it has none of).
pub fn zip_in(state: &str) -> String {
    let Ok(state) = StateCode::parse(state) else {
        return "78701".into();
    };
    if state.code() == "TX" {
        return "78701".into();
    }
    let table = ZctaDistrictTable::bundled().unwrap();
    table
        .zctas()
        .iter()
        .find(|zcta| table.districts(**zcta).any(|d| d.state() == state))
        .map_or_else(|| "20500".into(), |zcta| format!("{zcta:05}"))
}

/// How `form` is addressed for `campaign`, a campaign that needs no
/// district (as the launch campaign does not).
pub fn addressing(campaign: &Campaign, form: &LetterForm) -> Addressing {
    let members = Members::bundled().unwrap();
    match StateCode::parse(&form.state) {
        Ok(state) => Addressing::for_place(&campaign.targets, &members, state, None, None),
        Err(_) => Addressing::Incomplete,
    }
}

/// `form` composed for the launch campaign now, kept a year.
pub fn compose_letter(form: &LetterForm) -> Letter {
    let campaign = launch_campaign();
    Letter::compose(
        form,
        &campaign,
        crate::language::Language::En,
        &addressing(&campaign, form),
        OffsetDateTime::now_utc(),
        time::Duration::days(365),
    )
    .unwrap()
}

/// A letter from `email` in Portland, Maine, to the launch campaign
/// delivering its letters: from "Ms." Ada Lovelace (made up, address and
/// phone too), to Senators Collins (`SME02`) and King (`SME01`).
pub fn delivering_letter(email: &str) -> Letter {
    let campaign = delivering_campaign();
    let form = delivering_form(email);
    Letter::compose(
        &form,
        &campaign,
        crate::language::Language::En,
        &addressing(&campaign, &form),
        OffsetDateTime::now_utc(),
        time::Duration::days(365),
    )
    .unwrap()
}

/// The form of [`delivering_letter`].
pub fn delivering_form(email: &str) -> LetterForm {
    let mut form = letter_form("ME", email);
    form.prefix = "Ms.".into();
    form.street = "12 Harbor Road".into();
    form.city = "Portland".into();
    form.zip = "04101".into();
    form.phone = "207-555-0143".into();
    form
}

/// A letter from `email` in `state` to the launch campaign.
pub fn letter_from(state: &str, email: &str) -> Letter {
    compose_letter(&letter_form(state, email))
}

/// A letter from `email` in Texas to the launch campaign.
pub fn letter(email: &str) -> Letter {
    compose_letter(&letter_form("TX", email))
}

/// The key fixtures sign with.
pub fn signing_key() -> SigningKey {
    SigningKey::from_secret(&"fixture-key-".repeat(4)).unwrap()
}

/// A delivery agent with made-up details.
pub fn delivery_agent() -> DeliveryAgent {
    DeliveryAgent {
        senate_name: "Example Advocacy Coalition".into(),
        house_name: "Example Advocacy Coalition".into(),
        ack_email: crate::domain::EmailAddress::parse("cwc-acks@example.org").unwrap(),
        contact_name: "Grace Hopper".into(),
        contact_email: crate::domain::EmailAddress::parse("grace@example.org").unwrap(),
        contact_phone: crate::domain::PhoneNumber::parse("202-555-0100").unwrap(),
    }
}

/// `letter`'s message to the office `office`, in the delivering launch
/// campaign, sent the moment the letter was written, its text placed as
/// by default.
pub fn cwc_message(letter: &Letter, office: &str) -> CwcMessage {
    cwc_message_placed(letter, office, TextPlacement::default())
}

/// [`cwc_message`] with its text placed as `placement` says.
pub fn cwc_message_placed(letter: &Letter, office: &str, placement: TextPlacement) -> CwcMessage {
    CwcMessage::compose(
        letter,
        &crate::members::OfficeCode::parse(office).unwrap(),
        &delivering_campaign(),
        &delivery_agent(),
        "Example Advocacy Coalition",
        letter.created_at,
        placement,
    )
}

/// The phrases in `text` (a page or an email, its tags set aside) that
/// would say a letter reached an office or left for one: what no page or
/// email may say of a letter no office accepted.
pub fn delivery_claims(text: &str) -> Vec<&'static str> {
    const CLAIMS: [&str; 16] = [
        "delivered to",
        "is delivered",
        "was delivered",
        "been delivered",
        "being delivered",
        "delivered on",
        "sent to",
        "you sent",
        "letters sent",
        "was sent",
        "been sent",
        "on its way",
        "went to",
        "went there",
        "has reached",
        "is with the office",
    ];
    let mut visible = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                visible.push(' ');
            }
            _ if !in_tag => visible.push(c),
            _ => {}
        }
    }
    let visible = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let visible = visible.to_lowercase();
    CLAIMS
        .into_iter()
        .filter(|claim| visible.contains(claim))
        .collect()
}
