//! The confirmation email: a text and an HTML part rendered from templates.
//! The HTML template escapes every value; the subject is the campaign's, so
//! nothing a supporter typed reaches a header but their (validated) address.

use crate::campaign::{Campaign, CampaignCatalog};
use crate::letter::Letter;
use crate::members::{Member, Members};
use crate::ports::Email;
use crate::settings::{PublicUrl, Sponsor};
use anyhow::Context;
use askama::Template;

/// Renders each letter's confirmation: what it needs, built once.
pub struct ConfirmationEmails {
    catalog: CampaignCatalog,
    members: Members,
    sponsor: Sponsor,
    /// Where campaign links in emails point.
    public_url: PublicUrl,
}

/// What the text and HTML parts both show.
struct Content<'a> {
    letter: &'a Letter,
    campaign: &'a Campaign,
    recipients: &'a [&'a Member],
    /// The supporter's House seat, when the campaign writes to it and it is vacant.
    vacant_seat: Option<String>,
    sponsor: &'a Sponsor,
    campaign_url: &'a str,
}

impl Content<'_> {
    /// The letter's body split into paragraphs, for the HTML part.
    fn paragraphs(&self) -> Vec<&str> {
        self.letter.fields.body.as_ref().split("\n\n").collect()
    }
}

#[derive(Template)]
#[template(path = "confirmation.txt")]
struct TextPart<'a> {
    c: &'a Content<'a>,
}

#[derive(Template)]
#[template(path = "confirmation.html")]
struct HtmlPart<'a> {
    c: &'a Content<'a>,
}

impl ConfirmationEmails {
    pub fn new(
        catalog: CampaignCatalog,
        members: Members,
        sponsor: Sponsor,
        public_url: PublicUrl,
    ) -> Self {
        Self {
            catalog,
            members,
            sponsor,
            public_url,
        }
    }

    /// The confirmation of `letter`.
    pub fn compose(&self, letter: &Letter) -> anyhow::Result<Email> {
        let campaign = self
            .catalog
            .get(&letter.campaign)
            .with_context(|| format!("campaign {} is not in this build", letter.campaign))?;
        let recipients = self.members.of_recipients(&letter.recipients);
        let vacant_seat = letter
            .fields
            .district
            .as_ref()
            .map(|choice| choice.district())
            .filter(|district| {
                campaign.targets.writes_to_house_seat()
                    && self.members.representative(*district).is_none()
            })
            .map(|district| district.describe());
        let campaign_url = self.public_url.campaign(&campaign.slug);
        let content = Content {
            letter,
            campaign,
            recipients: &recipients,
            vacant_seat,
            sponsor: &self.sponsor,
            campaign_url: &campaign_url,
        };
        Ok(Email {
            to: letter.fields.email.clone(),
            subject: format!("Your letter: {}", campaign.title),
            text: TextPart { c: &content }.render()?,
            html: HtmlPart { c: &content }.render()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{compose_letter, emails, letter_form};

    fn email_for(subject: &str, message: &str) -> Email {
        let form = crate::letter::LetterForm {
            subject: subject.into(),
            body: message.into(),
            closing: "Respectfully".into(),
            ..letter_form("TX", "ada@example.org")
        };
        emails().compose(&compose_letter(&form)).unwrap()
    }

    #[test]
    fn the_text_part_holds_the_letter_exactly_and_whom_it_went_to() {
        let email = email_for(
            "Please act <now>",
            "First paragraph & more.\n\nSecond paragraph.",
        );
        assert!(email.text.contains("Subject: Please act <now>"));
        assert!(
            email
                .text
                .contains("First paragraph & more.\n\nSecond paragraph.")
        );
        assert!(email.text.contains("Respectfully,\nAda Lovelace"));
        assert!(
            email
                .text
                .contains("Senator John Cornyn: office phone 202-224-2934")
        );
        assert!(email.text.contains("https://letters.example.org/c/sesta"));
        assert!(email.text.contains("one-time confirmation"));
        assert!(email.text.contains(&Sponsor::demo().postal_address));
    }

    #[test]
    fn the_html_part_escapes_what_the_supporter_typed() {
        let email = email_for("<script>x</script>", "<img src=x onerror=alert(1)>");
        assert!(!email.html.contains("<script>x"));
        assert!(!email.html.contains("<img src=x"));
        assert!(email.html.contains("&#60;img src=x onerror=alert(1)&#62;"));
    }

    #[test]
    fn the_subject_is_the_campaigns_never_the_supporters() {
        let email = email_for("Bcc: everyone", "Hello.");
        assert_eq!(
            email.subject,
            "Your letter: Ask your Senators to cosponsor S. 1693"
        );
    }
}
