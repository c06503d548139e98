//! A supporter's email address.
//!
//! Deliberately stricter than RFC 5321 where the RFC allows what mail systems
//! in practice refuse (quoted local parts, IP-literal domains, bare hosts), and
//! ASCII-only: an internationalised domain must be given in its `xn--` form.

use super::{Control, InvalidValue, Widget};

const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;
const MAX_LABEL_LEN: usize = 63;

/// An address as the supporter typed it (trimmed), known to be well formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

const EMPTY: &str = "Enter your email address.";
const MALFORMED: &str = "Enter an email address like name@example.org.";

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let address = input.trim();
        if address.is_empty() {
            return Err(InvalidValue::new(EMPTY));
        }
        if address.len() > MAX_LEN {
            return Err(InvalidValue::new(format!(
                "Shorten the email address to {MAX_LEN} characters or fewer."
            )));
        }
        let well_formed = address
            .rsplit_once('@')
            .is_some_and(|(local, domain)| is_local_part(local) && is_domain(domain));
        if well_formed {
            Ok(Self(address.to_owned()))
        } else {
            Err(InvalidValue::new(MALFORMED))
        }
    }

    /// The form that identifies a supporter: two spellings that differ only
    /// in case reach the same mailbox in practice, so they are one supporter.
    pub fn normalized(&self) -> String {
        self.0.to_ascii_lowercase()
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
            ("non-ASCII domain", "ada@bücher.example"),
            ("local part too long", &long_local),
            ("address too long", &too_long),
        ] {
            assert!(EmailAddress::parse(address).is_err(), "{case}");
        }
    }

    #[test]
    fn addresses_differing_only_in_case_normalise_alike() {
        let a = EmailAddress::parse("Ada@Example.ORG").unwrap();
        let b = EmailAddress::parse("ada@example.org").unwrap();
        assert_eq!(a.normalized(), b.normalized());
        assert_eq!(a.as_ref(), "Ada@Example.ORG");
    }
}
