//! The short name of a campaign as it appears in URLs: `/c/{slug}`.

use super::InvalidValue;

/// Lowercase ASCII letters, digits and inner hyphens; 1 to 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CampaignSlug(String);

impl CampaignSlug {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let valid_chars = input
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let valid = !input.is_empty()
            && input.len() <= Self::MAX_CHARS
            && valid_chars
            && !input.starts_with('-')
            && !input.ends_with('-');
        if valid {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidValue::new(
                "A campaign slug is 1 to 64 lowercase letters, digits and inner hyphens.",
            ))
        }
    }
}

super::text_traits!(CampaignSlug);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_safe_slugs_parse() {
        for slug in ["sesta", "s-1693", "a", &"a".repeat(64)] {
            assert!(CampaignSlug::parse(slug).is_ok(), "{slug}");
        }
    }

    #[test]
    fn other_slugs_are_refused() {
        for (case, slug) in [
            ("empty", ""),
            ("uppercase", "Sesta"),
            ("leading hyphen", "-sesta"),
            ("trailing hyphen", "sesta-"),
            ("path traversal", "../etc"),
            ("too long", &"a".repeat(65)),
            ("non-ASCII", "séstà"),
        ] {
            assert!(CampaignSlug::parse(slug).is_err(), "{case}");
        }
    }
}
