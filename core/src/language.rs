//! The languages the site speaks to supporters, and how a request picks
//! one: its `?lang=`, else its `Accept-Language`, else English.

use serde::{Deserialize, Serialize};

/// A language the site's pages, emails and campaigns may be written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
}

/// The longest `Accept-Language` read, and the most ranges weighed: a
/// browser sends a few dozen bytes, and nothing past this changes a choice.
const MAX_HEADER_BYTES: usize = 512;
const MAX_RANGES: usize = 16;

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Es];

    /// The language's BCP 47 tag, as `<html lang>` and `?lang=` write it.
    pub const fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    /// The language's own name for itself, for the switch that offers it.
    pub const fn own_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Es => "Español",
        }
    }

    /// The language a `?lang=` value names: exactly `en` or `es`, in any case.
    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|language| language.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The language of `offered` an `Accept-Language` header ranks first,
    /// if it names one (RFC 9110 §12.5.4: ranges weighted by `q`, from 0 to
    /// 1, default 1; `q=0` refuses; a range matches a tag it is a prefix of
    /// (RFC 4647 §3.3.1), so `es-MX` asks for `es`; `*` matches any).
    /// Among equal weights the header's order decides.
    pub fn negotiate(header: &str, offered: &[Language]) -> Option<Self> {
        let header = header.get(..MAX_HEADER_BYTES).unwrap_or(header);
        let mut best: Option<(u16, Language)> = None;
        for range in header.split(',').take(MAX_RANGES) {
            let Some((tag, weight)) = weighed(range) else {
                continue;
            };
            let matched = offered.iter().copied().find(|language| {
                tag == "*" || primary_subtag(tag).eq_ignore_ascii_case(language.tag())
            });
            if let Some(language) = matched
                && weight > 0
                && best.is_none_or(|(top, _)| weight > top)
            {
                best = Some((weight, language));
            }
        }
        best.map(|(_, language)| language)
    }
}

/// A language range and its weight in thousandths, or `None` if malformed.
fn weighed(range: &str) -> Option<(&str, u16)> {
    let mut parts = range.split(';').map(str::trim);
    let tag = parts.next().filter(|tag| is_range(tag))?;
    let mut weight = 1000;
    for parameter in parts {
        let (name, value) = parameter.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("q") {
            weight = thousandths(value.trim())?;
        }
    }
    Some((tag, weight))
}

/// RFC 9110 §12.4.2: `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
fn thousandths(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fraction: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(fraction),
        "1" if fraction == 0 => Some(1000),
        _ => None,
    }
}

/// RFC 4647 §2.1: `1*8ALPHA *("-" 1*8alphanum)`, or `*`.
fn is_range(tag: &str) -> bool {
    tag == "*"
        || tag.split('-').enumerate().all(|(at, part)| {
            (1..=8).contains(&part.len())
                && part.bytes().all(|b| {
                    if at == 0 {
                        b.is_ascii_alphabetic()
                    } else {
                        b.is_ascii_alphanumeric()
                    }
                })
        })
}

fn primary_subtag(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: [Language; 2] = Language::ALL;

    #[test]
    fn only_en_and_es_name_a_language() {
        assert_eq!(Language::parse("es"), Some(Language::Es));
        assert_eq!(Language::parse("EN"), Some(Language::En));
        for tag in ["", "fr", "es-MX", "e", "español"] {
            assert_eq!(Language::parse(tag), None, "{tag}");
        }
    }

    #[test]
    fn accept_language_is_weighed_by_its_q_values() {
        for (header, expected) in [
            ("es", Some(Language::Es)),
            ("es-MX,es;q=0.9,en;q=0.8", Some(Language::Es)),
            ("en-US,en;q=0.9,es;q=0.8", Some(Language::En)),
            ("en;q=0.5, es;q=0.7", Some(Language::Es)),
            ("fr-FR, es;q=0.1", Some(Language::Es)),
            ("es;q=0, en;q=0.2", Some(Language::En)),
            ("es;q=0", None),
            ("fr, de", None),
            ("*", Some(Language::En)),
            ("es;q=1.5", None),
            ("es;q=abc, en;q=0.3", Some(Language::En)),
            ("es;q=0.0001", None),
            ("", None),
            ("es;;", None),
            ("  ES  ;  q=0.8 ", Some(Language::Es)),
        ] {
            assert_eq!(Language::negotiate(header, &BOTH), expected, "{header:?}");
        }
    }

    #[test]
    fn a_language_not_offered_is_never_chosen() {
        assert_eq!(Language::negotiate("es", &[Language::En]), None);
        assert_eq!(
            Language::negotiate("es, en;q=0.1", &[Language::En]),
            Some(Language::En)
        );
    }

    #[test]
    fn a_huge_header_is_read_only_in_part() {
        let header = format!("{}es", "fr;q=0.1,".repeat(1000));
        assert_eq!(Language::negotiate(&header, &BOTH), None);
    }
}
