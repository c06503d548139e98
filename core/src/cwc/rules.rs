//! The chambers' rules for a message, checked before it is sent: a message
//! that breaks them would be refused for good, so it is not sent at all and
//! the letter's office is marked rejected with what is wrong. Each rule
//! names its public source, by the ids of `docs/cwc-evidence.md`.

use super::{CwcMessage, DeliveryId};
use crate::domain::{Chamber, PREFIXES, StateCode, allowed_in_xml};
use std::ops::RangeInclusive;

/// The longest one-line value we send, in characters: our own limit, below
/// the Senate RNG's 500 (MYD `constants.ts`).
const LINE_CHARS: usize = 200;

/// How many characters `element` holds, counted after trimming (in
/// `char`s: the unit the services count in is not public).
fn bounds(element: &str) -> RangeInclusive<usize> {
    match element {
        // The Senate RNG's minimums and maximums, as MYD transcribed them
        // (`constants.ts`, `xml.ts`); the House publishes none, so these
        // hold for both.
        "DeliveryAgentContactName" => 6..=LINE_CHARS,
        "Organization" => 3..=500,
        "OrganizationContactName" | "ConstituentOrganization" | "Address2" => 2..=LINE_CHARS,
        "OrganizationAbout" => 6..=500,
        "CampaignId" => 2..=500,
        "Subject" => 6..=500,
        "OrganizationStatement" | "ConstituentMessage" => 6..=10_000,
        _ => 1..=LINE_CHARS,
    }
}

/// The first character of `value` that XML 1.0 does not allow anywhere
/// in a document, not even as a reference (W3C XML 1.0 §2.2): the House's
/// service answers 400 to any document that does not parse (HSRV), and MYD
/// strips such characters because the services refuse them.
fn forbidden_character(element: &str, value: &str) -> Result<(), String> {
    match value.chars().find(|c| !allowed_in_xml(*c)) {
        Some(c) => Err(format!(
            "{element} holds U+{:04X}, a character XML 1.0 does not allow",
            u32::from(c)
        )),
        None => Ok(()),
    }
}

/// Whether `value` may be the text of `element`: only characters XML 1.0
/// allows, and as many as the element holds. Settings that go into every
/// message are checked with it when they are read.
pub fn check_value(element: &str, value: &str) -> Result<(), String> {
    forbidden_character(element, value)?;
    let (range, chars) = (bounds(element), value.trim().chars().count());
    if range.contains(&chars) {
        Ok(())
    } else {
        Err(format!(
            "{element} must hold {} to {} characters (it has {chars})",
            range.start(),
            range.end()
        ))
    }
}

/// `xxx-xxx-xxxx`: HSAMPLE, EFF-gem's comment, MYD.
fn is_phone(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 12
        && bytes.iter().enumerate().all(|(at, b)| match at {
            3 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Something, an `@`, and a domain with a dot: the schema's own pattern
/// (RNG-frag `[^@]+@[^\.]+\..+`; HSRV's tests refuse an empty host).
fn is_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain
                .split_once('.')
                .is_some_and(|(host, rest)| !host.is_empty() && !rest.is_empty())
    })
}

/// Five digits, or ZIP+4 with a hyphen: HSAMPLE, HSRV's tests, MYD.
fn is_zip(text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match text.split_once('-') {
        None => digits(text, 5),
        Some((five, four)) => digits(five, 5) && digits(four, 4),
    }
}

/// Collects what is wrong, element by element.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn require(&mut self, holds: bool, problem: impl FnOnce() -> String) {
        if !holds {
            self.0.push(problem());
        }
    }

    /// Free text, held to [`check_value`].
    fn text(&mut self, element: &str, value: &str) {
        if let Err(problem) = check_value(element, value) {
            self.0.push(problem);
        }
    }

    fn optional_text(&mut self, element: &str, value: Option<&String>) {
        if let Some(value) = value {
            self.text(element, value);
        }
    }

    /// A value held to a pattern or a list, checked apart: here only for
    /// the characters XML 1.0 allows, so that every value is.
    fn characters(&mut self, element: &str, value: &str) {
        if let Err(problem) = forbidden_character(element, value) {
            self.0.push(problem);
        }
    }
}

