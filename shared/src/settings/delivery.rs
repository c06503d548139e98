//! The delivery function's settings: where each chamber's service is, which
//! variant of the CWC format it takes, and who we are to it. The API keys
//! are not settings: they live in Secrets Manager, named here by the
//! secret's ARN, and are read once at start (`crate::adapters::CwcApiKeys`).

use super::{Reader, SettingsError};
use crate::cwc::check_value;
pub use crate::cwc::{BillTypeSpelling, BillsLayout, CwcVariant, DeliveryAgent, TextPlacement};
use crate::domain::{Chamber, EmailAddress, PhoneNumber};

/// One chamber's service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChamberService {
    /// `CWC_SENATE_URL` or `CWC_HOUSE_URL`: the service's message endpoint,
    /// without its key (the adapter adds `apikey`).
    pub url: String,
    /// `CWC_SENATE_VARIANT` or `CWC_HOUSE_VARIANT`.
    pub variant: CwcVariant,
}

/// Everything delivery reads from the environment.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// The chambers whose service is configured; a letter to an office of
    /// another chamber waits.
    pub senate: Option<ChamberService>,
    pub house: Option<ChamberService>,
    pub agent: DeliveryAgent,
    /// `CWC_TEXT_PLACEMENT` (default `by-edit`): where a letter's text goes
    /// in its message.
    pub text_placement: TextPlacement,
    /// `CWC_API_KEYS_SECRET_ARN`: the Secrets Manager secret holding the
    /// keys as JSON, `{"senate": "...", "house": "..."}`.
    pub api_keys_secret: Option<String>,
    /// `DELIVERY_RATE_PER_SECOND` (default 2) over `DELIVERY_MAX_CONCURRENCY`
    /// (default 2): each instance's share of the rate the services allow.
    pub per_instance_rate: f64,
}

/// Which of our settings a service's refusal shows to be wrong: staff fix
/// it, then send the letters held for it again (docs/faults.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliverySetting {
    /// The chamber's message endpoint.
    Url,
    /// The chamber's API key.
    Key,
    /// The key, or the address the chamber takes calls from.
    KeyOrAddress,
    /// Who we are to the chamber: the agent's name and contact.
    Agent,
}

impl DeliverySetting {
    /// What to check for `chamber`, by the names staff set it under: the
    /// template's parameter, then the variable the function reads.
    pub fn to_check(self, chamber: Chamber) -> String {
        let (parameter, variable) = match chamber {
            Chamber::Senate => ("Senate", "SENATE"),
            Chamber::House => ("House", "HOUSE"),
        };
        let key = format!(
            "the \"{}\" key in the secret DeliveryApiKeysSecretArn names (locally CWC_API_KEY)",
            chamber.name()
        );
        match self {
            Self::Url => format!("{parameter}DeliveryUrl (CWC_{variable}_URL)"),
            Self::Key => key,
            Self::KeyOrAddress => format!(
                "{key}, or the address the {} allows (DeliveryFixedEgress, DeliveryEgressIp)",
                chamber.title()
            ),
            Self::Agent => format!(
                "{parameter}DeliveryAgentName or DeliveryAgentName, DeliveryAckEmail and \
                 DeliveryContact* (CWC_{variable}_DELIVERY_AGENT, CWC_DELIVERY_AGENT, \
                 CWC_ACK_EMAIL, CWC_CONTACT_*)"
            ),
        }
    }
}

impl DeliverySettings {
    pub fn service(&self, chamber: Chamber) -> Option<&ChamberService> {
        match chamber {
            Chamber::Senate => self.senate.as_ref(),
            Chamber::House => self.house.as_ref(),
        }
    }
}

/// What delivery's variables held, before the agent is known to be complete.
#[derive(Debug, Clone, Default)]
pub(super) struct DeliveryVariables {
    senate: Option<ChamberService>,
    house: Option<ChamberService>,
    agent_name: Option<String>,
    senate_agent_name: Option<String>,
    house_agent_name: Option<String>,
    ack_email: Option<EmailAddress>,
    contact_name: Option<String>,
    contact_email: Option<EmailAddress>,
    contact_phone: Option<PhoneNumber>,
    text_placement: TextPlacement,
    api_keys_secret: Option<String>,
    dead_letter_queue_url: Option<String>,
    rate: f64,
    max_concurrency: f64,
}

