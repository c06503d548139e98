//! One type per page, each rendered by a compile-time checked, auto-escaping
//! template under `shared/templates/`.

use super::embed::Framing;
use super::language::SwitchLink;
use super::numbers::Grouped;
use super::recipients::{DistrictPrompt, and_list};
use crate::campaign::{Campaign, CampaignCopy, Targets};
use crate::domain::{CampaignSlug, Control, Widget};
use crate::language::Language;
use crate::letter::{Field, FieldErrors, LetterForm};
use crate::members::Member;
use crate::messages::{Message, Translator};
use crate::settings::{CaptchaSettings, Sponsor};
use askama::Template;
use letters_core::msg;

// The templates' own filters, found by that name: `{{ number|grouped }}`.
use super::numbers::filters;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: String,
    pub message: String,
    pub tr: Translator,
}

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage<'a> {
    /// Each open campaign's slug, and its copy in the page's language.
    pub campaigns: Vec<(&'a CampaignSlug, CampaignCopy<'a>)>,
    pub sponsor: &'a Sponsor,
    pub tr: Translator,
}

impl ListPage<'_> {
    /// What a campaign's link carries to open it in the list's language.
    pub fn carried(&self) -> String {
        match self.tr.language() {
            Language::En => String::new(),
            other => format!("?lang={}", other.tag()),
        }
    }
}

/// A field of the letter form as the page shows it: how to ask for it (from
/// the letter's one definition), what was typed, and any error.
pub struct FormField {
    pub name: &'static str,
    pub label: String,
    pub autocomplete: &'static str,
    pub control: Control,
    /// What the form says under the label.
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    /// The page's language, which a select's options are offered in.
    language: Language,
}

/// An option of a select, with whether it is chosen.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

impl FormField {
    fn new(field: Field, page: &CampaignPage<'_>) -> Self {
        let language = page.tr.language();
        Self {
            name: field.name(),
            label: field.label().in_language(language),
            autocomplete: field.autocomplete(),
            control: field.control_in(page.campaign),
            hint: field.hint().map(|hint| hint.in_language(language)),
            value: page.form.value(field).to_owned(),
            error: page
                .errors
                .get(field)
                .map(|error| error.in_language(language)),
            language,
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
            choices,
            preselect_first,
            ..
        } = self.control.widget
        else {
            return Vec::new();
        };
        let offered = choices(self.language);
        let chosen = match (self.value.is_empty(), offered.first()) {
            (true, Some((first, _))) if preselect_first => first,
            _ => self.value.as_str(),
        };
        offered
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
    /// The campaign's copy in the page's language.
    pub copy: CampaignCopy<'a>,
    pub tr: Translator,
    /// The other languages the page is offered in, as links; none when
    /// the campaign is written in English only.
    pub switch: Vec<SwitchLink>,
    /// What the form's address and its thank-you link carry to keep the
    /// page's mode and language: `?embed=1&lang=es`, or nothing.
    pub carried: String,
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
    /// The file name of this campaign's share picture in the page's
    /// language, if it has one.
    pub fn share_picture(&self) -> Option<String> {
        super::share_image::picture_name(self.campaign, self.copy.language)
            .map(|name| name.to_string())
    }

    /// What the address decides, and the dates of the data it is matched against.
    pub fn address_hint(&self) -> String {
        let dates = &self.dates;
        let (senate, house) = (
            Message::from(msg!("data-senate-as-of")).with("date", dates.senate),
            Message::from(msg!("data-house-as-of"))
                .with("house", dates.house)
                .with("zip_table", dates.zip_table),
        );
        let ask = Message::from(msg!("district-may-ask"));
        let (decides, notes) = match &self.campaign.targets {
            Targets::Senators => (msg!("decides-senators"), vec![senate]),
            Targets::Representative => (msg!("decides-representative"), vec![ask, house]),
            Targets::Congress => (msg!("decides-congress"), vec![ask, senate, house]),
            Targets::Members {
                only_representing: true,
                ..
            } => (
                msg!("decides-members-representing"),
                vec![ask, senate, house],
            ),
            Targets::Members { .. } => (msg!("decides-members-all"), vec![senate, house]),
        };
        std::iter::once(Message::from(decides))
            .chain(notes)
            .map(|sentence| self.tr.say(&sentence))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// These fields of the form, with what was typed in each and any error.
    pub fn fields(&self, fields: &[Field]) -> Vec<FormField> {
        fields
            .iter()
            .map(|field| FormField::new(*field, self))
            .collect()
    }

    /// After the count: "letters written toward a goal of 25,000."
    pub fn progress_text(&self) -> String {
        let goal = Grouped::new(self.campaign.goal, self.tr.language()).to_string();
        let message = Message::from(msg!("progress-after-count"))
            .with("count", self.count.unwrap_or(0))
            .with("goal", goal);
        self.tr.say(&message)
    }

    /// The page's language as link previews name a locale.
    pub fn og_locale(&self) -> &'static str {
        match self.tr.language() {
            Language::En => "en_US",
            Language::Es => "es_US",
        }
    }

    /// What the page's script says, in the page's language.
    pub fn script_messages(&self) -> String {
        script_messages(self.tr)
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
    pub copy: CampaignCopy<'a>,
    pub tr: Translator,
    pub switch: Vec<SwitchLink>,
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
        let language = self.tr.language();
        let names: Vec<String> = self
            .recipients
            .iter()
            .map(|member| format!("{} {}", member.title_in(language), member.name))
            .collect();
        if names.is_empty() {
            self.campaign.targets.audience_in(language)
        } else {
            and_list(&names, language)
        }
    }

    /// What the page's script says, in the page's language.
    pub fn script_messages(&self) -> String {
        script_messages(self.tr)
    }
}

/// A page's one button: a form posting to `action`.
pub struct Button {
    pub action: String,
    pub label: String,
}

/// A page reached from a link in an email.
#[derive(Template)]
#[template(path = "link.html")]
pub struct LinkPage<'a> {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub button: Option<Button>,
    pub sponsor: &'a Sponsor,
    pub tr: Translator,
}

/// What `app.js` says as it works, in the page's language, as JSON safe
/// inside a `<script>` element: its messages come from the catalogs too.
fn script_messages(tr: Translator) -> String {
    let said = |id: crate::messages::MessageId| id.in_language(tr.language());
    let messages = serde_json::json!({
        "sending": said(msg!("script-sending")),
        "send": said(msg!("send-my-letter")),
        "linkCopied": said(msg!("script-link-copied")),
        "correctOne": said(msg!("script-correct-one")),
        "correctOther": said(msg!("script-correct-other")),
        "districtUnsure": said(msg!("district-unsure")),
        "districtFind": said(msg!("district-find-link")),
        "yourName": said(msg!("signature-placeholder")),
    });
    messages.to_string().replace('<', "\\u003c")
}