impl CwcMessage {
    /// Every way the message breaks `chamber`'s rules; empty when it keeps
    /// them. Every value it carries is checked, at least for the characters
    /// XML 1.0 allows.
    pub fn problems(&self, chamber: Chamber) -> Vec<String> {
        let mut problems = Problems::default();
        let (delivery, person, message) = (&self.delivery, &self.constituent, &self.message);
        // S or H, the state, the seat: CCM, MYD; the chamber's own service
        // takes only its offices (every source splits by the letter).
        let office = &self.recipient.office;
        problems.require(office.chamber() == chamber, || {
            format!(
                "MemberOffice {office} is not an office of the {}",
                chamber.name()
            )
        });
        // 32 letters and digits: RNG-frag, HSRV.
        problems.require(
            delivery.id.as_ref().len() == DeliveryId::LEN
                && delivery
                    .id
                    .as_ref()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric()),
            || "DeliveryId must be 32 letters and digits".into(),
        );
        problems.text("DeliveryAgent", &delivery.agent);
        problems.text("DeliveryAgentContactName", &delivery.contact.name);
        problems.text("CampaignId", &delivery.campaign_id);
        let mut emails = vec![
            ("DeliveryAgentAckEmailAddress", &delivery.ack_email),
            ("DeliveryAgentContactEmail", &delivery.contact.email),
            ("Email", &person.email),
        ];
        let mut phones = vec![
            ("DeliveryAgentContactPhone", Some(&delivery.contact.phone)),
            ("Phone", person.phone.as_ref()),
        ];
        if let Some(organization) = &delivery.organization {
            problems.text("Organization", &organization.name);
            if let Some(contact) = &organization.contact {
                problems.text("OrganizationContactName", &contact.name);
                emails.push(("OrganizationContactEmail", &contact.email));
                phones.push(("OrganizationContactPhone", Some(&contact.phone)));
            }
            problems.optional_text("OrganizationAbout", organization.about.as_ref());
        }
        for (element, email) in emails {
            problems.characters(element, email);
            problems.require(is_email(email), || {
                format!("{element} must be an email address")
            });
        }
        for (element, phone) in phones {
            problems.characters(element, phone.map_or("", String::as_str));
            problems.require(phone.is_none_or(|phone| is_phone(phone)), || {
                format!("{element} must be a phone number as xxx-xxx-xxxx")
            });
        }
        // The Senate takes exactly these five (MYD, from the Senate); CCM
        // sends them to both chambers, and no source shows the House
        // refusing one.
        problems.characters("Prefix", &person.prefix);
        problems.require(PREFIXES.contains(&person.prefix.as_str()), || {
            format!("Prefix must be one of {}", PREFIXES.join(", "))
        });
        for (element, value) in [
            ("FirstName", &person.first_name),
            ("LastName", &person.last_name),
            ("Address1", &person.address1),
            ("City", &person.city),
        ] {
            problems.text(element, value);
        }
        for (element, value) in [
            ("MiddleName", &person.middle_name),
            ("Suffix", &person.suffix),
            ("Title", &person.title),
            ("ConstituentOrganization", &person.organization),
            ("Address2", &person.address2),
        ] {
            problems.optional_text(element, value.as_ref());
        }
        // The USPS codes of the states, DC and the five territories (MYD's
        // RNG enumeration).
        problems.characters("StateAbbreviation", &person.state);
        problems.require(
            StateCode::parse(&person.state).is_ok_and(|s| s.code() == person.state),
            || "StateAbbreviation must be a USPS state code".into(),
        );
        problems.characters("Zip", &person.zip);
        problems.require(is_zip(&person.zip), || {
            "Zip must be 12345 or 12345-6789".into()
        });
        problems.text("Subject", &message.subject);
        // At least one policy area: HSRV's tests, MYD.
        problems.require(!message.topics.is_empty(), || {
            "LibraryOfCongressTopics must name at least one topic".into()
        });
        // One text or both: HSRV's tests refuse a message with neither; MYD.
        let texts = [
            ("OrganizationStatement", &message.organization_statement),
            ("ConstituentMessage", &message.constituent_message),
        ];
        problems.require(texts.iter().any(|(_, text)| text.is_some()), || {
            "Message must hold an OrganizationStatement or a ConstituentMessage".into()
        });
        for (element, text) in texts {
            problems.optional_text(element, text.as_ref());
        }
        problems.0
    }
}

#[cfg(test)]
mod tests {
    use crate::cwc::{AgentContact, Constituent, CwcVariant, DeliveryHeader, Organization};
    use crate::domain::Chamber;
    use crate::fixtures::{cwc_message, delivering_letter};
    use crate::members::OfficeCode;

    #[test]
    fn a_composed_letter_keeps_the_senates_rules() {
        let message = cwc_message(&delivering_letter("ada@example.org"), "SME02");
        assert_eq!(message.problems(Chamber::Senate), Vec::<String>::new());
    }

