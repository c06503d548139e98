//! The message's parts, as typed values, and how a letter becomes one.

use super::DeliveryAgent;
use super::DeliveryId;
use super::TextPlacement;
use crate::campaign::Campaign;
use crate::domain::{Bill, FormValue, LibraryOfCongressTopic, Stance};
use crate::letter::Letter;
use crate::members::OfficeCode;
use time::Date;

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
    /// `organization` in `campaign`, its text placed as `placement` says. Every part comes from the letter, the
    /// campaign and the settings, so composing it again (a retry) gives the
    /// same message: its date is the day the letter was written. What the
    /// supporter did not say is left out (whether they want a reply, or the
    /// member's newsletter), never assumed.
    pub fn compose(
        letter: &Letter,
        office: &OfficeCode,
        campaign: &Campaign,
        agent: &DeliveryAgent,
        organization: &str,
        placement: TextPlacement,
    ) -> Self {
        let fields = &letter.fields;
        let (organization_statement, constituent_message) = placement.texts(letter);
        let filing = campaign.cwc.as_ref();
        Self {
            delivery: DeliveryHeader {
                id: DeliveryId::derive(letter.id, office),
                date: letter.created_at.date(),
                agent: agent.name.clone(),
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
