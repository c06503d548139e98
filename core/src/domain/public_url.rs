//! The site's public address, or a service's.

use std::str::FromStr;

/// A public http or https address without a trailing slash: the site's own,
/// such as `https://letters.example.org`, the base of every absolute link;
/// or a service's, such as the Census geocoder's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

impl FromStr for PublicUrl {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let uri: http::Uri = raw
            .parse()
            .map_err(|_| "an absolute http or https URL".to_owned())?;
        match (uri.scheme_str(), uri.authority()) {
            (Some("http" | "https"), Some(_)) => Ok(Self(raw.trim_end_matches('/').to_owned())),
            _ => Err("an absolute http or https URL".to_owned()),
        }
    }
}

impl PublicUrl {
    /// The public address of the campaign `slug`.
    pub fn campaign(&self, slug: &super::CampaignSlug) -> String {
        format!("{}/c/{slug}", self.0)
    }

    /// The address of `path` (which starts with `/`) on the site.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// The site's origin, as a browser's `Origin` header names it.
    pub fn origin(&self) -> String {
        let uri: http::Uri = self.0.parse().expect("checked when parsed");
        let scheme = uri.scheme_str().unwrap_or("https");
        let authority = uri.authority().map_or("", |a| a.as_str());
        format!("{scheme}://{authority}").to_ascii_lowercase()
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
