//! A campaign's page framed in a partner's site, and what a link to the
//! page says of where its visitor came from. The embed mode (`?embed=1` on
//! the page, its form's action and its thank-you page) drops the
//! background sections and the page's own margins and background, and is
//! the only page a campaign's `allowed_origins` may frame; every other
//! response keeps `frame-ancestors 'none'`. The page's script tells the
//! partner's page its height, and nothing else (`docs/embeds.md`).

use super::security::page_policy;
use crate::campaign::Campaign;
use crate::domain::{LinkTag, Origin};
use crate::language::Language;
use crate::letter::{Field, LetterForm};

/// Where a page is shown: on the site, or in a partner's frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Framing {
    #[default]
    OnSite,
    Embedded,
}

impl Framing {
    /// The query parameter that asks for the embed mode, as `embed=1`.
    const PARAMETER: &str = "embed";

    /// As a page's, a form's or a thank-you page's query asks.
    pub fn of(query: &PageQuery) -> Self {
        match query.get(Self::PARAMETER) {
            Some("1") => Self::Embedded,
            _ => Self::OnSite,
        }
    }

    pub fn is_embedded(self) -> bool {
        self == Self::Embedded
    }

    /// The parameter a link or a form's action carries to stay in this
    /// mode: `embed=1` in a frame, none on the site.
    pub fn parameter(self) -> Option<&'static str> {
        match self {
            Self::Embedded => Some("embed=1"),
            Self::OnSite => None,
        }
    }

    /// The origins the page's script may tell its height to, for its
    /// `data-embed-origins`: those that may frame it, space-separated.
    pub fn origins(self, campaign: &Campaign) -> String {
        let origins: Vec<&str> = self
            .ancestors(campaign)
            .iter()
            .map(Origin::as_str)
            .collect();
        origins.join(" ")
    }

    /// The origins whose pages may frame `campaign`'s page shown this way.
    fn ancestors(self, campaign: &Campaign) -> &[Origin] {
        match self {
            Self::Embedded => &campaign.allowed_origins,
            Self::OnSite => &[],
        }
    }

    /// The Content-Security-Policy of `campaign`'s page shown this way,
    /// running a CAPTCHA's widget from `widget` if the site has one.
    pub fn policy(self, campaign: &Campaign, widget: Option<&str>) -> String {
        page_policy(self.ancestors(campaign), widget)
    }
}

/// A page's query string, read leniently: a link someone pasted may
/// repeat a parameter or carry a stray escape, and a visitor still gets
/// the page. The first of a repeated parameter counts.
#[derive(Debug, Default)]
pub struct PageQuery(Vec<(String, String)>);

impl PageQuery {
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = form_urlencoded::parse(raw.unwrap_or_default().as_bytes());
        Self(pairs.into_owned().collect())
    }

    /// The language `?lang=` names, if it names one the site speaks.
    pub fn language(&self) -> Option<Language> {
        self.get("lang").and_then(Language::parse)
    }

    /// A draft's preview token, if the page was opened through its link.
    pub fn preview(&self) -> Option<&str> {
        self.get(crate::preview::PARAMETER)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// A fresh form for `campaign`: its letter prefilled, and where the
    /// visitor came from as the link says it, each tag that parses (one
    /// that does not is left out without a word: the visitor did not
    /// write it and cannot change it).
    pub fn fresh_form(&self, campaign: &Campaign, language: Language) -> LetterForm {
        let tag = |field: Field| {
            self.get(field.name())
                .and_then(|value| LinkTag::parse(value).ok())
                .map(|tag| tag.to_string())
                .unwrap_or_default()
        };
        let copy = campaign.copy(language);
        LetterForm {
            subject: copy.subject.to_string(),
            body: copy.body.to_string(),
            source: tag(Field::Source),
            utm_source: tag(Field::UtmSource),
            utm_medium: tag(Field::UtmMedium),
            utm_campaign: tag(Field::UtmCampaign),
            ..LetterForm::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{launch_campaign, launch_catalog_with};

    fn query(raw: &str) -> PageQuery {
        PageQuery::parse(Some(raw))
    }

    #[test]
    fn only_embed_1_asks_for_the_embed_mode() {
        assert_eq!(
            Framing::of(&query("embed=1&source=acme")),
            Framing::Embedded
        );
        for raw in ["", "embed=0", "embed=true", "embed", "x=1"] {
            assert_eq!(Framing::of(&query(raw)), Framing::OnSite, "{raw}");
        }
        assert_eq!(Framing::of(&PageQuery::parse(None)), Framing::OnSite);
    }

    #[test]
    fn only_the_embed_mode_may_be_framed_and_only_by_the_allowed_origins() {
        let catalog = launch_catalog_with(r#"allowed_origins = ["https://partner.example.org"]"#);
        let campaign = catalog.all().next().unwrap();
        let embedded = Framing::Embedded.policy(&campaign, None);
        assert!(embedded.ends_with("frame-ancestors https://partner.example.org"));
        let on_site = Framing::OnSite.policy(&campaign, None);
        assert!(on_site.ends_with("frame-ancestors 'none'"), "{on_site}");
    }

    #[test]
    fn a_links_tags_fill_the_form_and_bad_ones_are_left_out() {
        let form = query(
            "source=Acme&source=other&utm_source=news%20letter&utm_medium=email\
             &utm_campaign=%FF&embed=1",
        )
        .fresh_form(&launch_campaign(), Language::En);
        assert_eq!(form.source, "acme", "lowercased, the first of two");
        assert_eq!(form.utm_source, "", "a space is not in a tag");
        assert_eq!(form.utm_medium, "email");
        assert_eq!(form.utm_campaign, "", "a stray escape");
        assert!(form.body.contains("S. 1693"), "the letter is prefilled");
    }
}
