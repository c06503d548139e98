//! A letter addressed to its recipients and ready to store.

use super::delivery::Deliveries;
use super::status::ConfirmationStatus;
use super::{Field, FieldErrors, LetterFields, LetterForm};
use crate::campaign::Campaign;
use crate::domain::{CampaignSlug, EmailAddress, Prefix, digest_hex};
use crate::language::Language;
use crate::members::Recipient;
use crate::recipients::{AddressPart, Addressing};
use time::OffsetDateTime;
use uuid::Uuid;

/// A letter ready to store: valid, addressed, timestamped. Stored in a
/// form of its own ([`StoredLetter`](super::StoredLetter)), so that it may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub id: Uuid,
    pub campaign: CampaignSlug,
    /// The version of the campaign the letter was written against: 0 for
    /// the bundled file, else the publication's (`PUT /admin/campaigns`).
    pub campaign_version: u64,
    pub created_at: OffsetDateTime,
    /// What the supporter wrote.
    pub fields: LetterFields,
    /// Whether the supporter changed the subject or body the campaign offered.
    pub edited: bool,
    /// The language the supporter wrote in, as the page was shown them:
    /// the letter goes to Congress as written, and its email and links
    /// speak to them in it.
    pub language: Language,
    /// Whether the supporter confirmed the letter from its email, which
    /// proves the address is theirs.
    pub email_verified: bool,
    /// Whether the supporter, having asked for updates (`fields.opt_in`),
    /// confirmed it from the email: only then are updates wanted.
    pub opt_in_confirmed: bool,
    /// The members written to, by Bioguide id and chamber.
    pub recipients: Vec<Recipient>,
    pub confirmation: ConfirmationStatus,
    /// Where the letter stands with each office, once delivery has tried it.
    pub deliveries: Deliveries,
    /// When the letter and its personal data are to be deleted (Unix
    /// seconds): DynamoDB's TTL attribute.
    pub expires_at: i64,
}

impl Letter {
    /// Parses the form and addresses the letter for a campaign, as
    /// `addressing` found its recipients. A place with no one to write to
    /// (DC for the Senate, a vacant seat) or a district still to choose is a
    /// field error, reported with any others so the form shows every
    /// problem at once. What only delivery needs (prefix, phone) is required
    /// or kept only where the campaign delivers its letters, and a `source`
    /// only where the campaign lists it.
    pub fn compose(
        form: &LetterForm,
        campaign: &Campaign,
        language: Language,
        addressing: &Addressing,
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
                errors.add(Field::Prefix, Prefix::MISSING.into());
            }
        } else if let Ok(fields) = fields.as_mut() {
            fields.prefix = None;
            fields.phone = None;
        }
        if let Addressing::Refused(refusal) = addressing {
            let field = match refusal.part {
                AddressPart::State => Field::State,
                AddressPart::Zip => Field::Zip,
                AddressPart::District => Field::District,
            };
            errors.add(field, refusal.message.clone().into());
        }
        let (Ok(mut fields), Addressing::Addressed(addressed)) = (fields, addressing) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        fields.district = addressed.district.map(Into::into);
        // A code the campaign does not list (any more) is dropped, not
        // refused: it came with a link, and the supporter cannot change it.
        fields.source = fields.source.filter(|code| campaign.sources.lists(code));
        Ok(Self {
            id: Uuid::new_v4(),
            campaign: campaign.slug.clone(),
            campaign_version: campaign.version,
            created_at: now,
            edited: campaign.is_edited(language, &fields.subject, &fields.body),
            language,
            email_verified: false,
            opt_in_confirmed: false,
            fields,
            recipients: addressed.recipients.clone(),
            confirmation: ConfirmationStatus::Pending,
            deliveries: Deliveries::new(),
            expires_at: (now + retention).unix_timestamp(),
        })
    }

    /// Identifies the supporter within the campaign without holding their
    /// address: a SHA-256 digest, hex, of the slug and the normalised email.
    pub fn supporter_key(&self) -> String {
        supporter_key(&self.campaign, &self.fields.email)
    }

    /// Whether the letter carries the supporter's own words: they changed
    /// the campaign's letter, or added a paragraph of theirs.
    pub fn in_own_words(&self) -> bool {
        self.edited || self.fields.own_words.is_some()
    }

    /// The letter's paragraphs as the supporter signs it: the body's, then
    /// their own paragraph's, if they wrote one.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        let own_words = self.fields.own_words.as_ref().map(AsRef::as_ref);
        [Some(self.fields.body.as_ref()), own_words]
            .into_iter()
            .flatten()
            .flat_map(|text| text.split("\n\n"))
    }

    /// The letter's text: its paragraphs, a blank line between.
    pub fn text(&self) -> String {
        self.paragraphs().collect::<Vec<_>>().join("\n\n")
    }

    /// Names this letter without personal data.
    pub fn reference(&self) -> LetterRef {
        LetterRef {
            campaign: self.campaign.clone(),
            created_at: self.created_at,
            id: self.id,
        }
    }
}

