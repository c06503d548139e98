//! Fixtures shared by unit tests, integration tests and benchmarks (with
//! the `fixtures` feature): the launch campaign and catalogs around it, a
//! valid letter form, and composed letters.

use crate::adapters::ZctaDistrictTable;
use crate::addressing::Addresser;
use crate::campaign::{Campaign, CampaignCatalog};
use crate::confirm::ConfirmationEmails;
use crate::domain::{CampaignSlug, StateCode};
use crate::letter::{Letter, LetterForm};
use crate::links::LetterLinks;
use crate::members::Members;
use crate::recipients::Addressing;
use crate::settings::Sponsor;
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

/// Addresses letters with the bundled members and ZIP-code table, and no
/// geocoder.
pub fn addresser() -> Addresser {
    Addresser::new(
        Members::bundled().unwrap(),
        Arc::new(ZctaDistrictTable::bundled().unwrap()),
    )
}

/// `form` composed for the launch campaign now, kept a year.
pub fn compose_letter(form: &LetterForm) -> Letter {
    let campaign = launch_campaign();
    Letter::compose(
        form,
        &campaign,
        &addressing(&campaign, form),
        OffsetDateTime::now_utc(),
        time::Duration::days(365),
    )
    .unwrap()
}

/// `form` composed for `campaign` now, kept a year, its district found in
/// the bundled ZIP-code table.
pub async fn compose_for(campaign: &Campaign, form: &LetterForm) -> Letter {
    let addressing = addresser().address(campaign, form, false).await;
    Letter::compose(
        form,
        campaign,
        &addressing,
        OffsetDateTime::now_utc(),
        time::Duration::days(365),
    )
    .unwrap()
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
        Members::bundled().unwrap(),
        Sponsor::demo(),
        "https://letters.example.org".parse().unwrap(),
        LetterLinks::new(signing_key()),
    )
}

/// The key fixtures sign with.
pub fn signing_key() -> SigningKey {
    SigningKey::from_secret(&"fixture-key-".repeat(4)).unwrap()
}
