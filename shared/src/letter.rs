//! A supporter's letter: the raw form as submitted, the typed draft parsed
//! from it, and the letter composed for a campaign and its recipients.

use crate::campaign::{Campaign, Targets};
use crate::domain::{
    CampaignSlug, City, Closing, EmailAddress, InvalidValue, LetterBody, LetterSubject, PersonName,
    StateCode, Street, ZipCode, digest_hex,
};
use crate::senators::SenatorDirectory;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// The letter form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    FirstName,
    LastName,
    Email,
    Street,
    City,
    State,
    Zip,
    Subject,
    Message,
    Closing,
}

impl Field {
    /// The field's name on the wire, in forms and JSON alike.
    pub const fn name(self) -> &'static str {
        match self {
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::Email => "email",
            Self::Street => "street",
            Self::City => "city",
            Self::State => "state",
            Self::Zip => "zip",
            Self::Subject => "subject",
            Self::Message => "message",
            Self::Closing => "closing",
        }
    }
}

impl Field {
    /// The field's label, as the form shows it.
    pub const fn label(self) -> &'static str {
        match self {
            Self::FirstName => "First name",
            Self::LastName => "Last name",
            Self::Email => "Email",
            Self::Street => "Street address",
            Self::City => "City",
            Self::State => "State",
            Self::Zip => "ZIP code",
            Self::Subject => "Subject",
            Self::Message => "Letter",
            Self::Closing => "Closing",
        }
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A message per invalid field, to show beside each one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<Field, String>);

impl FieldErrors {
    fn add(&mut self, field: Field, error: InvalidValue) {
        self.0.insert(field, error.message().to_owned());
    }

    /// The parsed value, or `None` with its error recorded against `field`.
    fn keep<T>(&mut self, field: Field, parsed: Result<T, InvalidValue>) -> Option<T> {
        parsed.map_err(|error| self.add(field, error)).ok()
    }

    pub fn get(&self, field: Field) -> Option<&str> {
        self.0.get(&field).map(String::as_str)
    }

    /// The message for the field called `name` on the wire.
    pub fn get_named(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(field, _)| field.name() == name)
            .map(|(_, message)| message)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Field, &str)> {
        self.0
            .iter()
            .map(|(field, message)| (*field, message.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The form exactly as submitted: every field optional, nothing checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct LetterForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub street: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub subject: String,
    pub message: String,
    pub closing: String,
    pub opt_in: bool,
}

/// A letter whose every field is valid, before it is tied to recipients.
#[derive(Debug, Clone)]
pub struct LetterDraft {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: EmailAddress,
    pub street: Street,
    pub city: City,
    pub state: StateCode,
    pub zip: ZipCode,
    pub subject: LetterSubject,
    pub body: LetterBody,
    pub closing: Closing,
    pub opt_in: bool,
}

impl TryFrom<&LetterForm> for LetterDraft {
    type Error = FieldErrors;

    /// Parses every field, collecting all errors so the form can show them at once.
    fn try_from(form: &LetterForm) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let first_name = errors.keep(Field::FirstName, PersonName::parse(&form.first_name));
        let last_name = errors.keep(Field::LastName, PersonName::parse(&form.last_name));
        let email = errors.keep(Field::Email, EmailAddress::parse(&form.email));
        let street = errors.keep(Field::Street, Street::parse(&form.street));
        let city = errors.keep(Field::City, City::parse(&form.city));
        let state = errors.keep(Field::State, StateCode::parse(&form.state));
        let zip = errors.keep(Field::Zip, ZipCode::parse(&form.zip));
        let subject = errors.keep(Field::Subject, LetterSubject::parse(&form.subject));
        let body = errors.keep(Field::Message, LetterBody::parse(&form.message));
        let closing = errors.keep(Field::Closing, Closing::parse(&form.closing));
        match (
            first_name, last_name, email, street, city, state, zip, subject, body, closing,
        ) {
            (
                Some(first_name),
                Some(last_name),
                Some(email),
                Some(street),
                Some(city),
                Some(state),
                Some(zip),
                Some(subject),
                Some(body),
                Some(closing),
            ) => Ok(Self {
                first_name,
                last_name,
                email,
                street,
                city,
                state,
                zip,
                subject,
                body,
                closing,
                opt_in: form.opt_in,
            }),
            _ => Err(errors),
        }
    }
}

/// Where a letter's confirmation email stands. It moves only forward:
/// pending, then sending (held by one mailer for a lease), then settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Confirmation {
    Pending,
    /// A mailer claimed the letter at `claimed_at` (Unix seconds) and is
    /// sending; another may take over once the lease has run out.
    Sending {
        claimed_at: i64,
    },
    Sent {
        message_id: String,
    },
    /// SES refused the message for good; `reason` is its code and message.
    Failed {
        reason: String,
    },
    /// The address bounced or complained before: nothing is sent to it.
    Suppressed,
}

impl Confirmation {
    /// Whether the confirmation reached its end and must not be sent again.
    pub fn is_settled(&self) -> bool {
        matches!(
            self,
            Self::Sent { .. } | Self::Failed { .. } | Self::Suppressed
        )
    }
}