    #[test]
    fn each_broken_rule_is_named() {
        let letter = delivering_letter("ada@example.org");
        type Break = fn(&mut super::CwcMessage);
        let cases: [(&str, Break); 8] = [
            ("Prefix", |m| m.constituent.prefix = "Rev.".into()),
            ("Prefix", |m| m.constituent.prefix = String::new()),
            ("Subject", |m| m.message.subject = "Hi".into()),
            ("ConstituentMessage", |m| {
                m.message.constituent_message = Some("x".repeat(10_001))
            }),
            ("OrganizationStatement or a ConstituentMessage", |m| {
                m.message.organization_statement = None;
                m.message.constituent_message = None
            }),
            ("Phone", |m| m.constituent.phone = Some("5125550143".into())),
            ("LibraryOfCongressTopics", |m| m.message.topics.clear()),
            ("not an office of the senate", |m| {
                m.recipient.office = OfficeCode::parse("HME01").unwrap()
            }),
        ];
        for (expected, break_it) in cases {
            let mut message = cwc_message(&letter, "SME02");
            break_it(&mut message);
            let problems = message.problems(Chamber::Senate);
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
    }

    #[test]
    fn the_senate_schemas_lengths_are_held_to() {
        let letter = delivering_letter("ada@example.org");
        type Break = fn(&mut super::CwcMessage);
        let cases: [(&str, Break); 6] = [
            ("DeliveryAgentContactName must hold 6", |m| {
                m.delivery.contact.name = "Grace".into()
            }),
            ("Organization must hold 3 to 500", |m| {
                m.delivery.organization.as_mut().unwrap().name = "EA".into()
            }),
            ("Organization must hold 3 to 500", |m| {
                m.delivery.organization.as_mut().unwrap().name = "x".repeat(501)
            }),
            ("CampaignId must hold 2 to 500", |m| {
                m.delivery.campaign_id = "s".into()
            }),
            ("OrganizationAbout must hold 6 to 500", |m| {
                m.delivery.organization.as_mut().unwrap().about = Some("Small".into())
            }),
            ("OrganizationContactName must hold 2", |m| {
                m.delivery.organization.as_mut().unwrap().contact = Some(AgentContact {
                    name: "G".into(),
                    email: "g@example.org".into(),
                    phone: "202-555-0100".into(),
                })
            }),
        ];
        for (expected, break_it) in cases {
            let mut message = cwc_message(&letter, "SME02");
            break_it(&mut message);
            let problems = message.problems(Chamber::Senate);
            assert!(
                problems.iter().any(|p| p.starts_with(expected)),
                "{expected}: {problems:?}"
            );
        }
    }

    /// Every value of `message` given a character XML 1.0 forbids: the
    /// fields are named without `..`, so a field added later must be
    /// listed here.
    fn poison_every_value(message: &mut super::CwcMessage) {
        let poisoned = |value: &str| format!("{value} \u{FFFF}");
        let DeliveryHeader {
            id: _,
            date: _,
            agent,
            ack_email,
            contact,
            organization,
            campaign_id,
        } = &mut message.delivery;
        let org = organization.insert(Organization {
            name: "Example Advocacy Coalition".into(),
            contact: None,
            about: None,
        });
        org.about = Some("We write to Congress.".into());
        org.contact = Some(contact.clone());
        let Organization {
            name,
            contact: Some(org_contact),
            about: Some(about),
        } = org
        else {
            unreachable!()
        };
        let mut values = vec![agent, ack_email, campaign_id, name, about];
        for AgentContact { name, email, phone } in [contact, org_contact] {
            values.extend([name, email, phone]);
        }
        let Constituent {
            prefix,
            first_name,
            middle_name,
            last_name,
            suffix,
            title,
            organization,
            address1,
            address2,
            city,
            state,
            zip,
            phone,
            email,
            email_validation: _,
        } = &mut message.constituent;
        for optional in [middle_name, suffix, title, organization, address2, phone] {
            values.push(optional.insert("Filled in".into()));
        }
        values.extend([
            prefix, first_name, last_name, address1, city, state, zip, email,
        ]);
        let texts = &mut message.message;
        values.push(&mut texts.subject);
        for text in [
            &mut texts.organization_statement,
            &mut texts.constituent_message,
        ] {
            values.push(text.insert("A letter to the office.".into()));
        }
        for value in values {
            *value = poisoned(value);
        }
    }

    #[test]
    fn every_value_the_message_carries_is_held_to_the_characters_xml_allows() {
        let mut message = cwc_message(&delivering_letter("ada@example.org"), "SME02");
        poison_every_value(&mut message);
        let problems = message.problems(Chamber::Senate);
        let xml = message.to_xml(&CwcVariant::default_for(Chamber::Senate));
        let poisoned: Vec<&str> = xml
            .lines()
            .filter(|line| line.contains('\u{FFFF}'))
            .map(|line| line.trim_start().trim_start_matches('<'))
            .map(|line| &line[..line.find('>').unwrap()])
            .collect();
        assert_eq!(poisoned.len(), 28, "{xml}");
        for element in poisoned {
            let expected = format!("{element} holds U+FFFF, a character XML 1.0 does not allow");
            assert!(problems.contains(&expected), "{expected} in {problems:?}");
        }
    }
}
