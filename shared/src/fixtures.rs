//! Fixtures shared by unit tests, integration tests and benchmarks (with
//! the `fixtures` feature): the domain's own (`letters_core::fixtures`, all
//! re-exported here), addressing through the ports, confirmation emails, and
//! the golden set of stored letters ([`golden`]).

pub mod golden;

pub use letters_core::fixtures::*;

use crate::adapters::ZctaDistrictTable;
use crate::addressing::Addresser;
use crate::campaign::{Campaign, CampaignCatalog};
use crate::confirm::ConfirmationEmails;
use crate::domain::CampaignSlug;
use crate::letter::{Letter, LetterForm};
use crate::links::LetterLinks;
use crate::members::Members;
use crate::settings::Sponsor;
use std::sync::Arc;
use time::OffsetDateTime;

/// Addresses letters with the bundled members and ZIP-code table, and no
/// geocoder.
pub fn addresser() -> Addresser {
    Addresser::new(
        Members::bundled().unwrap(),
        Arc::new(ZctaDistrictTable::bundled().unwrap()),
    )
}

/// `form` composed for `campaign` now, kept a year, its district found in
/// the bundled ZIP-code table.
pub async fn compose_for(campaign: &Campaign, form: &LetterForm) -> Letter {
    let addressing = addresser().address(campaign, form, false).await;
    Letter::compose(
        form,
        campaign,
        crate::language::Language::En,
        &addressing,
        OffsetDateTime::now_utc(),
        time::Duration::days(365),
    )
    .unwrap()
}

/// [`delivering_letter`]'s form sent to the delivering campaign `slug` of
/// [`delivering_catalog`] ([`CONGRESS`] adds Representative Pingree, `HME01`).
pub async fn delivering_letter_to(slug: &str, email: &str) -> Letter {
    let catalog = delivering_catalog();
    let campaign = catalog.get(&CampaignSlug::parse(slug).unwrap()).unwrap();
    compose_for(&campaign, &delivering_form(email)).await
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