/// A letter ready to store: valid, addressed, timestamped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub id: Uuid,
    pub campaign: CampaignSlug,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: EmailAddress,
    pub street: Street,
    pub city: City,
    pub state: StateCode,
    pub zip: ZipCode,
    pub subject: LetterSubject,
    pub body: LetterBody,
    pub closing: Closing,
    /// Whether the supporter changed the subject or body the campaign offered.
    pub edited: bool,
    /// Consent to hear from the sponsor again; never assumed.
    pub opt_in: bool,
    /// The Senators written to, by Bioguide id.
    pub recipients: Vec<String>,
    pub confirmation: Confirmation,
    /// When the letter and its personal data are to be deleted (Unix
    /// seconds): DynamoDB's TTL attribute.
    pub expires_at: i64,
}

impl Letter {
    /// Parses the form and addresses the letter for a campaign. A state
    /// with no Senators (DC and the territories) is a field error, reported
    /// with any others so the form shows every problem at once.
    pub fn compose(
        form: &LetterForm,
        campaign: &Campaign,
        senators: &SenatorDirectory,
        now: OffsetDateTime,
        retention: time::Duration,
    ) -> Result<Self, FieldErrors> {
        let draft = LetterDraft::try_from(form);
        let mut errors = draft.as_ref().err().cloned().unwrap_or_default();
        let addressed = StateCode::parse(&form.state).ok().map(|state| {
            let recipients: Vec<String> = match campaign.targets {
                Targets::Senators => senators
                    .for_state(state)
                    .into_iter()
                    .map(|s| s.bioguide.clone())
                    .collect(),
            };
            (state, recipients)
        });
        if let Some((state, recipients)) = &addressed
            && recipients.is_empty()
        {
            let message = format!(
                "{} has no U.S. Senators, so this letter has no one to go to. \
                 We are sorry: this campaign can only take letters from the fifty states.",
                state.name()
            );
            errors.add(Field::State, InvalidValue::new(message));
        }
        let (Ok(draft), Some((_, recipients))) = (draft, addressed) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            id: Uuid::new_v4(),
            campaign: campaign.slug.clone(),
            created_at: now,
            edited: campaign.is_edited(&draft.subject, &draft.body),
            first_name: draft.first_name,
            last_name: draft.last_name,
            email: draft.email,
            street: draft.street,
            city: draft.city,
            state: draft.state,
            zip: draft.zip,
            subject: draft.subject,
            body: draft.body,
            closing: draft.closing,
            opt_in: draft.opt_in,
            recipients,
            confirmation: Confirmation::Pending,
            expires_at: (now + retention).unix_timestamp(),
        })
    }

    /// Identifies the supporter within the campaign without holding their
    /// address: a SHA-256 digest, hex, of the slug and the normalised email.
    pub fn supporter_key(&self) -> String {
        digest_hex(&[self.campaign.as_ref(), &self.email.normalized()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{launch_campaign, letter_form};

    fn compose(form: &LetterForm) -> Result<Letter, FieldErrors> {
        let senators = SenatorDirectory::bundled().unwrap();
        Letter::compose(
            form,
            &launch_campaign(),
            &senators,
            OffsetDateTime::UNIX_EPOCH,
            time::Duration::days(30),
        )
    }

    #[test]
    fn a_letter_expires_after_the_retention_period() {
        let letter = compose(&letter_form("TX", "ada@example.org")).unwrap();
        assert_eq!(letter.expires_at, 30 * 86_400);
    }

    #[test]
    fn an_empty_form_reports_every_required_field() {
        let errors = LetterDraft::try_from(&LetterForm::default()).unwrap_err();
        assert_eq!(errors.iter().count(), 10);
    }

    #[test]
    fn a_letter_goes_to_the_two_senators_of_its_state_unedited() {
        let letter = compose(&letter_form("TX", "ada@example.org")).unwrap();
        assert_eq!(letter.recipients.len(), 2);
        assert!(!letter.edited);
        assert_eq!(letter.confirmation, Confirmation::Pending);
    }

    #[test]
    fn a_changed_body_marks_the_letter_edited() {
        let mut form = letter_form("TX", "ada@example.org");
        form.message.push_str("\n\nMy own words.");
        assert!(compose(&form).unwrap().edited);
    }

    #[test]
    fn a_letter_from_dc_is_refused_along_with_other_errors() {
        let mut form = letter_form("DC", "not-an-email");
        form.zip = "1".into();
        let errors = compose(&form).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|(field, _)| field).collect();
        assert_eq!(fields, [Field::Email, Field::State, Field::Zip]);
    }

    #[test]
    fn a_letter_from_dc_is_refused_with_a_message_on_the_state_field() {
        let errors = compose(&letter_form("DC", "ada@example.org")).unwrap_err();
        assert!(
            errors
                .get(Field::State)
                .unwrap()
                .contains("District of Columbia has no U.S. Senators")
        );
    }

    #[test]
    fn the_supporter_key_ignores_the_case_of_the_email() {
        let lower = compose(&letter_form("TX", "ada@example.org")).unwrap();
        let upper = compose(&letter_form("CA", "ADA@Example.org")).unwrap();
        assert_eq!(lower.supporter_key(), upper.supporter_key());
        assert_eq!(lower.supporter_key().len(), 64);
    }
}
