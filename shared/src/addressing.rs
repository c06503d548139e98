//! Addressing a letter: the supporter's district, when the campaign's
//! targets need it, from the ZIP-code table; where the ZIP code spans
//! districts, from an address geocoder if one answers and agrees with the
//! table; else from the supporter, asked. Then the targets among the
//! members who represent them (`crate::recipients`).

use crate::campaign::Campaign;
use crate::domain::{City, DistrictChoice, FormValue, StateCode, Street, ZipCode};
use crate::letter::LetterForm;
use crate::members::Members;
use crate::ports::{DistrictLookup, PostalAddress};
use crate::recipients::{Addressing, Ask, Settled, settle_district};
use std::sync::Arc;

/// Finds the recipients of letters: built once per process.
pub struct Addresser {
    pub members: Members,
    districts: Arc<dyn DistrictLookup>,
}

impl Addresser {
    pub fn new(members: Members, districts: Arc<dyn DistrictLookup>) -> Self {
        Self { members, districts }
    }

    /// The snapshot date of the ZIP-code table, for staff to see.
    pub fn table_date(&self) -> &str {
        self.districts.table_date()
    }

    /// Whom the letter in `form` goes to for `campaign`, or what to ask.
    /// The geocoder is asked only when `may_geocode` (the form passed the
    /// checks that keep bots from sending addresses out).
    pub async fn address(
        &self,
        campaign: &Campaign,
        form: &LetterForm,
        may_geocode: bool,
    ) -> Addressing {
        let targets = &campaign.targets;
        let Ok(state) = StateCode::parse(&form.state) else {
            return Addressing::Incomplete;
        };
        if let Ok(zip) = ZipCode::parse(&form.zip) {
            let states = self.districts.states_of(&zip);
            if !states.is_empty() && !states.contains(&state) {
                return Addressing::zip_elsewhere(state, &states);
            }
        }
        if !targets.needs_district(&self.members, state) {
            return Addressing::for_place(targets, &self.members, state, None, None);
        }
        let Ok(zip) = ZipCode::parse(&form.zip) else {
            return Addressing::Incomplete;
        };
        // A choice that does not parse has its own field error; the question
        // is asked as if none was given, so the form can offer the choices.
        let choice = <Option<DistrictChoice>>::parse(&form.district)
            .ok()
            .flatten();
        let table = self.districts.candidates(state, &zip);
        let (district, answered) =
            match settle_district(&self.members, state, &zip, table, choice.as_ref()) {
                Settled::Certain(district) => (district, None),
                Settled::Chosen(district, question) => (district, Some(question)),
                Settled::Ask(question) if matches!(question.reason, Ask::NotACandidate(_)) => {
                    return Addressing::ask(question);
                }
                Settled::Ask(question) if !may_geocode => return Addressing::ask(question),
                Settled::Ask(question) => match self.geocode(form, state, zip).await {
                    Some(district) if question.candidates.contains(&district) => (district, None),
                    _ => return Addressing::ask(question),
                },
            };
        Addressing::for_place(targets, &self.members, state, Some(district), answered)
    }

    /// The geocoder's district for the address, when the street and city
    /// are valid and it answers.
    async fn geocode(
        &self,
        form: &LetterForm,
        state: StateCode,
        zip: ZipCode,
    ) -> Option<crate::domain::District> {
        let address = PostalAddress {
            street: Street::parse(&form.street).ok()?,
            city: City::parse(&form.city).ok()?,
            state,
            zip,
        };
        self.districts.locate(&address).await
    }
}
