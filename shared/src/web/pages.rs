//! One type per page, each rendered by a compile-time checked, auto-escaping
//! template under `shared/templates/`.

use crate::campaign::Campaign;
use crate::domain::{Control, Widget};
use crate::letter::{Field, FieldErrors, LetterForm};
use crate::senators::Senator;
use crate::settings::Sponsor;
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

/// A field of the letter form as the page shows it: how to ask for it (from
/// the letter's one definition), what was typed, and any error.
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    pub autocomplete: &'static str,
    pub control: Control,
    pub value: String,
    pub error: Option<String>,
}

/// An option of a select, with whether it is chosen.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

impl FormField {
    fn new(field: Field, campaign: &Campaign, form: &LetterForm, errors: &FieldErrors) -> Self {
        Self {
            name: field.name(),
            label: field.label(),
            autocomplete: field.autocomplete(),
            control: field.control_in(campaign),
            value: form.value(field).to_owned(),
            error: errors.get(field).map(str::to_owned),
        }
    }

    /// The options of a select, the typed (or else the default) one chosen.
    pub fn choices(&self) -> Vec<Choice> {
        let Widget::Select {
            choices, default, ..
        } = self.control.widget
        else {
            return Vec::new();
        };
        let chosen = match (self.value.is_empty(), default) {
            (true, Some(default)) => default,
            _ => self.value.as_str(),
        };
        choices()
            .into_iter()
            .map(|(value, label)| Choice {
                value,
                label,
                selected: chosen.eq_ignore_ascii_case(value),
            })
            .collect()
    }
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
    /// These fields of the form, with what was typed in each and any error.
    pub fn fields(&self, fields: &[Field]) -> Vec<FormField> {
        fields
            .iter()
            .map(|field| FormField::new(*field, self.campaign, self.form, self.errors))
            .collect()
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
