//! A letter addressed to its recipients and ready to store.

use super::delivery::Deliveries;
use super::status::ConfirmationStatus;
use super::{Field, FieldErrors, LetterFields, LetterForm};
use crate::campaign::{Campaign, Targets};
use crate::domain::{CampaignSlug, InvalidValue, Prefix, StateCode, digest_hex};
use crate::senators::SenatorDirectory;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A letter ready to store: valid, addressed, timestamped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub id: Uuid,
    pub campaign: CampaignSlug,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// What the supporter wrote, stored beside the letter's own attributes.
    #[serde(flatten)]
    pub fields: LetterFields,
    /// Whether the supporter changed the subject or body the campaign offered.
    pub edited: bool,
    /// The Senators written to, by Bioguide id.
    pub recipients: Vec<String>,
    pub confirmation: ConfirmationStatus,
    /// Where the letter stands with each office, once delivery has tried it.
    #[serde(default)]
    pub deliveries: Deliveries,
    /// When the letter and its personal data are to be deleted (Unix
    /// seconds): DynamoDB's TTL attribute.
    pub expires_at: i64,
}

impl Letter {
    /// Parses the form and addresses the letter for a campaign. A state
    /// with no Senators (DC and the territories) is a field error, reported
    /// with any others so the form shows every problem at once. What only
    /// delivery needs (prefix, phone) is required or kept only where the
    /// campaign delivers its letters.
    pub fn compose(
        form: &LetterForm,
        campaign: &Campaign,
        senators: &SenatorDirectory,
        now: OffsetDateTime,
        retention: time::Duration,
    ) -> Result<Self, FieldErrors> {
        let mut fields = LetterFields::try_from(form);
        let mut errors = fields.as_ref().err().cloned().unwrap_or_default();
        if campaign.delivers() {
            let prefix_missing = match &fields {
                Ok(fields) => fields.prefix.is_none(),
                Err(_) => form.prefix.trim().is_empty(),
            };
            if prefix_missing {
                errors.add(Field::Prefix, InvalidValue::new(Prefix::MISSING));
            }
        } else if let Ok(fields) = fields.as_mut() {
            fields.prefix = None;
            fields.phone = None;
        }
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
        let (Ok(fields), Some((_, recipients))) = (fields, addressed) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            id: Uuid::new_v4(),
            campaign: campaign.slug.clone(),
            created_at: now,
            edited: campaign.is_edited(&fields.subject, &fields.body),
            fields,
            recipients,
            confirmation: ConfirmationStatus::Pending,
            deliveries: Deliveries::new(),
            expires_at: (now + retention).unix_timestamp(),
        })
    }

    /// Identifies the supporter within the campaign without holding their
    /// address: a SHA-256 digest, hex, of the slug and the normalised email.
    pub fn supporter_key(&self) -> String {
        digest_hex(&[self.campaign.as_ref(), &self.fields.email.normalized()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{launch_campaign, letter_form};

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
        let errors = LetterFields::try_from(&LetterForm::default()).unwrap_err();
        let required = Field::ALL
            .iter()
            .filter(|field| field.control().required.is_some());
        assert_eq!(errors.iter().count(), required.count());
    }

    #[test]
    fn a_letter_goes_to_the_two_senators_of_its_state_unedited() {
        let letter = compose(&letter_form("TX", "ada@example.org")).unwrap();
        assert_eq!(letter.recipients.len(), 2);
        assert!(!letter.edited);
        assert_eq!(letter.confirmation, ConfirmationStatus::Pending);
    }

    #[test]
    fn a_changed_body_marks_the_letter_edited() {
        let mut form = letter_form("TX", "ada@example.org");
        form.body.push_str("\n\nMy own words.");
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
    fn a_delivering_campaign_requires_a_prefix_and_keeps_the_phone() {
        let delivering = crate::fixtures::delivering_campaign();
        let compose_for = |form: &LetterForm| {
            Letter::compose(
                form,
                &delivering,
                &SenatorDirectory::bundled().unwrap(),
                OffsetDateTime::UNIX_EPOCH,
                time::Duration::days(30),
            )
        };
        let mut form = letter_form("TX", "ada@example.org");
        let errors = compose_for(&form).unwrap_err();
        assert!(errors.get(Field::Prefix).unwrap().contains("address you"));
        form.email = "not an email".into();
        let errors = compose_for(&form).unwrap_err();
        assert!(errors.get(Field::Prefix).is_some() && errors.get(Field::Email).is_some());
        form.email = "ada@example.org".into();
        form.prefix = "ms".into();
        form.phone = "(512) 555-0143".into();
        let letter = compose_for(&form).unwrap();
        assert_eq!(letter.fields.prefix.unwrap().as_ref(), "Ms.");
        assert_eq!(letter.fields.phone.unwrap().as_ref(), "512-555-0143");
    }

    #[test]
    fn a_campaign_that_only_records_keeps_no_prefix_or_phone() {
        let mut form = letter_form("TX", "ada@example.org");
        form.prefix = "Dr.".into();
        form.phone = "512-555-0143".into();
        let letter = compose(&form).unwrap();
        assert_eq!((letter.fields.prefix, letter.fields.phone), (None, None));
    }

    #[test]
    fn the_supporter_key_ignores_the_case_of_the_email() {
        let lower = compose(&letter_form("TX", "ada@example.org")).unwrap();
        let upper = compose(&letter_form("CA", "ADA@Example.org")).unwrap();
        assert_eq!(lower.supporter_key(), upper.supporter_key());
        assert_eq!(lower.supporter_key().len(), 64);
    }

    #[test]
    fn a_stored_letter_reads_back_as_written() {
        let letter = compose(&letter_form("TX", "ada@example.org")).unwrap();
        let json = serde_json::to_value(&letter).unwrap();
        assert_eq!(json["body"], letter.fields.body.as_ref());
        assert_eq!(json["opt_in"], false);
        assert_eq!(serde_json::from_value::<Letter>(json).unwrap(), letter);
    }
}
