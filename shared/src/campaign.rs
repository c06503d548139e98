//! Campaigns are data: one TOML file each under `shared/campaigns/`, bundled
//! into every binary and loaded once at start.

use crate::domain::{
    Bill, CampaignSlug, LetterBody, LetterSubject, LibraryOfCongressTopic, Stance,
};
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use std::collections::BTreeMap;

static BUNDLED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/campaigns");

/// Whether a campaign takes letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    Open,
    Closed,
}

/// Whom a campaign's letters go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Targets {
    /// The supporter's two U.S. Senators, chosen by the state of their address.
    Senators,
}

/// Whether a campaign's letters go on to the offices they are addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryMode {
    /// Letters are recorded only; supporters are pointed to each office's
    /// own phone and contact form.
    #[default]
    None,
    /// Each letter goes to each office through Congress's Communicating
    /// with Congress services.
    Cwc,
}

/// How Congress's delivery services file a campaign's letters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CwcFiling {
    /// The Library of Congress policy areas the letters are about: one or more.
    pub topics: Vec<LibraryOfCongressTopic>,
    /// The bills the letters are about, if any.
    #[serde(default)]
    pub bills: Vec<Bill>,
    /// Whether the letters are for or against those bills, if they say.
    pub stance: Option<Stance>,
}

/// A titled part of a campaign's background copy.
#[derive(Debug, Clone, Deserialize)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// The letter a campaign offers, prefilled in its form.
#[derive(Debug, Clone, Deserialize)]
pub struct LetterTemplate {
    pub subject: LetterSubject,
    pub body: LetterBody,
    /// Whether the page invites supporters to put the letter in their own words.
    pub editing_encouraged: bool,
}

/// One campaign, as its file describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub slug: CampaignSlug,
    pub status: CampaignStatus,
    pub targets: Targets,
    pub goal: u64,
    pub title: String,
    pub headline: String,
    pub lead: String,
    pub background: Vec<Section>,
    pub share_message: String,
    pub letter: LetterTemplate,
    /// `delivery = "cwc"` sends each letter on to its offices; the default,
    /// `"none"`, records letters only.
    #[serde(default)]
    pub delivery: DeliveryMode,
    /// What delivery needs to file the letters: required with `delivery = "cwc"`.
    pub cwc: Option<CwcFiling>,
}

impl Campaign {
    pub fn is_open(&self) -> bool {
        self.status == CampaignStatus::Open
    }

    /// Whether the campaign's letters go on to the offices.
    pub fn delivers(&self) -> bool {
        self.delivery == DeliveryMode::Cwc
    }

    /// What is wrong with a campaign that parsed, if anything.
    fn check(&self) -> Result<(), &'static str> {
        match (&self.delivery, &self.cwc) {
            (DeliveryMode::Cwc, None) => {
                Err("delivery = \"cwc\" needs a [cwc] table naming its topics")
            }
            (_, Some(filing)) if filing.topics.is_empty() => {
                Err("[cwc] topics must name at least one Library of Congress policy area")
            }
            _ => Ok(()),
        }
    }

    /// Whether a letter's text differs from the one the campaign offered.
    pub fn is_edited(&self, subject: &LetterSubject, body: &LetterBody) -> bool {
        subject != &self.letter.subject || body != &self.letter.body
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("campaign file {file}: {source}")]
    Malformed {
        file: String,
        source: toml::de::Error,
    },
    #[error("campaign file {file} is not UTF-8 text")]
    NotText { file: String },
    #[error("campaign file {file}: {reason}")]
    Invalid { file: String, reason: &'static str },
    #[error("campaign {slug} is defined twice")]
    Duplicate { slug: CampaignSlug },
    #[error("no campaign files found")]
    Empty,
}

/// Every campaign, looked up by slug.
#[derive(Debug, Clone)]
pub struct CampaignCatalog {
    campaigns: BTreeMap<CampaignSlug, Campaign>,
}

