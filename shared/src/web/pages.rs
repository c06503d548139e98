//! One type per page, each rendered by a compile-time checked, auto-escaping
//! template under `shared/templates/`.

use crate::campaign::Campaign;
use crate::config::Sponsor;
use crate::domain::{City, Closing, LetterSubject, PersonName, StateCode, Street};
use crate::letter::{Field, FieldErrors, LetterForm};
use crate::senators::Senator;
use askama::Template;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage<'a> {
    pub campaigns: Vec<&'a Campaign>,
    pub sponsor: &'a Sponsor,
}

/// A one-line input of the letter form, with its value and any error.
pub struct TextInput {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub max_chars: usize,
    pub value: String,
    pub error: Option<String>,
}

/// An option of a select, with whether it is chosen.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "campaign.html")]
pub struct CampaignPage<'a> {
    pub campaign: &'a Campaign,
    pub sponsor: &'a Sponsor,
    pub snapshot_date: &'a str,
    pub count: u64,
    pub form: &'a LetterForm,
    pub errors: &'a FieldErrors,
    pub supporter_inputs: Vec<TextInput>,
    pub address_inputs: Vec<TextInput>,
    pub subject: TextInput,
    pub states: Vec<Choice>,
    pub closings: Vec<Choice>,
}

impl<'a> CampaignPage<'a> {
    pub fn new(
        campaign: &'a Campaign,
        sponsor: &'a Sponsor,
        snapshot_date: &'a str,
        count: u64,
        form: &'a LetterForm,
        errors: &'a FieldErrors,
    ) -> Self {
        let input = |field: Field, kind, autocomplete, max_chars, value: &str| TextInput {
            name: field.name(),
            label: field.label(),
            kind,
            autocomplete,
            max_chars,
            value: value.to_owned(),
            error: errors.get(field).map(str::to_owned),
        };
        let states = StateCode::all()
            .map(|state| Choice {
                value: state.code(),
                label: state.name(),
                selected: form.state.eq_ignore_ascii_case(state.as_ref()),
            })
            .collect();
        let chosen_closing = if form.closing.is_empty() {
            "Sincerely"
        } else {
            &form.closing
        };
        let closings = Closing::all()
            .map(|closing| Choice {
                value: closing.label(),
                label: closing.label(),
                selected: chosen_closing.eq_ignore_ascii_case(closing.as_ref()),
            })
            .collect();
        Self {
            campaign,
            sponsor,
            snapshot_date,
            count,
            form,
            errors,
            supporter_inputs: vec![
                input(
                    Field::FirstName,
                    "text",
                    "given-name",
                    PersonName::MAX_CHARS,
                    &form.first_name,
                ),
                input(
                    Field::LastName,
                    "text",
                    "family-name",
                    PersonName::MAX_CHARS,
                    &form.last_name,
                ),
                input(Field::Email, "email", "email", 254, &form.email),
            ],
            address_inputs: vec![
                input(
                    Field::Street,
                    "text",
                    "street-address",
                    Street::MAX_CHARS,
                    &form.street,
                ),
                input(
                    Field::City,
                    "text",
                    "address-level2",
                    City::MAX_CHARS,
                    &form.city,
                ),
                input(Field::Zip, "text", "postal-code", 10, &form.zip),
            ],
            subject: input(
                Field::Subject,
                "text",
                "off",
                LetterSubject::MAX_CHARS,
                &form.subject,
            ),
            states,
            closings,
        }
    }

    /// The error for a field without a [`TextInput`] of its own.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.get_named(name)
    }

    /// The share of the goal reached, as a whole percentage up to 100.
    pub fn progress_percent(&self) -> u64 {
        (self.count.saturating_mul(100) / self.campaign.goal.max(1)).min(100)
    }
}

/// Where a supporter can share the campaign, each link carrying the message.
pub struct ShareLinks {
    pub url: String,
    pub x: String,
    pub facebook: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "thanks.html")]
pub struct ThanksPage<'a> {
    pub campaign: &'a Campaign,
    pub sponsor: &'a Sponsor,
    pub senators: Vec<&'a Senator>,
    pub share: ShareLinks,
}