fn email(raw: &str) -> Result<EmailAddress, String> {
    EmailAddress::parse(raw).map_err(|_| "an email address".to_owned())
}

impl DeliveryVariables {
    pub(super) fn read(reader: &mut Reader) -> Self {
        let mut service = |chamber: Chamber, url: &str, variant: &str| {
            let variant = reader
                .parsed(variant, |raw| CwcVariant::parse(chamber, raw))
                .unwrap_or_else(|| CwcVariant::default_for(chamber));
            reader
                .parsed(url, |raw| {
                    raw.parse::<super::PublicUrl>()
                        .map(|_| raw.trim().to_owned())
                })
                .map(|url| ChamberService { url, variant })
        };
        let senate = service(Chamber::Senate, "CWC_SENATE_URL", "CWC_SENATE_VARIANT");
        let house = service(Chamber::House, "CWC_HOUSE_URL", "CWC_HOUSE_VARIANT");
        Self {
            senate,
            house,
            agent_name: reader.text("CWC_DELIVERY_AGENT"),
            senate_agent_name: reader.text("CWC_SENATE_DELIVERY_AGENT"),
            house_agent_name: reader.text("CWC_HOUSE_DELIVERY_AGENT"),
            ack_email: reader.parsed("CWC_ACK_EMAIL", email),
            contact_name: reader.text("CWC_CONTACT_NAME"),
            contact_email: reader.parsed("CWC_CONTACT_EMAIL", email),
            contact_phone: reader.parsed("CWC_CONTACT_PHONE", |raw| {
                PhoneNumber::parse(raw).map_err(|_| "a 10-digit U.S. phone number".to_owned())
            }),
            text_placement: reader
                .parsed("CWC_TEXT_PLACEMENT", str::parse)
                .unwrap_or_default(),
            api_keys_secret: reader.text("CWC_API_KEYS_SECRET_ARN"),
            dead_letter_queue_url: reader.text("DELIVERY_DEAD_LETTER_QUEUE_URL"),
            rate: reader.positive("DELIVERY_RATE_PER_SECOND", 2.0),
            max_concurrency: reader.positive("DELIVERY_MAX_CONCURRENCY", 2.0),
        }
    }

    /// `DELIVERY_DEAD_LETTER_QUEUE_URL`: where the delivery function sets
    /// aside a letter held until a setting is fixed.
    pub(super) fn dead_letter_queue_url(&self) -> Option<&str> {
        self.dead_letter_queue_url.as_deref()
    }

