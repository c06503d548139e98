//! The confirmation email: a text and an HTML part rendered from templates.
//! The HTML template escapes every value; the subject is the campaign's, so
//! nothing a supporter typed reaches a header but their (validated) address.

use crate::campaign::{Campaign, CampaignCatalog, CampaignCopy};
use crate::language::Language;
use crate::letter::Letter;
use crate::links::{LetterLinks, LinkAction};
use crate::members::{Member, Members};
use crate::messages::Translator;
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
    links: LetterLinks,
}

/// What the text and HTML parts both show.
struct Content<'a> {
    letter: &'a Letter,
    campaign: &'a Campaign,
    /// The campaign's copy in the letter's language, which the email speaks.
    copy: CampaignCopy<'a>,
    tr: Translator,
    recipients: &'a [&'a Member],
    /// The supporter's House seat, when the campaign writes to it and it is vacant.
    vacant_seat: Option<String>,
    sponsor: &'a Sponsor,
    campaign_url: &'a str,
    /// Withdraws the letter: for a supporter who did not write it, or has
    /// changed their mind.
    withdraw_url: String,
    /// Confirms the letter (and the updates asked for).
    confirm_url: String,
    /// Shows where the letter stands with each office.
    receipt_url: String,
}

impl Content<'_> {
    /// The letter's paragraphs, the supporter's own last, for the HTML part.
    fn paragraphs(&self) -> Vec<&str> {
        self.letter.paragraphs().collect()
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
        links: LetterLinks,
    ) -> Self {
        Self {
            catalog,
            members,
            sponsor,
            public_url,
            links,
        }
    }

    /// The confirmation of `letter`.
    pub fn compose(&self, letter: &Letter) -> anyhow::Result<Email> {
        let campaign = self
            .catalog
            .get(&letter.campaign)
            .with_context(|| format!("campaign {} is not in this build", letter.campaign))?;
        let recipients = self.members.of_recipients(&letter.recipients);
        let district = letter.fields.district.as_ref().map(|d| d.district());
        let vacant_seat = campaign
            .targets
            .vacant_seat(&self.members, district)
            .map(|seat| seat.describe_in(letter.language));
        // The links of a letter in another language than English open
        // their pages in it.
        let carried = match letter.language {
            Language::En => String::new(),
            other => format!("?lang={}", other.tag()),
        };
        let campaign_url = format!("{}{carried}", self.public_url.campaign(&campaign.slug));
        let link = |action| {
            format!(
                "{}{carried}",
                self.links.url(&self.public_url, action, letter)
            )
        };
        let tr = Translator(letter.language);
        let content = Content {
            letter,
            campaign: &campaign,
            copy: campaign.copy(letter.language),
            tr,
            recipients: &recipients,
            vacant_seat,
            sponsor: &self.sponsor,
            campaign_url: &campaign_url,
            withdraw_url: link(LinkAction::Withdraw),
            confirm_url: link(LinkAction::Confirm),
            receipt_url: link(LinkAction::Receipt),
        };
        Ok(Email {
            to: letter.fields.email.clone(),
            subject: tr.ta("email-subject", &[("campaign", content.copy.title)]),
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
    fn the_supporters_own_paragraph_follows_the_letter_in_both_parts() {
        let form = crate::letter::LetterForm {
            body: "The letter as offered.".into(),
            own_words: "My own <reason>.".into(),
            ..letter_form("TX", "ada@example.org")
        };
        let email = emails().compose(&compose_letter(&form)).unwrap();
        assert!(
            email
                .text
                .contains("The letter as offered.\n\nMy own <reason>.\n\nSincerely,")
        );
        let html = &email.html;
        let letter = html.find("The letter as offered.").unwrap();
        let own = html.find("My own &#60;reason&#62;.");
        assert!(own.is_some_and(|own| own > letter), "{html}");
    }

    #[test]
    fn the_html_part_escapes_what_the_supporter_typed() {
        let email = email_for("<script>x</script>", "<img src=x onerror=alert(1)>");
        assert!(!email.html.contains("<script>x"));
        assert!(!email.html.contains("<img src=x"));
        assert!(email.html.contains("&#60;img src=x onerror=alert(1)&#62;"));
    }

    #[test]
    fn every_email_offers_to_withdraw_and_asks_to_confirm_updates_asked_for() {
        let plain = email_for("Subject line", "Hello.");
        assert!(plain.text.contains("https://letters.example.org/withdraw/"));
        assert!(!plain.text.contains("/confirm/"), "nothing to confirm");

        let form = crate::letter::LetterForm {
            opt_in: true,
            ..letter_form("TX", "ada@example.org")
        };
        let updates = emails().compose(&compose_letter(&form)).unwrap();
        assert!(
            updates
                .text
                .contains("https://letters.example.org/confirm/")
        );
        assert!(
            updates
                .html
                .contains("https://letters.example.org/confirm/")
        );
    }

    #[test]
    fn with_delivery_off_the_email_says_recorded_and_how_to_reach_each_office() {
        let form = crate::letter::LetterForm {
            opt_in: true,
            ..letter_form("TX", "ada@example.org")
        };
        let email = emails().compose(&compose_letter(&form)).unwrap();
        for part in [&email.text, &email.html] {
            assert_eq!(crate::fixtures::delivery_claims(part), Vec::<&str>::new());
            let part = part.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(part.contains("Your letter is recorded"), "{part}");
            assert!(part.contains("does not deliver letters to the offices"));
            assert!(part.contains("202-224-2934"));
            assert!(part.contains("https://letters.example.org/receipt/"));
        }
        assert!(email.text.contains("contact form https://"));
    }

    #[test]
    fn with_delivery_on_the_email_says_being_delivered_or_waiting_for_confirmation() {
        let catalog = crate::fixtures::delivering_catalog();
        let emails = ConfirmationEmails::new(
            catalog,
            Members::bundled().unwrap(),
            Sponsor::demo(),
            "https://letters.example.org".parse().unwrap(),
            LetterLinks::new(crate::fixtures::signing_key()),
        );
        let letter = crate::fixtures::delivering_letter("ada@example.org");
        let email = emails.compose(&letter).unwrap();
        assert!(
            email
                .text
                .contains("Your letter is being delivered to the offices of:")
        );
        let waiting = crate::letter::Letter {
            campaign: crate::domain::CampaignSlug::parse(crate::fixtures::VERIFYING).unwrap(),
            ..letter
        };
        let email = emails.compose(&waiting).unwrap();
        assert!(email.text.contains("once you confirm it"));
        assert!(!email.text.contains("being delivered"));
    }

    #[test]
    fn the_subject_is_the_campaigns_never_the_supporters() {
        let email = email_for("Bcc: everyone", "Hello.");
        assert_eq!(
            email.subject,
            "Your letter: Ask your Senators to cosponsor S. 1693"
        );
    }

    /// The confirmation of a letter from `zip` in Texas to a campaign
    /// writing to both Senators and the Representative.
    async fn congress_email(zip: &str) -> Email {
        let catalog = crate::fixtures::catalog_with_targets(&[("congress-demo", "\"congress\"")]);
        let campaign = catalog
            .get(&crate::domain::CampaignSlug::parse("congress-demo").unwrap())
            .unwrap()
            .clone();
        let form = crate::letter::LetterForm {
            zip: zip.into(),
            ..letter_form("TX", "ada@example.org")
        };
        let letter = crate::fixtures::compose_for(&campaign, &form).await;
        let emails = ConfirmationEmails::new(
            catalog,
            Members::bundled().unwrap(),
            Sponsor::demo(),
            "https://letters.example.org".parse().unwrap(),
            LetterLinks::new(crate::fixtures::signing_key()),
        );
        emails.compose(&letter).unwrap()
    }

    #[tokio::test]
    async fn one_confirmation_names_every_recipient_of_both_chambers() {
        let email = congress_email("78701").await;
        assert!(
            email
                .text
                .starts_with("Thank you for writing to your members of Congress.")
        );
        assert!(
            email
                .text
                .contains("Senator John Cornyn: office phone 202-224-2934")
        );
        assert!(email.text.contains("Senator Ted Cruz: office phone"));
        assert!(email.text.contains(
            "Representative Lloyd Doggett: office phone 202-225-4865, website https://doggett.house.gov"
        ));
        assert!(email.text.contains("Dear Member of Congress,"));
        assert!(email.html.contains("Representative Lloyd Doggett"));
    }

    #[tokio::test]
    async fn a_vacant_seat_is_said_to_be_vacant() {
        let email = congress_email("76932").await;
        assert!(email.text.contains(
            "The House seat for Texas's 23rd district is vacant, so your letter is not addressed to it."
        ));
        assert!(!email.text.contains("Representative"));
    }
}
