//! A letter as both stores keep it: DynamoDB's item and the embedded
//! store's line in `letters.jsonl`. Stored letters outlive the code that
//! wrote them, so the stored form is not the domain [`Letter`] but a shape
//! of its own per schema version, named on the item (`schema_version`).
//! Letters are written in the newest version and read in any; every
//! version converts to the domain letter. The golden files
//! (`shared/tests/golden/v*/`) hold what each version wrote.

use crate::domain::{
    CampaignSlug, City, Closing, DistrictChoice, EmailAddress, LetterBody, LetterSubject, LinkTag,
    OwnWords, PersonName, PhoneNumber, Prefix, StateCode, Street, ZipCode,
};
use crate::language::Language;
use crate::letter::{ConfirmationStatus, Deliveries, Letter, LetterFields};
use crate::members::Recipient;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use uuid::Uuid;

/// The attribute naming an item's schema version.
const SCHEMA_VERSION: &str = "schema_version";

/// A letter in the shape of the schema version that stored it.
pub enum StoredLetter {
    V1(LetterV1),
}

impl StoredLetter {
    /// The version new letters are written in.
    pub const NEWEST: u32 = 1;

    /// Writes `letter` in the newest version: for a letter flattened into
    /// an adapter's own item (`#[serde(flatten, serialize_with = ...)]`).
    pub fn write<S: Serializer>(letter: &Letter, serializer: S) -> Result<S::Ok, S::Error> {
        Self::from(letter).serialize(serializer)
    }

    /// Reads a letter stored in any version: the other half of [`Self::write`].
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Letter, D::Error> {
        Self::deserialize(deserializer).map(Letter::from)
    }
}

impl From<&Letter> for StoredLetter {
    fn from(letter: &Letter) -> Self {
        Self::V1(LetterV1::from(letter.clone()))
    }
}

impl From<StoredLetter> for Letter {
    fn from(stored: StoredLetter) -> Self {
        match stored {
            StoredLetter::V1(letter) => letter.into(),
        }
    }
}

impl Serialize for StoredLetter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Versioned<'a, T> {
            schema_version: u32,
            #[serde(flatten)]
            letter: &'a T,
        }
        match self {
            Self::V1(letter) => Versioned {
                schema_version: 1,
                letter,
            }
            .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for StoredLetter {
    /// Reads the item whole, then as the version it names: none named is
    /// version 1, as every letter stored before versions were.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut item = serde_json::Map::deserialize(deserializer)?;
        let version = match item.remove(SCHEMA_VERSION) {
            Some(version) => u32::deserialize(version).map_err(D::Error::custom)?,
            None => 1,
        };
        let item = serde_json::Value::Object(item);
        let read = match version {
            1 => LetterV1::deserialize(item).map(Self::V1),
            // Refused, never misread: code rolled back past a version cannot
            // know what it changed.
            unknown => {
                return Err(D::Error::custom(format!(
                    "a letter of schema version {unknown}; this code reads 1 to {}",
                    Self::NEWEST
                )));
            }
        };
        read.map_err(D::Error::custom)
    }
}

/// Version 1: the letter as it was stored before versions were named. The
/// defaults read letters stored before those attributes were written.
#[derive(Serialize, Deserialize)]
pub struct LetterV1 {
    id: Uuid,
    campaign: CampaignSlug,
    #[serde(default)]
    campaign_version: u64,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    prefix: Option<Prefix>,
    first_name: PersonName,
    last_name: PersonName,
    email: EmailAddress,
    phone: Option<PhoneNumber>,
    street: Street,
    city: City,
    state: StateCode,
    zip: ZipCode,
    district: Option<DistrictChoice>,
    subject: LetterSubject,
    body: LetterBody,
    /// None on letters stored before supporters could add a paragraph.
    #[serde(default)]
    own_words: Option<OwnWords>,
    closing: Closing,
    /// Where the letter came from; none on letters stored before links
    /// were recorded.
    #[serde(default)]
    source: Option<LinkTag>,
    #[serde(default)]
    utm_source: Option<LinkTag>,
    #[serde(default)]
    utm_medium: Option<LinkTag>,
    #[serde(default)]
    utm_campaign: Option<LinkTag>,
    opt_in: bool,
    edited: bool,
    /// The language the letter was written in; English on letters stored
    /// before pages spoke Spanish.
    #[serde(default)]
    language: Language,
    #[serde(default)]
    email_verified: bool,
    #[serde(default)]
    opt_in_confirmed: bool,
    recipients: Vec<Recipient>,
    confirmation: ConfirmationStatus,
    #[serde(default)]
    deliveries: Deliveries,
    expires_at: i64,
}

impl From<Letter> for LetterV1 {
    fn from(letter: Letter) -> Self {
        // Taken apart in full, so that a field added to the letter stops
        // the build here until its stored form is decided.
        let Letter {
            id,
            campaign,
            campaign_version,
            created_at,
            fields:
                LetterFields {
                    prefix,
                    first_name,
                    last_name,
                    email,
                    phone,
                    street,
                    city,
                    state,
                    zip,
                    district,
                    subject,
                    body,
                    own_words,
                    closing,
                    source,
                    utm_source,
                    utm_medium,
                    utm_campaign,
                    opt_in,
                },
            edited,
            language,
            email_verified,
            opt_in_confirmed,
            recipients,
            confirmation,
            deliveries,
            expires_at,
        } = letter;
        Self {
            id,
            campaign,
            campaign_version,
            created_at,
            prefix,
            first_name,
            last_name,
            email,
            phone,
            street,
            city,
            state,
            zip,
            district,
            subject,
            body,
            own_words,
            closing,
            source,
            utm_source,
            utm_medium,
            utm_campaign,
            opt_in,
            edited,
            language,
            email_verified,
            opt_in_confirmed,
            recipients,
            confirmation,
            deliveries,
            expires_at,
        }
    }
}

