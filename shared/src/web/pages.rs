//! One type per page, each rendered by a compile-time checked, auto-escaping
//! template under `shared/templates/`.

use super::embed::Framing;
use super::recipients::DistrictPrompt;
use crate::campaign::{Campaign, Targets};
use crate::domain::{Control, Widget};
use crate::letter::{Field, FieldErrors, LetterForm};
use crate::members::Member;
use crate::settings::{CaptchaSettings, Sponsor};
use askama::Template;

// The templates' own filters, found by that name: `{{ number|grouped }}`.
use super::numbers::filters;

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
    /// What the form says under the label.
    pub hint: Option<&'static str>,
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
            hint: field.hint(),
            value: form.value(field).to_owned(),
            error: errors.get(field).map(str::to_owned),
        }
    }

    /// The ids of what describes the control: its hint, then its error.
    pub fn described_by(&self) -> Option<String> {
        let ids: Vec<String> = [
            (self.hint.is_some(), "hint"),
            (self.error.is_some(), "error"),
        ]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, part)| format!("{}-{part}", self.name))
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// A text area's height in lines: about one for every 350 characters
    /// it takes, from 4 to 14 (the letter).
    pub fn rows(&self) -> usize {
        self.control
            .max_chars
            .map_or(4, |max| (max / 350).clamp(4, 14))
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

/// The snapshot dates of the data letters are addressed with, shown to staff.
pub struct DataDates<'a> {
    pub senate: &'a str,
    pub house: &'a str,
    pub zip_table: &'a str,
}

#[derive(Template)]
#[template(path = "campaign.html")]
pub struct CampaignPage<'a> {
    pub campaign: &'a Campaign,
    pub sponsor: &'a Sponsor,
    pub dates: DataDates<'a>,
    /// For each state, whom a letter goes to, for the script that says so
    /// as a state is picked.
    pub recipients_json: &'a str,
    /// The page's public address, for link previews.
    pub url: String,
    /// Letters written so far; `None` when the store could not say.
    pub count: Option<u64>,
    pub form: &'a LetterForm,
    pub errors: &'a FieldErrors,
    /// Said above the form: why it came back, when not for a field's error.
    pub notice: Option<String>,
    /// This form's signed token: when it was served, and a nonce.
    pub form_token: String,
    /// The CAPTCHA a person solves before sending, if the site has one.
    pub captcha: Option<&'a CaptchaSettings>,
    /// The district question, when the supporter is asked (or answered).
    pub district: Option<DistrictPrompt>,
    /// On the site, or in a partner's frame.
    pub framing: Framing,
}

impl CampaignPage<'_> {
    /// The file name of this campaign's share picture, if it has one.
    pub fn share_picture(&self) -> Option<String> {
        super::share_image::picture_name(self.campaign).map(|name| name.to_string())
    }

    /// What the address decides, and the dates of the data it is matched against.
    pub fn address_hint(&self) -> String {
        let dates = &self.dates;
        let (senate, house) = (
            format!("Senator details as of {}.", dates.senate),
            format!(
                "House details as of {}; ZIP codes matched to districts as of {}.",
                dates.house, dates.zip_table
            ),
        );
        let ask = "If your ZIP code lies in more than one congressional district, we will ask \
                   you which is yours.";
        match &self.campaign.targets {
            Targets::Senators => format!(
                "Your state decides which two Senators receive your letter. Washington, D.C. \
                 and the U.S. territories have no Senators, so letters from there cannot be \
                 sent. {senate}"
            ),
            Targets::Representative => format!(
                "Your address decides which member of the House receives your letter: your \
                 Representative, or the Delegate of Washington, D.C. or a territory. {ask} {house}"
            ),
            Targets::Congress => format!(
                "Your state decides your two Senators and your address your member of the \
                 House. Washington, D.C. and the U.S. territories have no Senators; their \
                 Delegate receives the letter. {ask} {senate} {house}"
            ),
            Targets::Members {
                only_representing: true,
                ..
            } => format!(
                "This letter goes to those of the members this campaign writes to who \
                 represent your state or district. {ask} {senate} {house}"
            ),
            Targets::Members { .. } => format!(
                "This letter goes to every member this campaign writes to, wherever you \
                 live. {senate} {house}"
            ),
        }
    }

    /// These fields of the form, with what was typed in each and any error.
    pub fn fields(&self, fields: &[Field]) -> Vec<FormField> {
        fields
            .iter()
            .map(|field| FormField::new(*field, self.campaign, self.form, self.errors))
            .collect()
    }

    /// The House's own page for finding one's Representative.
    pub fn find_your_representative(&self) -> &'static str {
        super::recipients::FIND_YOUR_REPRESENTATIVE
    }

    /// The share of the goal reached, as a whole percentage up to 100.
    pub fn progress_percent(&self) -> u64 {
        let count = self.count.unwrap_or(0);
        (count.saturating_mul(100) / self.campaign.goal.max(1)).min(100)
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
    /// Whom the letter is addressed to, when the link says where the supporter is.
    pub recipients: Vec<&'a Member>,
    /// The supporter's House seat, when the campaign writes to it and it is vacant.
    pub vacant_seat: Option<String>,
    pub share: ShareLinks,
    /// On the site, or in a partner's frame.
    pub framing: Framing,
}

impl ThanksPage<'_> {
    /// Whom the letter is addressed to, in a phrase: "Senator A, Senator B
    /// and Representative C", or the campaign's audience when the link
    /// does not say where the supporter is.
    pub fn addressees(&self) -> String {
        let names: Vec<String> = self
            .recipients
            .iter()
            .map(|member| format!("{} {}", member.title(), member.name))
            .collect();
        match names.split_last() {
            None => self.campaign.targets.audience().to_owned(),
            Some((last, [])) => last.clone(),
            Some((last, others)) => format!("{} and {last}", others.join(", ")),
        }
    }
}

/// A page's one button: a form posting to `action`.
pub struct Button {
    pub action: String,
    pub label: &'static str,
}

/// A page reached from a link in an email.
#[derive(Template)]
#[template(path = "link.html")]
pub struct LinkPage<'a> {
    pub title: &'static str,
    pub paragraphs: Vec<String>,
    pub button: Option<Button>,
    pub sponsor: &'a Sponsor,
}
