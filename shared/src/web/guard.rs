//! The public form's defences, before a letter is stored: a signed,
//! time-stamped token in every form (too fast, forged, expired or replayed
//! is refused), a honeypot field no person fills, a check that the post
//! comes from the site's own pages, and rate limits per client and per
//! address. Only a certain bot (a filled honeypot, a token forged outright)
//! gets an answer that looks like success; a doubtful form (sent too fast,
//! without a token, expired, or with a token another supporter spent) comes
//! back with all that was typed, to send again, so that no person loses a
//! letter to a bot check; a person caught by a limit is told to wait.

use crate::signing::{SigningKey, nonce};
use axum::http::{HeaderMap, header};
use std::time::Duration;
use time::OffsetDateTime;

/// How long a form's token stays good: a day, long enough for a person who
/// leaves the tab open, short enough that harvested tokens go stale.
pub const FORM_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// What a form's token says about the submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    /// Made here for this campaign, not too soon, not too late: the nonce
    /// to spend, and when the token would have expired.
    Good {
        nonce: String,
        expires: OffsetDateTime,
    },
    /// Sent sooner after the form was served than a person could fill it.
    TooFast,
    /// Served too long ago: the person is shown the form again.
    Expired,
    /// No token at all: the form is shown again with one.
    Missing,
    /// Not made here for this campaign: a bot's.
    Forged,
}

impl TokenCheck {
    /// Whether the token still dates the form the visitor first got, so a
    /// form shown again keeps it rather than start the fill time anew.
    pub fn dates_the_form(&self) -> bool {
        matches!(self, Self::Good { .. } | Self::TooFast)
    }
}

/// Makes and checks form tokens.
#[derive(Debug, Clone)]
pub struct FormTokens {
    key: SigningKey,
    min_fill: Duration,
}

impl FormTokens {
    pub fn new(key: SigningKey, min_fill: Duration) -> Self {
        Self { key, min_fill }
    }

    fn purpose(campaign: &str) -> String {
        format!("form:{campaign}")
    }

    /// A token for a form of `campaign` served at `now`.
    pub fn issue(&self, campaign: &str, now: OffsetDateTime) -> String {
        let payload = format!("{}~{}", now.unix_timestamp(), nonce());
        self.key.sign(&Self::purpose(campaign), &payload)
    }

    /// A token for a form shown again to be sent at once: the visitor has
    /// already spent the fill time on it, so it is dated that long ago.
    pub fn ready(&self, campaign: &str, now: OffsetDateTime) -> String {
        self.issue(campaign, now - self.min_fill)
    }

    pub fn check(&self, campaign: &str, token: &str, now: OffsetDateTime) -> TokenCheck {
        if token.is_empty() {
            return TokenCheck::Missing;
        }
        let Some((issued, nonce)) = self
            .key
            .open(&Self::purpose(campaign), token)
            .and_then(|payload| payload.split_once('~'))
        else {
            return TokenCheck::Forged;
        };
        let Some(issued) = issued
            .parse()
            .ok()
            .and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
        else {
            return TokenCheck::Forged;
        };
        let expires = issued + FORM_LIFETIME;
        if now < issued + self.min_fill {
            TokenCheck::TooFast
        } else if now >= expires {
            TokenCheck::Expired
        } else {
            TokenCheck::Good {
                nonce: nonce.to_owned(),
                expires,
            }
        }
    }
}

/// Whether a request came from a page of another site, by what browsers
/// say of it: `Sec-Fetch-Site: cross-site`, or an `Origin` not among
/// `allowed`. A client that is not a browser sends neither, and is judged
/// by the other defences.
pub fn is_cross_site(headers: &HeaderMap, allowed: &[String]) -> bool {
    let value = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if value("sec-fetch-site").is_some_and(|site| site.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    value(header::ORIGIN.as_str()).is_some_and(|origin| {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        !allowed.contains(&origin)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> FormTokens {
        FormTokens::new(
            SigningKey::from_secret(&"ab".repeat(32)).unwrap(),
            Duration::from_secs(3),
        )
    }

    #[test]
    fn a_token_is_good_between_the_fill_time_and_its_expiry() {
        let served = OffsetDateTime::now_utc();
        let token = tokens().issue("sesta", served);
        let at = |seconds: i64| served + time::Duration::seconds(seconds);
        assert_eq!(tokens().check("sesta", &token, at(1)), TokenCheck::TooFast);
        assert!(matches!(
            tokens().check("sesta", &token, at(3)),
            TokenCheck::Good { .. }
        ));
        assert_eq!(
            tokens().check("sesta", &token, at(24 * 3600)),
            TokenCheck::Expired
        );
        assert_eq!(tokens().check("other", &token, at(5)), TokenCheck::Forged);
        let forged = token.replacen('1', "2", 1);
        assert_eq!(tokens().check("sesta", &forged, at(5)), TokenCheck::Forged);
        assert_eq!(tokens().check("sesta", "", at(5)), TokenCheck::Missing);
    }

    #[test]
    fn a_ready_token_may_be_sent_at_once_and_lasts_a_day() {
        let now = OffsetDateTime::now_utc();
        let ready = tokens().ready("sesta", now);
        assert!(matches!(
            tokens().check("sesta", &ready, now),
            TokenCheck::Good { .. }
        ));
        let almost_a_day = now + time::Duration::hours(23);
        assert!(matches!(
            tokens().check("sesta", &ready, almost_a_day),
            TokenCheck::Good { .. }
        ));
    }

    #[test]
    fn posts_from_other_sites_are_told_apart() {
        let allowed = vec!["https://letters.example.org".to_owned()];
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.insert(*name, value.parse().unwrap());
            }
            headers
        };
        assert!(!is_cross_site(&headers(&[]), &allowed), "not a browser");
        assert!(!is_cross_site(
            &headers(&[
                ("origin", "https://letters.example.org"),
                ("sec-fetch-site", "same-origin")
            ]),
            &allowed
        ));
        assert!(is_cross_site(
            &headers(&[("origin", "https://evil.example")]),
            &allowed
        ));
        assert!(is_cross_site(&headers(&[("origin", "null")]), &allowed));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            &allowed
        ));
    }
}
