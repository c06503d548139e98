//! The codes a campaign counts its letters by: its partners' (each embed
//! passes its own) and its own channels' (`?source=newsletter`).

use crate::domain::LinkTag;
use serde::{Deserialize, Deserializer};

/// At most [`Sources::MAX`] codes, each once. A letter keeps its link's
/// `source` only when it is listed here, so the summary's count by source
/// has a line per listed code and no more: strangers' links cannot grow a
/// campaign's tally (one DynamoDB item per shard, 400 KB at most) without
/// end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources(Vec<LinkTag>);

impl Sources {
    pub const MAX: usize = 100;

    pub fn lists(&self, tag: &LinkTag) -> bool {
        self.0.contains(tag)
    }
}

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let codes = Vec::<LinkTag>::deserialize(deserializer)?;
        if codes.len() > Self::MAX {
            return Err(serde::de::Error::custom(format!(
                "a campaign lists at most {} sources (this one {})",
                Self::MAX,
                codes.len()
            )));
        }
        if let Some(code) = (1..codes.len()).find_map(|at| {
            let code = &codes[at];
            codes[..at].contains(code).then_some(code)
        }) {
            return Err(serde::de::Error::custom(format!("{code} is listed twice")));
        }
        Ok(Self(codes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml_text: &str) -> Result<Sources, String> {
        #[derive(Deserialize)]
        struct File {
            sources: Sources,
        }
        toml::from_str::<File>(toml_text)
            .map(|file| file.sources)
            .map_err(|error| error.message().to_owned())
    }

    #[test]
    fn listed_codes_are_known_in_any_case() {
        let sources = parse(r#"sources = ["acme", "Newsletter"]"#).unwrap();
        assert!(sources.lists(&LinkTag::parse("ACME").unwrap()));
        assert!(sources.lists(&LinkTag::parse("newsletter").unwrap()));
        assert!(!sources.lists(&LinkTag::parse("other").unwrap()));
    }

    #[test]
    fn a_bad_code_a_repeat_or_too_many_are_refused() {
        assert!(
            parse(r#"sources = ["acme corp"]"#)
                .unwrap_err()
                .contains("64 letters")
        );
        let twice = parse(r#"sources = ["acme", "ACME"]"#).unwrap_err();
        assert!(twice.contains("acme is listed twice"), "{twice}");
        let many: Vec<String> = (0..=Sources::MAX).map(|n| format!("\"p{n}\"")).collect();
        let error = parse(&format!("sources = [{}]", many.join(", "))).unwrap_err();
        assert!(error.contains("at most 100"), "{error}");
    }
}
