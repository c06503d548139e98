//! A web origin whose pages may frame and post to ours: a partner's site
//! embedding a campaign, or one a deployment allows.

use super::InvalidValue;
use std::fmt;

/// `https://host[:port]`, lowercase, as browsers send it in `Origin` and as
/// CSP's `frame-ancestors` takes it; `http://` only on this machine's
/// loopback (`localhost`, `127.0.0.1`, `[::1]`), for previews and tests.
/// The host is a DNS name (internationalised names in their `xn--` form)
/// or an IPv4 address, so nothing else (a wildcard, a path, credentials,
/// `;`, `,` or quotes) can reach a header built from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin(String);

const LOOPBACK: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

impl Origin {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let refuse = |why: &str| {
            Err(InvalidValue::new(format!(
                "{input:?} is not an origin ({why}): give one as https://host or \
                 https://host:port, such as https://partner.example.org"
            )))
        };
        let lower = input.to_ascii_lowercase();
        let (secure, authority) = match lower.split_once("://") {
            Some(("https", authority)) => (true, authority),
            Some(("http", authority)) => (false, authority),
            _ => return refuse("it must start with https://"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(':') => (host, Some(port)),
            _ => (authority, None),
        };
        if let Some(port) = port {
            let valid = !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u16>().is_ok_and(|port| port > 0);
            if !valid {
                return refuse("its port must be a number from 1 to 65535");
            }
        }
        if !(LOOPBACK.contains(&host) || is_dns_name(host) || is_ipv4(host)) {
            return refuse("only a host name and a port may follow the scheme");
        }
        if !secure && !LOOPBACK.contains(&host) {
            return refuse("a partner's page must be served over https://");
        }
        Ok(Self(lower))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Dot-separated labels of letters, digits and inner hyphens, each at most
/// 63 characters, 253 in all (RFC 1035, section 2.3.1; RFC 1123, 2.1), the
/// last not all digits.
fn is_dns_name(host: &str) -> bool {
    let label = |label: &str| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    host.len() <= 253
        && host.split('.').all(label)
        && host
            .rsplit('.')
            .next()
            .is_some_and(|top| !top.bytes().all(|b| b.is_ascii_digit()))
}

fn is_ipv4(host: &str) -> bool {
    host.parse::<std::net::Ipv4Addr>().is_ok()
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Origin {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_hosts_with_or_without_a_port_are_origins_in_lowercase() {
        for (raw, origin) in [
            ("https://partner.example.org", "https://partner.example.org"),
            (
                "HTTPS://Partner.Example.org:8443",
                "https://partner.example.org:8443",
            ),
            (
                "https://xn--bcher-kva.example",
                "https://xn--bcher-kva.example",
            ),
            ("https://192.0.2.7", "https://192.0.2.7"),
            ("http://localhost:3000", "http://localhost:3000"),
            ("http://127.0.0.1:49152", "http://127.0.0.1:49152"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ] {
            assert_eq!(Origin::parse(raw).unwrap().as_str(), origin, "{raw}");
        }
    }

    #[test]
    fn anything_else_is_refused_and_named() {
        for raw in [
            "https://*",
            "https://*.example.org",
            "https://partner.example.org/page",
            "https://partner.example.org/",
            "https://user@partner.example.org",
            "https://partner.example.org; script-src *",
            "https://a.example.org,https://b.example.org",
            "https://'self'",
            "\"https://partner.example.org\"",
            "https://partner.example.org:0",
            "https://partner.example.org:99999",
            "https://partner.example.org:",
            "https://-partner.example.org",
            "https://bücher.example",
            "https://999.1.1.1",
            "http://partner.example.org",
            "partner.example.org",
            "javascript://x",
            "",
        ] {
            let error = Origin::parse(raw).unwrap_err();
            assert!(
                error.message().contains(&format!("{raw:?}")),
                "{raw}: {error}"
            );
        }
    }
}