/// The key of `email`'s letter to `campaign`: see [`Letter::supporter_key`].
pub fn supporter_key(campaign: &CampaignSlug, email: &EmailAddress) -> String {
    digest_hex(&[campaign.as_ref(), &email.normalized()])
}

/// A stored letter named without personal data, as a link in an email
/// names it: its campaign, the moment it was written, its random id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRef {
    pub campaign: CampaignSlug,
    pub created_at: OffsetDateTime,
    pub id: Uuid,
}

impl LetterRef {
    /// As text: `{slug}~{nanoseconds since 1970}~{id}`, safe in a URL.
    pub fn encode(&self) -> String {
        format!(
            "{}~{}~{}",
            self.campaign,
            self.created_at.unix_timestamp_nanos(),
            self.id.simple()
        )
    }

    pub fn decode(text: &str) -> Option<Self> {
        let mut parts = text.split('~');
        let campaign = CampaignSlug::parse(parts.next()?).ok()?;
        let nanos: i128 = parts.next()?.parse().ok()?;
        let id = Uuid::try_parse(parts.next()?).ok()?;
        if parts.next().is_some() {
            return None;
        }
        let created_at = OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()?;
        Some(Self {
            campaign,
            created_at,
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{addressing, launch_campaign, letter_form};

    fn compose(form: &LetterForm) -> Result<Letter, FieldErrors> {
        let campaign = launch_campaign();
        Letter::compose(
            form,
            &campaign,
            Language::En,
            &addressing(&campaign, form),
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
        assert_eq!(
            letter.fields.district, None,
            "a Senate letter needs no district"
        );
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
    fn a_paragraph_of_the_supporters_follows_the_letter_and_leaves_it_unedited() {
        let mut form = letter_form("TX", "ada@example.org");
        let unchanged = compose(&form).unwrap();
        assert!(!unchanged.in_own_words());
        assert_eq!(unchanged.text(), unchanged.fields.body.as_ref());
        form.own_words = "  I survived.\r\n\r\nPlease act.  ".into();
        let letter = compose(&form).unwrap();
        assert!(!letter.edited && letter.in_own_words());
        let paragraphs: Vec<&str> = letter.paragraphs().collect();
        assert_eq!(
            paragraphs[paragraphs.len() - 2..],
            ["I survived.", "Please act."]
        );
        assert!(letter.text().ends_with("\n\nI survived.\n\nPlease act."));
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
                .message()
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
                Language::En,
                &addressing(&delivering, form),
                OffsetDateTime::UNIX_EPOCH,
                time::Duration::days(30),
            )
        };
        let mut form = letter_form("TX", "ada@example.org");
        let errors = compose_for(&form).unwrap_err();
        assert!(
            errors
                .get(Field::Prefix)
                .unwrap()
                .message()
                .contains("address you")
        );
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
    fn a_letter_keeps_its_links_tags_and_a_source_only_when_the_campaign_lists_it() {
        let listing = crate::fixtures::campaign_listing_sources(&["acme"]);
        let compose_for = |campaign: &Campaign, source: &str| {
            let mut form = letter_form("TX", "ada@example.org");
            form.source = source.into();
            form.utm_medium = "Email".into();
            let letter = Letter::compose(
                &form,
                campaign,
                Language::En,
                &addressing(campaign, &form),
                OffsetDateTime::UNIX_EPOCH,
                time::Duration::days(30),
            )
            .unwrap();
            let text = |field| letter.fields.text(field).to_owned();
            (text(Field::Source), text(Field::UtmMedium))
        };
        assert_eq!(
            compose_for(&listing, "ACME"),
            ("acme".into(), "email".into())
        );
        assert_eq!(compose_for(&listing, "other"), ("".into(), "email".into()));
        assert_eq!(compose_for(&launch_campaign(), "acme").0, "");
        let mut form = letter_form("TX", "ada@example.org");
        form.utm_campaign = "spring appeal".into();
        let errors = compose(&form).unwrap_err();
        assert!(errors.get(Field::UtmCampaign).is_some(), "{errors:?}");
    }

    #[test]
    fn the_supporter_key_ignores_the_case_of_the_email() {
        let lower = compose(&letter_form("TX", "ada@example.org")).unwrap();
        let upper = compose(&letter_form("CA", "ADA@Example.org")).unwrap();
        assert_eq!(lower.supporter_key(), upper.supporter_key());
        assert_eq!(lower.supporter_key().len(), 64);
    }

    #[test]
    fn a_reference_reads_back_and_refuses_anything_else() {
        let letter = compose(&letter_form("TX", "ada@example.org")).unwrap();
        let reference = letter.reference();
        assert_eq!(LetterRef::decode(&reference.encode()), Some(reference));
        for junk in [
            "",
            "sesta",
            "sesta~1~x",
            "Not A Slug~1~00000000000000000000000000000000",
            "sesta~1~00000000000000000000000000000000~x",
        ] {
            assert_eq!(LetterRef::decode(junk), None, "{junk:?}");
        }
    }
}
