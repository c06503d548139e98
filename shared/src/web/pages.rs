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
    /// Each state's Senators, for the script that names them as a state is picked.
    pub senators_json: &'a str,
    /// The page's public address, for link previews.
    pub url: String,
    pub count: u64,
    pub form: &'a LetterForm,
    pub errors: &'a FieldErrors,
}

impl CampaignPage<'_> {
    fn input(
        &self,
        field: Field,
        kind: &'static str,
        autocomplete: &'static str,
        max_chars: usize,
        value: &str,
    ) -> TextInput {
        TextInput {
            name: field.name(),
            label: field.label(),
            kind,
            autocomplete,
            max_chars,
            value: value.to_owned(),
            error: self.errors.get(field).map(str::to_owned),
        }
    }

    pub fn supporter_inputs(&self) -> Vec<TextInput> {
        let form = self.form;
        vec![
            self.input(
                Field::FirstName,
                "text",
                "given-name",
                PersonName::MAX_CHARS,
                &form.first_name,
            ),
            self.input(
                Field::LastName,
                "text",
                "family-name",
                PersonName::MAX_CHARS,
                &form.last_name,
            ),
            self.input(Field::Email, "email", "email", 254, &form.email),
        ]
    }

    pub fn address_inputs(&self) -> Vec<TextInput> {
        let form = self.form;
        vec![
            self.input(
                Field::Street,
                "text",
                "street-address",
                Street::MAX_CHARS,
                &form.street,
            ),
            self.input(
                Field::City,
                "text",
                "address-level2",
                City::MAX_CHARS,
                &form.city,
            ),
            self.input(Field::Zip, "text", "postal-code", 10, &form.zip),
        ]
    }

    /// The subject, prefilled with the campaign's until the supporter changes it.
    pub fn subject_input(&self) -> TextInput {
        let subject = if self.form.subject.is_empty() && self.errors.is_empty() {
            self.campaign.letter.subject.as_ref()
        } else {
            &self.form.subject
        };
        self.input(
            Field::Subject,
            "text",
            "off",
            LetterSubject::MAX_CHARS,
            subject,
        )
    }

    /// The letter's text: the campaign's until the supporter has sent their own.
    pub fn message(&self) -> &str {
        if self.form.message.is_empty() && self.errors.is_empty() {
            self.campaign.letter.body.as_ref()
        } else {
            &self.form.message
        }
    }

    pub fn states(&self) -> Vec<Choice> {
        StateCode::all()
            .map(|state| Choice {
                value: state.code(),
                label: state.name(),
                selected: self.form.state.eq_ignore_ascii_case(state.code()),
            })
            .collect()
    }

    pub fn closings(&self) -> Vec<Choice> {
        let chosen = if self.form.closing.is_empty() {
            "Sincerely"
        } else {
            &self.form.closing
        };
        Closing::all()
            .map(|closing| Choice {
                value: closing.label(),
                label: closing.label(),
                selected: chosen.eq_ignore_ascii_case(closing.label()),
            })
            .collect()
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