impl From<LetterV1> for Letter {
    fn from(stored: LetterV1) -> Self {
        Self {
            id: stored.id,
            campaign: stored.campaign,
            campaign_version: stored.campaign_version,
            created_at: stored.created_at,
            fields: LetterFields {
                prefix: stored.prefix,
                first_name: stored.first_name,
                last_name: stored.last_name,
                email: stored.email,
                phone: stored.phone,
                street: stored.street,
                city: stored.city,
                state: stored.state,
                zip: stored.zip,
                district: stored.district,
                subject: stored.subject,
                body: stored.body,
                own_words: stored.own_words,
                closing: stored.closing,
                source: stored.source,
                utm_source: stored.utm_source,
                utm_medium: stored.utm_medium,
                utm_campaign: stored.utm_campaign,
                opt_in: stored.opt_in,
            },
            edited: stored.edited,
            language: stored.language,
            email_verified: stored.email_verified,
            opt_in_confirmed: stored.opt_in_confirmed,
            recipients: stored.recipients,
            confirmation: stored.confirmation,
            deliveries: stored.deliveries,
            expires_at: stored.expires_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::letter;
    use serde_json::{Value, json};

    fn stored(letter: &Letter) -> Value {
        serde_json::to_value(StoredLetter::from(letter)).unwrap()
    }

    fn read(json: Value) -> Letter {
        serde_json::from_value::<StoredLetter>(json).unwrap().into()
    }

    #[test]
    fn a_letter_is_written_in_the_newest_version_and_reads_back_as_written() {
        let letter = letter("ada@example.org");
        let json = stored(&letter);
        assert_eq!(json[SCHEMA_VERSION], StoredLetter::NEWEST);
        assert_eq!(json["body"], letter.fields.body.as_ref());
        assert_eq!(json["opt_in"], false);
        assert_eq!(read(json), letter);
    }

    #[test]
    fn a_letter_stored_before_versions_were_named_is_version_1() {
        let letter = letter("ada@example.org");
        let mut json = stored(&letter);
        json.as_object_mut().unwrap().remove(SCHEMA_VERSION);
        let read = serde_json::from_value::<StoredLetter>(json).unwrap();
        assert!(matches!(read, StoredLetter::V1(_)));
        assert_eq!(Letter::from(read), letter);
    }

    #[test]
    fn a_letter_of_a_version_this_code_does_not_know_is_refused() {
        let mut json = stored(&letter("ada@example.org"));
        json[SCHEMA_VERSION] = json!(StoredLetter::NEWEST + 1);
        let error = serde_json::from_value::<StoredLetter>(json)
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("schema version 2"), "{error}");
    }

    #[test]
    fn a_letter_stored_before_verification_existed_reads_as_unverified() {
        let mut json = stored(&letter("ada@example.org"));
        let object = json.as_object_mut().unwrap();
        object.remove("email_verified");
        object.remove("opt_in_confirmed");
        let old = read(json);
        assert!(!old.email_verified && !old.opt_in_confirmed);
    }

    #[test]
    fn where_a_letter_came_from_is_stored_and_older_letters_read_without_it() {
        let mut letter = letter("ada@example.org");
        letter.fields.source = Some(LinkTag::parse("acme").unwrap());
        letter.fields.utm_campaign = Some(LinkTag::parse("spring").unwrap());
        let json = stored(&letter);
        assert_eq!(
            (&json["source"], &json["utm_campaign"]),
            (&json!("acme"), &json!("spring"))
        );
        assert_eq!(read(json.clone()), letter);
        let mut old = json;
        for name in ["source", "utm_source", "utm_medium", "utm_campaign"] {
            old.as_object_mut().unwrap().remove(name);
        }
        let old = read(old);
        assert_eq!((old.fields.source, old.fields.utm_campaign), (None, None));
    }

    #[test]
    fn a_paragraph_is_stored_and_a_letter_stored_before_paragraphs_reads_without_one() {
        let mut letter = letter("ada@example.org");
        letter.fields.own_words = Some(OwnWords::parse("My sister was trafficked.").unwrap());
        let json = stored(&letter);
        assert_eq!(json["own_words"], "My sister was trafficked.");
        assert_eq!(read(json.clone()), letter);
        let mut old = json;
        old.as_object_mut().unwrap().remove("own_words");
        assert_eq!(read(old).fields.own_words, None);
    }

    #[test]
    fn a_letter_stored_before_the_house_still_reads_back() {
        let letter = letter("ada@example.org");
        let mut json = stored(&letter);
        json["recipients"] = json!(["C001056", "C001098"]);
        json.as_object_mut().unwrap().remove("district");
        assert_eq!(read(json), letter);
    }
}
