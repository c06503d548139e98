//! Fixtures for the unit tests: the launch campaign and a valid letter form.

use crate::campaign::{Campaign, CampaignCatalog};
use crate::domain::CampaignSlug;
use crate::letter::LetterForm;

pub fn launch_campaign() -> Campaign {
    let catalog = CampaignCatalog::bundled().unwrap();
    catalog
        .get(&CampaignSlug::parse("sesta").unwrap())
        .unwrap()
        .clone()
}

/// A valid form from `email` in `state`, with the campaign's own letter.
pub fn letter_form(state: &str, email: &str) -> LetterForm {
    let campaign = launch_campaign();
    LetterForm {
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        email: email.into(),
        street: "1 Main St".into(),
        city: "Austin".into(),
        state: state.into(),
        zip: "78701".into(),
        subject: campaign.letter.subject.to_string(),
        message: campaign.letter.body.to_string(),
        closing: "Sincerely".into(),
        opt_in: false,
    }
}
