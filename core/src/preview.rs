//! A draft campaign's preview link: `/c/{slug}?preview={token}`, the real
//! page on the real stack for staff and whoever they send it to, before
//! launch. The token is signed (`crate::signing`) for this purpose and this
//! campaign, and expires; it names no version, so one link shows each
//! version of the draft as it is published, until it expires.

use crate::domain::{CampaignSlug, PublicUrl};
use crate::signing::SigningKey;
use time::{Duration, OffsetDateTime};

/// How long a preview link opens the draft.
pub const PREVIEW_LASTS: Duration = Duration::days(14);

/// The query parameter a preview link carries.
pub const PARAMETER: &str = "preview";

const PURPOSE: &str = "preview";

/// Makes and opens a deployment's preview links.
#[derive(Debug, Clone)]
pub struct PreviewLinks {
    key: SigningKey,
}

impl PreviewLinks {
    pub fn new(key: SigningKey) -> Self {
        Self { key }
    }

    /// The link that shows draft `slug` until [`PREVIEW_LASTS`] after
    /// `now`: on `site` when it is known, else the path alone (to follow
    /// from the site's address).
    pub fn link(
        &self,
        site: Option<&PublicUrl>,
        slug: &CampaignSlug,
        now: OffsetDateTime,
    ) -> String {
        let expires = (now + PREVIEW_LASTS).unix_timestamp();
        let token = self.key.sign(PURPOSE, &format!("{expires}~{slug}"));
        let path = format!("/c/{slug}?{PARAMETER}={token}");
        match site {
            Some(site) => site.join(&path),
            None => path,
        }
    }

    /// Whether `token` is a preview link this deployment made for `slug`
    /// that has not expired.
    pub fn opens(&self, slug: &CampaignSlug, token: &str, now: OffsetDateTime) -> bool {
        let Some((expires, named)) = self
            .key
            .open(PURPOSE, token)
            .and_then(|payload| payload.split_once('~'))
        else {
            return false;
        };
        named == slug.as_ref()
            && expires
                .parse::<i64>()
                .is_ok_and(|expires| now.unix_timestamp() < expires)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn previews() -> PreviewLinks {
        PreviewLinks::new(SigningKey::from_secret(&"cd".repeat(32)).unwrap())
    }

    fn token_of(link: &str) -> &str {
        link.split_once("?preview=").unwrap().1
    }

    fn slug(text: &str) -> CampaignSlug {
        CampaignSlug::parse(text).unwrap()
    }

    #[test]
    fn a_link_opens_its_draft_until_it_expires() {
        let now = OffsetDateTime::now_utc();
        let site: PublicUrl = "https://letters.example.org".parse().unwrap();
        let link = previews().link(Some(&site), &slug("sesta"), now);
        assert!(
            link.starts_with("https://letters.example.org/c/sesta?preview="),
            "{link}"
        );
        let token = token_of(&link);
        assert!(previews().opens(&slug("sesta"), token, now));
        assert!(previews().opens(&slug("sesta"), token, now + Duration::days(13)));
        assert!(!previews().opens(&slug("sesta"), token, now + PREVIEW_LASTS));
    }

    #[test]
    fn a_link_for_another_campaign_key_or_purpose_or_tampered_opens_nothing() {
        let now = OffsetDateTime::now_utc();
        let token = token_of(&previews().link(None, &slug("sesta"), now)).to_owned();
        assert!(!previews().opens(&slug("other"), &token, now));
        let (payload, signature) = token.rsplit_once('.').unwrap();
        let later = format!("{}~sesta", now.unix_timestamp() + 10 * 365 * 86_400);
        for forged in [
            format!("{later}.{signature}"),
            format!("{}~other.{signature}", payload.split('~').next().unwrap()),
            format!("{payload}.{}", "0".repeat(signature.len())),
            payload.to_owned(),
            String::new(),
        ] {
            assert!(!previews().opens(&slug("sesta"), &forged, now), "{forged}");
        }
        let elsewhere = PreviewLinks::new(SigningKey::from_secret(&"ef".repeat(32)).unwrap());
        assert!(!elsewhere.opens(&slug("sesta"), &token, now));
        let form_token = SigningKey::from_secret(&"cd".repeat(32))
            .unwrap()
            .sign("form", payload);
        assert!(
            !previews().opens(&slug("sesta"), &form_token, now),
            "signed for another use"
        );
    }
}