impl CampaignCatalog {
    /// The campaigns bundled into the binary.
    pub fn bundled() -> Result<Self, CatalogError> {
        let sources = BUNDLED
            .files()
            .filter(|file| file.path().extension().is_some_and(|ext| ext == "toml"))
            .map(|file| {
                let name = file.path().display().to_string();
                file.contents_utf8()
                    .map(|text| (name.clone(), text))
                    .ok_or(CatalogError::NotText { file: name })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_sources(sources)
    }

    /// Builds a catalog from `(file name, TOML text)` pairs.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (String, &'a str)>,
    ) -> Result<Self, CatalogError> {
        let mut campaigns = BTreeMap::new();
        for (file, text) in sources {
            let campaign: Campaign =
                toml::from_str(text).map_err(|source| CatalogError::Malformed {
                    file: file.clone(),
                    source,
                })?;
            campaign
                .check()
                .map_err(|reason| CatalogError::Invalid { file, reason })?;
            let slug = campaign.slug.clone();
            if campaigns.insert(slug.clone(), campaign).is_some() {
                return Err(CatalogError::Duplicate { slug });
            }
        }
        if campaigns.is_empty() {
            return Err(CatalogError::Empty);
        }
        Ok(Self { campaigns })
    }

    pub fn get(&self, slug: &CampaignSlug) -> Option<&Campaign> {
        self.campaigns.get(slug)
    }

    /// The campaigns taking letters, in slug order.
    pub fn open(&self) -> impl Iterator<Item = &Campaign> {
        self.campaigns.values().filter(|c| c.is_open())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalog_holds_the_open_launch_campaign() {
        let catalog = CampaignCatalog::bundled().unwrap();
        let launch = catalog.get(&CampaignSlug::parse("sesta").unwrap()).unwrap();
        assert!(launch.is_open());
        assert!(launch.letter.body.as_ref().contains("S. 1693"));
    }

    #[test]
    fn a_campaign_with_an_invalid_slug_is_refused_with_its_file_name() {
        let bundled = CampaignCatalog::bundled().unwrap();
        let launch = include_str!("../campaigns/sesta.toml");
        let broken = launch.replace("slug = \"sesta\"", "slug = \"Not A Slug\"");
        let error = CampaignCatalog::from_sources([("broken.toml".to_owned(), broken.as_str())])
            .unwrap_err();
        assert!(error.to_string().contains("broken.toml"), "{error}");
        assert!(bundled.open().count() >= 1);
    }

    #[test]
    fn the_launch_campaign_records_letters_only_but_knows_how_to_file_them() {
        let catalog = CampaignCatalog::bundled().unwrap();
        let launch = catalog.get(&CampaignSlug::parse("sesta").unwrap()).unwrap();
        assert!(!launch.delivers());
        let filing = launch.cwc.as_ref().unwrap();
        assert_eq!(filing.topics[0].as_ref(), "Crime and Law Enforcement");
        assert_eq!(filing.bills[0].number, 1693);
    }

    #[test]
    fn delivery_needs_a_filing_with_a_topic() {
        let launch = include_str!("../campaigns/sesta.toml");
        let (before_filing, _) = launch.split_once("[cwc]").unwrap();
        for (case, text) in [
            ("no filing", format!("delivery = \"cwc\"\n{before_filing}")),
            (
                "no topic",
                launch.replace("topics = [\"Crime and Law Enforcement\"]", "topics = []"),
            ),
            (
                "unknown topic",
                launch.replace("Crime and Law Enforcement", "Crime"),
            ),
            ("unknown mode", format!("delivery = \"fax\"\n{launch}")),
        ] {
            let result = CampaignCatalog::from_sources([("c.toml".to_owned(), text.as_str())]);
            assert!(result.is_err(), "{case}");
        }
        let delivering = format!("delivery = \"cwc\"\n{launch}");
        let catalog = CampaignCatalog::from_sources([("c.toml".to_owned(), delivering.as_str())]);
        assert!(catalog.unwrap().open().next().unwrap().delivers());
    }

    #[test]
    fn a_slug_defined_twice_is_refused() {
        let launch = include_str!("../campaigns/sesta.toml");
        let error = CampaignCatalog::from_sources([
            ("a.toml".to_owned(), launch),
            ("b.toml".to_owned(), launch),
        ])
        .unwrap_err();
        assert!(matches!(error, CatalogError::Duplicate { .. }));
    }
}
