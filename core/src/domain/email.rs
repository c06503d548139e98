//! A supporter's email address.
//!
//! Deliberately stricter than RFC 5321 where the RFC allows what mail systems
//! in practice refuse (quoted local parts, IP-literal domains, bare hosts).
//! The local part is ASCII; a domain may be internationalised, and is sent
//! to in its ASCII (punycode) form.
//!
//! One mailbox has many spellings: case, `+tag` suffixes, dots in a Gmail
//! local part, `googlemail.com`, a domain in Unicode or in punycode. For
//! telling supporters apart and for rate limits, they are all one address
//! ([`EmailAddress::normalized`]); mail goes to the address as typed.

use super::{Control, InvalidValue, Widget};
use crate::messages::{Message, MessageId};
use crate::msg;

const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;
const MAX_LABEL_LEN: usize = 63;

/// An address as the supporter typed it (trimmed), known to be well formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

const EMPTY: MessageId = msg!("email-empty");
const MALFORMED: MessageId = msg!("email-malformed");

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let address = input.trim();
        if address.is_empty() {
            return Err(EMPTY.into());
        }
        if address.len() > MAX_LEN {
            return Err(Message::from(msg!("email-too-long"))
                .with("max", MAX_LEN)
                .into());
        }
        let well_formed = address.rsplit_once('@').is_some_and(|(local, domain)| {
            is_local_part(local)
                && ascii_domain(domain).is_some_and(|ascii| {
                    is_domain(&ascii) && local.len() + 1 + ascii.len() <= MAX_LEN
                })
        });
        if well_formed {
            Ok(Self(address.to_owned()))
        } else {
            Err(MALFORMED.into())
        }
    }

    fn parts(&self) -> (&str, String) {
        let (local, domain) = self.0.rsplit_once('@').expect("parsed addresses have an @");
        let domain = ascii_domain(domain).expect("parsed domains convert to ASCII");
        (local, domain)
    }

    /// The address as mail systems take it: the domain in ASCII.
    pub fn for_sending(&self) -> String {
        let (local, domain) = self.parts();
        format!("{local}@{domain}")
    }

    /// The form that identifies a mailbox: lowercase, without a `+tag`,
    /// the domain in ASCII; for Gmail (and `googlemail.com`), without dots
    /// in the local part, which Gmail ignores.
    pub fn normalized(&self) -> String {
        let (local, domain) = self.parts();
        let local = local.to_ascii_lowercase();
        let untagged = match local.split_once('+') {
            Some((base, _)) if !base.is_empty() => base,
            _ => local.as_str(),
        };
        let domain = match domain.as_str() {
            "googlemail.com" => "gmail.com",
            other => other,
        };
        let local = if domain == "gmail.com" {
            untagged.replace('.', "")
        } else {
            untagged.to_owned()
        };
        format!("{local}@{domain}")
    }

    /// Identifies the address without holding it, e.g. on a suppression list.
    pub fn digest(&self) -> String {
        super::digest_hex(&[&self.normalized()])
    }
}

fn is_local_part(local: &str) -> bool {
    const SPECIALS: &[u8] = b"!#$%&'*+-/=?^_`{|}~.";
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || SPECIALS.contains(&b))
}

/// The domain in ASCII, lowercase: Unicode labels as punycode.
fn ascii_domain(domain: &str) -> Option<String> {
    if domain.is_ascii() {
        Some(domain.to_ascii_lowercase())
    } else {
        idna::domain_to_ascii(domain).ok()
    }
}

fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let top_level_is_alphabetic = labels.last().is_some_and(|tld| {
        tld.len() >= 2 && (tld.bytes().all(|b| b.is_ascii_alphabetic()) || tld.starts_with("xn--"))
    });
    labels.len() >= 2 && top_level_is_alphabetic && labels.iter().all(|label| is_label(label))
}

fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= MAX_LABEL_LEN
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

super::form_value!(
    EmailAddress,
    Control {
        widget: Widget::Input("email"),
        max_chars: Some(MAX_LEN),
        min_chars: None,
        required: Some(EMPTY),
        // Looser than `parse`: it only spares a round trip for the obvious slips.
        early_check: Some((r"^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$", MALFORMED)),
    }
);

super::text_traits!(EmailAddress);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_parse() {
        for address in [
            "ada@example.org",
            " Ada.Lovelace+letters@mail.example.co.uk ",
            "o'brien@example.com",
            "x@xn--bcher-kva.example",
        ] {
            assert!(EmailAddress::parse(address).is_ok(), "{address}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused() {
        let long_local = format!("{}@example.org", "a".repeat(65));
        let too_long = format!("a@{}.org", "b".repeat(250));
        for (case, address) in [
            ("empty", ""),
            ("no at sign", "ada.example.org"),
            ("no domain", "ada@"),
            ("no local part", "@example.org"),
            ("bare host", "ada@localhost"),
            ("numeric top-level domain", "ada@example.123"),
            ("two at signs", "ada@lovelace@example.org"),
            ("space inside", "ada lovelace@example.org"),
            (
                "header injection",
                "ada@example.org\r\nBcc: all@example.org",
            ),
            ("double dot", "ada..l@example.org"),
            ("hyphen at label edge", "ada@-example.org"),
            ("non-ASCII local part", "adä@example.org"),
            ("domain that is not a valid name", "ada@bü cher.example"),
            ("local part too long", &long_local),
            ("address too long", &too_long),
        ] {
            assert!(EmailAddress::parse(address).is_err(), "{case}");
        }
    }

    #[test]
    fn spellings_of_one_mailbox_normalise_alike() {
        for (spellings, normalized) in [
            (
                &[
                    "Victim@Gmail.com",
                    "v.ictim@gmail.com",
                    "victim+1@gmail.com",
                    "V.I.C.T.I.M+x@googlemail.com",
                ][..],
                "victim@gmail.com",
            ),
            (
                &["ada+letters@example.org", "ADA@example.org"][..],
                "ada@example.org",
            ),
            (
                &["ada@bücher.example", "ada@xn--bcher-kva.example"][..],
                "ada@xn--bcher-kva.example",
            ),
        ] {
            for spelling in spellings {
                let address = EmailAddress::parse(spelling).unwrap();
                assert_eq!(address.normalized(), normalized, "{spelling}");
            }
        }
        let dotted = EmailAddress::parse("a.b@example.org").unwrap();
        assert_eq!(
            dotted.normalized(),
            "a.b@example.org",
            "dots count outside Gmail"
        );
    }

    #[test]
    fn an_internationalised_domain_is_kept_as_typed_and_sent_to_in_ascii() {
        let address = EmailAddress::parse("ada@bücher.example").unwrap();
        assert_eq!(address.as_ref(), "ada@bücher.example");
        assert_eq!(address.for_sending(), "ada@xn--bcher-kva.example");
    }

    #[test]
    fn addresses_differing_only_in_case_normalise_alike() {
        let a = EmailAddress::parse("Ada@Example.ORG").unwrap();
        let b = EmailAddress::parse("ada@example.org").unwrap();
        assert_eq!(a.normalized(), b.normalized());
        assert_eq!(a.as_ref(), "Ada@Example.ORG");
    }
}
