//! The confirmation email: a text and an HTML part rendered from templates.
//! The HTML template escapes every value; the subject is the campaign's, so
//! nothing a supporter typed reaches a header but their (validated) address.

use crate::campaign::Campaign;
use crate::config::Sponsor;
use crate::domain::EmailAddress;
use crate::letter::Letter;
use crate::senators::Senator;
use askama::Template;

/// What the text and HTML parts both show.
struct Content<'a> {
    letter: &'a Letter,
    campaign: &'a Campaign,
    senators: &'a [&'a Senator],
    sponsor: &'a Sponsor,
    campaign_url: &'a str,
}

impl Content<'_> {
    /// The letter's body split into paragraphs, for the HTML part.
    fn paragraphs(&self) -> Vec<&str> {
        self.letter.body.as_ref().split("\n\n").collect()
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

/// A rendered confirmation, ready for any mailer.
#[derive(Debug, Clone)]
pub struct ConfirmationEmail {
    pub to: EmailAddress,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl ConfirmationEmail {
    pub fn compose(
        letter: &Letter,
        campaign: &Campaign,
        senators: &[&Senator],
        sponsor: &Sponsor,
        campaign_url: &str,
    ) -> Result<Self, askama::Error> {
        let content = Content {
            letter,
            campaign,
            senators,
            sponsor,
            campaign_url,
        };
        Ok(Self {
            to: letter.email.clone(),
            subject: format!("Your letter: {}", campaign.title),
            text: TextPart { c: &content }.render()?,
            html: HtmlPart { c: &content }.render()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letter::LetterForm;
    use crate::senators::SenatorDirectory;
    use crate::test_support::{launch_campaign, letter_form};
    use time::OffsetDateTime;

    fn email_for(subject: &str, message: &str) -> ConfirmationEmail {
        let campaign = launch_campaign();
        let senators = SenatorDirectory::bundled().unwrap();
        let form = LetterForm {
            subject: subject.into(),
            message: message.into(),
            closing: "Respectfully".into(),
            ..letter_form("TX", "ada@example.org")
        };
        let letter = Letter::compose(
            &form,
            &campaign,
            &senators,
            OffsetDateTime::UNIX_EPOCH,
            time::Duration::days(30),
        )
        .unwrap();
        let recipients = senators.by_bioguide(&letter.recipients);
        let sponsor = Sponsor::from_env();
        ConfirmationEmail::compose(
            &letter,
            &campaign,
            &recipients,
            &sponsor,
            "https://letters.example.org/c/sesta",
        )
        .unwrap()
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
        assert!(email.text.contains(&Sponsor::from_env().postal_address));
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