    /// The delivery settings, for letters sent for `organization`
    /// (`SPONSOR_NAME`). The agent's five variables are required (the name
    /// may instead be given for each chamber), and each value that goes
    /// into every message must be one that message's element takes: a
    /// wrong one would have every letter rejected.
    pub(super) fn settings(&self, organization: &str) -> Result<DeliverySettings, SettingsError> {
        let senate_name = self.senate_agent_name.as_ref().or(self.agent_name.as_ref());
        let house_name = self.house_agent_name.as_ref().or(self.agent_name.as_ref());
        let missing = |name: &str, absent: bool| absent.then(|| SettingsError::missing(name).0);
        let unfit = |variable: &str, element: &str, value: Option<&str>| {
            let problem = check_value(element, value?).err()?;
            Some(vec![format!(
                "{variable} goes into each message's {element}: {problem}"
            )])
        };
        let problems: Vec<String> = [
            missing(
                "CWC_DELIVERY_AGENT",
                senate_name.is_none() || house_name.is_none(),
            ),
            missing("CWC_ACK_EMAIL", self.ack_email.is_none()),
            missing("CWC_CONTACT_NAME", self.contact_name.is_none()),
            missing("CWC_CONTACT_EMAIL", self.contact_email.is_none()),
            missing("CWC_CONTACT_PHONE", self.contact_phone.is_none()),
            unfit(
                "CWC_DELIVERY_AGENT",
                "DeliveryAgent",
                self.agent_name.as_deref(),
            ),
            unfit(
                "CWC_SENATE_DELIVERY_AGENT",
                "DeliveryAgent",
                self.senate_agent_name.as_deref(),
            ),
            unfit(
                "CWC_HOUSE_DELIVERY_AGENT",
                "DeliveryAgent",
                self.house_agent_name.as_deref(),
            ),
            unfit(
                "CWC_CONTACT_NAME",
                "DeliveryAgentContactName",
                self.contact_name.as_deref(),
            ),
            unfit("SPONSOR_NAME", "Organization", Some(organization)),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .collect();
        match (
            senate_name,
            house_name,
            &self.ack_email,
            &self.contact_name,
            &self.contact_email,
            &self.contact_phone,
        ) {
            (
                Some(senate),
                Some(house),
                Some(ack),
                Some(contact),
                Some(contact_email),
                Some(phone),
            ) if problems.is_empty() => Ok(DeliverySettings {
                senate: self.senate.clone(),
                house: self.house.clone(),
                agent: DeliveryAgent {
                    senate_name: senate.clone(),
                    house_name: house.clone(),
                    ack_email: ack.clone(),
                    contact_name: contact.clone(),
                    contact_email: contact_email.clone(),
                    contact_phone: phone.clone(),
                },
                text_placement: self.text_placement,
                api_keys_secret: self.api_keys_secret.clone(),
                per_instance_rate: self.rate / self.max_concurrency,
            }),
            _ => Err(SettingsError(problems)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Env, Settings};
    use super::*;

    const AGENT: [(&str, &str); 5] = [
        ("CWC_DELIVERY_AGENT", "Example Advocacy Coalition"),
        ("CWC_ACK_EMAIL", "cwc-acks@example.org"),
        ("CWC_CONTACT_NAME", "Grace Hopper"),
        ("CWC_CONTACT_EMAIL", "grace@example.org"),
        ("CWC_CONTACT_PHONE", "202-555-0100"),
    ];

    #[test]
    fn each_setting_to_fix_is_named_as_staff_set_it() {
        for (setting, chamber, names) in [
            (
                DeliverySetting::Url,
                Chamber::House,
                ["HouseDeliveryUrl", "CWC_HOUSE_URL"],
            ),
            (
                DeliverySetting::Key,
                Chamber::Senate,
                ["\"senate\" key", "DeliveryApiKeysSecretArn"],
            ),
            (
                DeliverySetting::KeyOrAddress,
                Chamber::House,
                ["\"house\" key", "DeliveryFixedEgress"],
            ),
            (
                DeliverySetting::Agent,
                Chamber::House,
                ["HouseDeliveryAgentName", "CWC_HOUSE_DELIVERY_AGENT"],
            ),
        ] {
            let text = setting.to_check(chamber);
            for name in names {
                assert!(text.contains(name), "{name} in {text}");
            }
        }
    }

    #[test]
    fn delivery_names_each_missing_agent_variable() {
        let settings = Settings::from_env(&Env::default()).unwrap();
        let error = settings.delivery().unwrap_err().to_string();
        for (name, _) in AGENT {
            assert!(error.contains(name), "{name} in {error}");
        }
    }

    #[test]
    fn each_chamber_takes_its_url_and_variant() {
        let env = Env::from_pairs(AGENT.into_iter().chain([
            ("CWC_SENATE_URL", "https://soapbox.example/api/submit"),
            ("CWC_SENATE_VARIANT", "bills=bare,organization=Organization"),
            ("DELIVERY_RATE_PER_SECOND", "3"),
        ]));
        let delivery = Settings::from_env(&env).unwrap().delivery().unwrap();
        let senate = delivery.service(Chamber::Senate).unwrap();
        assert_eq!(senate.variant.bills, BillsLayout::Bare);
        assert_eq!(senate.variant.constituent_organization, "Organization");
        assert_eq!(senate.variant.bill_types, BillTypeSpelling::Dotted);
        assert!(delivery.service(Chamber::House).is_none());
        assert_eq!(delivery.per_instance_rate, 1.5);
        assert_eq!(delivery.agent.contact_phone.as_ref(), "202-555-0100");
        assert_eq!(delivery.text_placement, TextPlacement::ByEdit);
    }

    #[test]
    fn the_text_placement_is_read_and_a_wrong_one_named() {
        let env = Env::from_pairs(
            AGENT
                .into_iter()
                .chain([("CWC_TEXT_PLACEMENT", "constituent")]),
        );
        let delivery = Settings::from_env(&env).unwrap().delivery().unwrap();
        assert_eq!(delivery.text_placement, TextPlacement::Constituent);
        let env = Env::from_pairs([("CWC_TEXT_PLACEMENT", "statement")]);
        let error = Settings::from_env(&env).unwrap_err().to_string();
        assert!(
            error.contains("CWC_TEXT_PLACEMENT must be \"by-edit\" or \"constituent\""),
            "{error}"
        );
    }

    #[test]
    fn a_chamber_may_know_the_agent_by_another_name() {
        let env = Env::from_pairs(AGENT.into_iter().chain([(
            "CWC_HOUSE_DELIVERY_AGENT",
            "Example Advocacy Coalition Inc.",
        )]));
        let agent = Settings::from_env(&env).unwrap().delivery().unwrap().agent;
        assert_eq!(agent.name(Chamber::Senate), "Example Advocacy Coalition");
        assert_eq!(
            agent.name(Chamber::House),
            "Example Advocacy Coalition Inc."
        );

        let both = Env::from_pairs(
            AGENT
                .into_iter()
                .filter(|(name, _)| *name != "CWC_DELIVERY_AGENT")
                .chain([
                    ("CWC_SENATE_DELIVERY_AGENT", "Example Coalition"),
                    ("CWC_HOUSE_DELIVERY_AGENT", "Example Coalition Inc."),
                ]),
        );
        let agent = Settings::from_env(&both).unwrap().delivery().unwrap().agent;
        assert_eq!(agent.name(Chamber::Senate), "Example Coalition");
    }

    #[test]
    fn values_every_message_carries_are_held_to_its_elements_at_start() {
        let env = Env::from_pairs(
            AGENT
                .into_iter()
                .filter(|(name, _)| *name != "CWC_CONTACT_NAME")
                .chain([
                    ("CWC_CONTACT_NAME", "Grace"),
                    ("CWC_SENATE_DELIVERY_AGENT", "Example\u{FFFE}Coalition"),
                    ("SPONSOR_NAME", "EA"),
                ]),
        );
        let error = Settings::from_env(&env)
            .unwrap()
            .delivery()
            .unwrap_err()
            .to_string();
        for expected in [
            "CWC_CONTACT_NAME goes into each message's DeliveryAgentContactName: \
             DeliveryAgentContactName must hold 6 to 200 characters (it has 5)",
            "CWC_SENATE_DELIVERY_AGENT goes into each message's DeliveryAgent: \
             DeliveryAgent holds U+FFFE, a character XML 1.0 does not allow",
            "SPONSOR_NAME goes into each message's Organization: \
             Organization must hold 3 to 500 characters (it has 2)",
        ] {
            assert!(error.contains(expected), "{expected} in {error}");
        }
    }

    #[test]
    fn malformed_delivery_variables_are_named() {
        let env = Env::from_pairs([
            ("CWC_SENATE_URL", "soapbox"),
            ("CWC_HOUSE_VARIANT", "bills=sideways"),
            ("CWC_CONTACT_PHONE", "12"),
            ("CWC_ACK_EMAIL", "nobody"),
        ]);
        let error = Settings::from_env(&env).unwrap_err().to_string();
        for name in [
            "CWC_SENATE_URL",
            "CWC_HOUSE_VARIANT",
            "CWC_CONTACT_PHONE",
            "CWC_ACK_EMAIL",
        ] {
            assert!(error.contains(name), "{name} in {error}");
        }
    }
}
