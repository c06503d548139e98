//! The chambers' rules for a message, checked before it is sent: a message
//! that breaks them would be refused for good, so it is not sent at all and
//! the letter's office is marked rejected with what is wrong.

use super::{CwcMessage, DeliveryId};
use crate::domain::{Chamber, PREFIXES, StateCode};

/// Subjects the services take, in characters.
const SUBJECT_CHARS: std::ops::RangeInclusive<usize> = 6..=500;
/// Statements and constituents' messages the services take, in characters.
const MESSAGE_CHARS: std::ops::RangeInclusive<usize> = 6..=10_000;
/// The longest one-line value we send, in characters.
const LINE_CHARS: usize = 200;

fn is_phone(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 12
        && bytes.iter().enumerate().all(|(at, b)| match at {
            3 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Something, an `@`, and a domain with a dot: the services' own pattern.
fn is_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain
                .split_once('.')
                .is_some_and(|(host, rest)| !host.is_empty() && !rest.is_empty())
    })
}

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

    /// A one-line value: present, and at most [`LINE_CHARS`] characters.
    fn line(&mut self, element: &str, value: &str) {
        let chars = value.trim().chars().count();
        self.require((1..=LINE_CHARS).contains(&chars), || {
            format!("{element} must hold 1 to {LINE_CHARS} characters (it has {chars})")
        });
    }

    fn length(&mut self, element: &str, value: &str, range: std::ops::RangeInclusive<usize>) {
        let chars = value.trim().chars().count();
        self.require(range.contains(&chars), || {
            format!(
                "{element} must hold {} to {} characters (it has {chars})",
                range.start(),
                range.end()
            )
        });
    }
}

impl CwcMessage {
    /// Every way the message breaks `chamber`'s rules; empty when it keeps
    /// them. The prefixes checked are those both chambers take: the
    /// Senate's list, which the House's longer list includes.
    pub fn problems(&self, chamber: Chamber) -> Vec<String> {
        let mut problems = Problems::default();
        let (delivery, person, message) = (&self.delivery, &self.constituent, &self.message);
        let office = &self.recipient.office;
        problems.require(office.chamber() == chamber, || {
            format!(
                "MemberOffice {office} is not an office of the {}",
                chamber.name()
            )
        });
        problems.require(
            delivery.id.as_ref().len() == DeliveryId::LEN
                && delivery
                    .id
                    .as_ref()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric()),
            || "DeliveryId must be 32 letters and digits".into(),
        );
        problems.line("DeliveryAgent", &delivery.agent);
        problems.line("DeliveryAgentContactName", &delivery.contact.name);
        problems.line("CampaignId", &delivery.campaign_id);
        for (element, email) in [
            ("DeliveryAgentAckEmailAddress", &delivery.ack_email),
            ("DeliveryAgentContactEmail", &delivery.contact.email),
            ("Email", &person.email),
        ] {
            problems.require(is_email(email), || {
                format!("{element} must be an email address")
            });
        }
        let phones = [
            ("DeliveryAgentContactPhone", Some(&delivery.contact.phone)),
            ("Phone", person.phone.as_ref()),
        ];
        for (element, phone) in phones {
            problems.require(phone.is_none_or(|phone| is_phone(phone)), || {
                format!("{element} must be a phone number as xxx-xxx-xxxx")
            });
        }
        if let Some(organization) = &delivery.organization {
            problems.line("Organization", &organization.name);
        }
        problems.require(PREFIXES.contains(&person.prefix.as_str()), || {
            format!("Prefix must be one of {}", PREFIXES.join(", "))
        });
        for (element, value) in [
            ("FirstName", &person.first_name),
            ("LastName", &person.last_name),
            ("Address1", &person.address1),
            ("City", &person.city),
        ] {
            problems.line(element, value);
        }
        problems.require(
            StateCode::parse(&person.state).is_ok_and(|s| s.code() == person.state),
            || "StateAbbreviation must be a USPS state code".into(),
        );
        problems.require(is_zip(&person.zip), || {
            "Zip must be 12345 or 12345-6789".into()
        });
        problems.length("Subject", &message.subject, SUBJECT_CHARS);
        problems.require(!message.topics.is_empty(), || {
            "LibraryOfCongressTopics must name at least one topic".into()
        });
        let texts = [
            ("OrganizationStatement", &message.organization_statement),
            ("ConstituentMessage", &message.constituent_message),
        ];
        problems.require(texts.iter().any(|(_, text)| text.is_some()), || {
            "Message must hold an OrganizationStatement or a ConstituentMessage".into()
        });
        for (element, text) in texts {
            if let Some(text) = text {
                problems.length(element, text, MESSAGE_CHARS);
            }
        }
        problems.0
    }
}

#[cfg(test)]
mod tests {
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
}
