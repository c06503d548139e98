//! Which language a public page speaks: the link's `?lang=` first, then
//! the `Accept-Language` the browser sends, then English; always one the
//! campaign is written in. No cookie is set: the visible switch is a link
//! carrying `?lang=`, and the choice travels in the page's links and its
//! form's address (`docs/http.md`).

use super::embed::{Framing, PageQuery};
use crate::language::Language;
use crate::messages::Translator;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

/// The language a page speaks, and how it was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLanguage {
    pub language: Language,
    /// Whether the page might have spoken another language for another
    /// `Accept-Language`: a shared cache must keep one copy per header.
    negotiated: bool,
    /// Whether the page is offered in more than one language.
    several: bool,
}

impl PageLanguage {
    /// The language for a request offered in `offered` (English first).
    pub fn choose(query: &PageQuery, headers: &HeaderMap, offered: &[Language]) -> Self {
        let several = offered.len() > 1;
        let asked = query
            .language()
            .filter(|language| offered.contains(language));
        if let Some(language) = asked {
            return Self {
                language,
                negotiated: false,
                several,
            };
        }
        let header = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        Self {
            language: Language::negotiate(header, offered).unwrap_or_default(),
            negotiated: several,
            several,
        }
    }

    pub fn translator(self) -> Translator {
        Translator(self.language)
    }

    /// The `lang=` parameter the page's links carry: where a link chose
    /// the language among several. One the browser's `Accept-Language`
    /// chose is chosen again on the next page the same way.
    pub fn parameter(self) -> Option<String> {
        (self.several && !self.negotiated).then(|| format!("lang={}", self.language.tag()))
    }

    /// The query the page's form and thank-you links carry to keep its
    /// mode and language: `?embed=1&lang=es`, or nothing.
    pub fn carried(self, framing: Framing) -> String {
        let parameters: Vec<String> = framing
            .parameter()
            .map(str::to_owned)
            .into_iter()
            .chain(self.parameter())
            .collect();
        if parameters.is_empty() {
            String::new()
        } else {
            format!("?{}", parameters.join("&"))
        }
    }

    /// The switch to the page's languages, for a page at `path` (which may
    /// have a query of its own) in `framing`: none where the campaign is
    /// written in one.
    pub fn switch(self, path: &str, framing: Framing, offered: &[Language]) -> Vec<SwitchLink> {
        if !self.several {
            return Vec::new();
        }
        offered
            .iter()
            .map(|&language| {
                let link = Self {
                    language,
                    negotiated: false,
                    several: true,
                };
                let carried = link.carried(framing);
                let href = match path.split_once('?') {
                    Some((_, query)) if !query.is_empty() => {
                        format!("{path}&{}", &carried[1..])
                    }
                    Some((bare, _)) => format!("{bare}{carried}"),
                    None => format!("{path}{carried}"),
                };
                SwitchLink { language, href }
            })
            .collect()
    }

    /// Says the response's language, and, if it was negotiated, that it
    /// varies with `Accept-Language` (RFC 9110 §12.5.5 and §8.5).
    pub fn label(self, response: &mut Response) {
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(self.language.tag()),
        );
        if self.negotiated {
            headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
        }
    }
}

/// A link of the language switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchLink {
    pub language: Language,
    pub href: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choose(query: &str, accept: Option<&str>, offered: &[Language]) -> PageLanguage {
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(header::ACCEPT_LANGUAGE, accept.parse().unwrap());
        }
        PageLanguage::choose(&PageQuery::parse(Some(query)), &headers, offered)
    }

    #[test]
    fn the_link_comes_before_the_browser_and_english_after_both() {
        let both = Language::ALL;
        assert_eq!(choose("lang=en", Some("es"), &both).language, Language::En);
        assert_eq!(choose("", Some("es-MX"), &both).language, Language::Es);
        assert_eq!(choose("lang=fr", Some("es"), &both).language, Language::Es);
        assert_eq!(choose("", None, &both).language, Language::En);
    }

    #[test]
    fn a_campaign_in_english_only_is_never_spanish_and_carries_no_language() {
        let only = [Language::En];
        let chosen = choose("lang=es", Some("es"), &only);
        assert_eq!(chosen.language, Language::En);
        assert_eq!(chosen.carried(Framing::OnSite), "");
        assert!(chosen.switch("/c/x", Framing::OnSite, &only).is_empty());
    }

    #[test]
    fn a_language_the_browser_chose_is_not_carried_in_links() {
        let chosen = choose("embed=1", Some("es"), &Language::ALL);
        assert_eq!(chosen.language, Language::Es);
        assert_eq!(chosen.carried(Framing::Embedded), "?embed=1");
    }

    #[test]
    fn links_keep_the_embed_mode_and_the_language() {
        let chosen = choose("lang=es&embed=1", None, &Language::ALL);
        assert_eq!(chosen.carried(Framing::Embedded), "?embed=1&lang=es");
        let switch = chosen.switch("/c/sesta", Framing::Embedded, &Language::ALL);
        assert_eq!(switch[0].href, "/c/sesta?embed=1&lang=en");
        let thanks = chosen.switch("/c/sesta/thanks?state=TX", Framing::OnSite, &Language::ALL);
        assert_eq!(thanks[1].href, "/c/sesta/thanks?state=TX&lang=es");
    }
}
