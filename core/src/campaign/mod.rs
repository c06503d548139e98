//! Campaigns are data: one TOML file each under `core/campaigns/`, bundled
//! into every binary and loaded once at start (`shared/build.rs` makes an
//! incremental build notice a file added to that directory), and campaigns
//! published at run time (`validate` checks them, `crate::publishing` keeps
//! them current), served beside and over the files.

mod delivery;
mod sources;
mod targets;
mod validate;

pub use delivery::{CwcFiling, DeliveryMode, DeliveryProblem};
pub use sources::Sources;
pub use targets::Targets;
pub use validate::{CampaignProblem, parse_campaign};

use crate::domain::{CampaignSlug, LetterBody, LetterSubject, Origin};
use crate::language::Language;
use crate::members::{Bioguide, MemberDataError, Members};
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

static BUNDLED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/campaigns");

/// Whether a campaign takes letters, and whether its page is still shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    /// Not yet launched: unlisted, taking no letters, its page shown only
    /// through a signed preview link (`crate::preview`).
    Draft,
    Open,
    /// Its page says it has closed; it takes no letters.
    Closed,
    /// Taken down: its public addresses answer 410 Gone. Its letters are
    /// still confirmed, delivered and reachable for analysts.
    Retired,
}

impl CampaignStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Retired => "retired",
        }
    }
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

/// A campaign's copy in another language than English: its `[es]` table.
/// Every piece of the English copy has its counterpart, so that a page in
/// that language never mixes the two.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    pub title: String,
    pub headline: String,
    pub lead: String,
    pub background: Vec<Section>,
    pub share_message: String,
    #[serde(default)]
    pub call_script: Option<String>,
    pub letter: TranslatedLetter,
}

/// The letter a campaign offers, in another language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedLetter {
    pub subject: LetterSubject,
    pub body: LetterBody,
}

/// A campaign's copy in one language, as a page shows it.
#[derive(Debug, Clone, Copy)]
pub struct CampaignCopy<'a> {
    pub language: Language,
    pub title: &'a str,
    pub headline: &'a str,
    pub lead: &'a str,
    pub background: &'a [Section],
    pub share_message: &'a str,
    pub call_script: Option<&'a str>,
    pub subject: &'a LetterSubject,
    pub body: &'a LetterBody,
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
    /// What a supporter who calls their members' offices says: the
    /// campaign's own ask. Without it, the thank-you page asks them to
    /// say what they wrote about.
    #[serde(default)]
    pub call_script: Option<String>,
    pub letter: LetterTemplate,
    /// `delivery = "cwc"` sends each letter on to its offices; the default,
    /// `"none"`, records letters only.
    #[serde(default)]
    pub delivery: DeliveryMode,
    /// What delivery needs to file the letters: required with `delivery = "cwc"`.
    pub cwc: Option<CwcFiling>,
    /// Whether a letter waits, undelivered, until its supporter confirms it
    /// from the email (proving the address is theirs).
    #[serde(default)]
    pub verify_email: bool,
    /// Origins whose pages may embed this campaign's form: they may frame
    /// the page and post letters to it.
    #[serde(default)]
    pub allowed_origins: Vec<Origin>,
    /// The codes the campaign counts letters by (a link's `source`); a
    /// letter whose link names another keeps none.
    #[serde(default)]
    pub sources: Sources,
    /// Its copy in Spanish, if written: without it, the campaign is
    /// offered in English only.
    #[serde(default)]
    pub es: Option<Translation>,
    /// The version served: 0 for a bundled file, else its publication's.
    /// Set by the catalog, never by the file.
    #[serde(skip)]
    pub version: u64,
}

impl Campaign {
    pub fn is_open(&self) -> bool {
        self.status == CampaignStatus::Open
    }

    pub fn is_retired(&self) -> bool {
        self.status == CampaignStatus::Retired
    }

    pub fn is_draft(&self) -> bool {
        self.status == CampaignStatus::Draft
    }

    /// Whether a letter's text differs from the one the campaign offered
    /// in the letter's language.
    pub fn is_edited(
        &self,
        language: Language,
        subject: &LetterSubject,
        body: &LetterBody,
    ) -> bool {
        let offered = self.copy(language);
        subject != offered.subject || body != offered.body
    }

    /// The languages the campaign's copy is written in, English first.
    pub fn languages(&self) -> Vec<Language> {
        let mut languages = vec![Language::En];
        if self.es.is_some() {
            languages.push(Language::Es);
        }
        languages
    }

    /// The campaign's copy in `language`, or in English if it has none in it.
    pub fn copy(&self, language: Language) -> CampaignCopy<'_> {
        match (language, &self.es) {
            (Language::Es, Some(es)) => CampaignCopy {
                language,
                title: &es.title,
                headline: &es.headline,
                lead: &es.lead,
                background: &es.background,
                share_message: &es.share_message,
                call_script: es.call_script.as_deref(),
                subject: &es.letter.subject,
                body: &es.letter.body,
            },
            _ => CampaignCopy {
                language: Language::En,
                title: &self.title,
                headline: &self.headline,
                lead: &self.lead,
                background: &self.background,
                share_message: &self.share_message,
                call_script: self.call_script.as_deref(),
                subject: &self.letter.subject,
                body: &self.letter.body,
            },
        }
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
    #[error("campaign file {file}: {}: {}", .problem.field, .problem.reason)]
    Invalid {
        file: String,
        problem: DeliveryProblem,
    },
    #[error("campaign file {file}: {problem}")]
    Unsendable {
        file: String,
        problem: CampaignProblem,
    },
    #[error("campaign {slug} is defined twice")]
    Duplicate { slug: CampaignSlug },
    #[error("no campaign files found")]
    Empty,
    #[error(
        "campaign file {file}: its targets name {bioguide}, who is not a sitting member of \
         Congress in the bundled member data; refresh the data or change the targets"
    )]
    UnknownMember { file: String, bioguide: Bioguide },
    #[error(transparent)]
    MemberData(#[from] MemberDataError),
}

/// The bundled campaign files, each as its name and text.
pub fn bundled_files() -> impl Iterator<Item = Result<(String, &'static str), CatalogError>> {
    BUNDLED
        .files()
        .filter(|file| file.path().extension().is_some_and(|ext| ext == "toml"))
        .map(|file| {
            let name = file.path().display().to_string();
            file.contents_utf8()
                .map(|text| (name.clone(), text))
                .ok_or(CatalogError::NotText { file: name })
        })
}

/// Every campaign, looked up by slug, and live: a campaign published to
/// one clone (see [`CampaignCatalog::publish`]) is served by every clone at
/// once.
///
/// Each version is shared: a handler holds the version it started with
/// while a newer one is published, and the older is freed when the last
/// holder lets go.
#[derive(Debug, Clone)]
pub struct CampaignCatalog {
    campaigns: Arc<RwLock<BTreeMap<CampaignSlug, Arc<Campaign>>>>,
}

impl CampaignCatalog {
    /// The campaigns bundled into the binary. A file that fails its checks
    /// is left out with an error in the log (a test fails on it first), so
    /// one bad file never stops a function from serving the others.
    pub fn bundled() -> Result<Self, CatalogError> {
        Self::each_on_its_own(bundled_files())
    }

    /// A catalog of every source that passes its checks on its own; the
    /// others are logged and left out.
    fn each_on_its_own<'a>(
        sources: impl IntoIterator<Item = Result<(String, &'a str), CatalogError>>,
    ) -> Result<Self, CatalogError> {
        let mut campaigns = BTreeMap::new();
        for source in sources {
            match source.and_then(|source| Self::from_sources([source])) {
                Ok(one) => {
                    for campaign in one.all() {
                        if campaigns.contains_key(&campaign.slug) {
                            let error = CatalogError::Duplicate {
                                slug: campaign.slug.clone(),
                            };
                            tracing::error!(%error, "a campaign file is not served");
                        } else {
                            campaigns.insert(campaign.slug.clone(), campaign);
                        }
                    }
                }
                Err(error) => tracing::error!(%error, "a campaign file is not served"),
            }
        }
        if campaigns.is_empty() {
            return Err(CatalogError::Empty);
        }
        Ok(Self {
            campaigns: Arc::new(RwLock::new(campaigns)),
        })
    }

    /// Builds a catalog from `(file name, TOML text)` pairs. A campaign that
    /// names its members is checked against the bundled member data, the
    /// data every binary addresses letters with.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (String, &'a str)>,
    ) -> Result<Self, CatalogError> {
        let mut campaigns = BTreeMap::new();
        let mut members = None;
        for (file, text) in sources {
            let campaign: Campaign =
                toml::from_str(text).map_err(|source| CatalogError::Malformed {
                    file: file.clone(),
                    source,
                })?;
            campaign.check().map_err(|problem| CatalogError::Invalid {
                file: file.clone(),
                problem,
            })?;
            if let Some(problem) = validate::unsendable_text(text).into_iter().next() {
                return Err(CatalogError::Unsendable { file, problem });
            }
            if let Targets::Members {
                members: listed, ..
            } = &campaign.targets
            {
                let members = match &mut members {
                    Some(members) => members,
                    None => members.insert(Members::bundled()?),
                };
                if let Some(unknown) = listed.iter().find(|id| members.get(id).is_none()) {
                    return Err(CatalogError::UnknownMember {
                        file,
                        bioguide: unknown.clone(),
                    });
                }
            }
            let slug = campaign.slug.clone();
            if campaigns.insert(slug.clone(), Arc::new(campaign)).is_some() {
                return Err(CatalogError::Duplicate { slug });
            }
        }
        if campaigns.is_empty() {
            return Err(CatalogError::Empty);
        }
        Ok(Self {
            campaigns: Arc::new(RwLock::new(campaigns)),
        })
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<CampaignSlug, Arc<Campaign>>> {
        // A panic while holding the lock cannot leave the map half-changed
        // (every change is one insert), so a poisoned lock is still sound.
        self.campaigns
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, slug: &CampaignSlug) -> Option<Arc<Campaign>> {
        self.read().get(slug).cloned()
    }

    /// The version `slug` is served at: 0 for a bundled file, else the
    /// number it was published as.
    pub fn version(&self, slug: &CampaignSlug) -> Option<u64> {
        self.read().get(slug).map(|campaign| campaign.version)
    }

    /// Every campaign, whatever its status, in slug order.
    pub fn all(&self) -> impl Iterator<Item = Arc<Campaign>> + use<> {
        let all: Vec<_> = self.read().values().cloned().collect();
        all.into_iter()
    }

    /// Every campaign's slug, whatever its status.
    pub fn slugs(&self) -> impl Iterator<Item = CampaignSlug> + use<> {
        let slugs: Vec<_> = self.read().keys().cloned().collect();
        slugs.into_iter()
    }

    /// The campaigns taking letters, in slug order.
    pub fn open(&self) -> impl Iterator<Item = Arc<Campaign>> + use<> {
        self.all().filter(|c| c.is_open())
    }

    /// Serves `campaign` as `version` from now on, unless a later version
    /// is served already (publications may arrive out of order); whether
    /// it is now served.
    pub fn publish(&self, campaign: Campaign, version: u64) -> bool {
        let mut campaigns = self
            .campaigns
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if campaigns
            .get(&campaign.slug)
            .is_some_and(|served| served.version >= version && served.version > 0)
        {
            return false;
        }
        let slug = campaign.slug.clone();
        campaigns.insert(
            slug,
            Arc::new(Campaign {
                version,
                ..campaign
            }),
        );
        true
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
        let launch = include_str!("../../campaigns/sesta.toml");
        let broken = launch.replace("slug = \"sesta\"", "slug = \"Not A Slug\"");
        let error = CampaignCatalog::from_sources([("broken.toml".to_owned(), broken.as_str())])
            .unwrap_err();
        assert!(error.to_string().contains("broken.toml"), "{error}");
        assert!(bundled.open().count() >= 1);
    }

    #[test]
    fn unknown_targets_and_members_are_refused_with_the_file_name() {
        let launch = include_str!("../../campaigns/sesta.toml");
        for (targets, says) in [
            ("targets = \"house\"", "unknown targets \"house\""),
            (
                "targets = { members = [\"Z999999\"] }",
                "name Z999999, who is not a sitting member",
            ),
        ] {
            let file = launch.replace("targets = \"senators\"", targets);
            let error = CampaignCatalog::from_sources([("house.toml".to_owned(), file.as_str())])
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("house.toml") && error.contains(says),
                "{error}"
            );
        }
    }

    #[test]
    fn a_campaign_names_its_embedding_origins_as_origins_only() {
        let launch = include_str!("../../campaigns/sesta.toml");
        let with = |origins: &str| {
            let text = format!("allowed_origins = {origins}\n{launch}");
            CampaignCatalog::from_sources([("c.toml".to_owned(), text.as_str())])
        };
        let catalog = with(r#"["https://Partner.example.org"]"#).unwrap();
        let campaign = catalog.get(&CampaignSlug::parse("sesta").unwrap()).unwrap();
        assert_eq!(
            campaign.allowed_origins[0].as_str(),
            "https://partner.example.org"
        );
        assert!(!campaign.verify_email);
        assert!(with(r#"["https://partner.example.org/page"]"#).is_err());
    }

    #[test]
    fn one_bad_file_leaves_the_others_served() {
        let launch = include_str!("../../campaigns/sesta.toml");
        let typo = launch
            .replace("slug = \"sesta\"", "slug = \"typo\"")
            .replace("goal = 25000", "gaol = 25000");
        let catalog = CampaignCatalog::each_on_its_own([
            Ok(("typo.toml".to_owned(), typo.as_str())),
            Ok(("sesta.toml".to_owned(), launch)),
            Ok(("again.toml".to_owned(), launch)),
        ])
        .unwrap();
        let slugs: Vec<String> = catalog.slugs().map(|slug| slug.to_string()).collect();
        assert_eq!(slugs, ["sesta"]);
    }

    #[test]
    fn every_bundled_file_passes_its_checks() {
        let members = Members::bundled().unwrap();
        for file in BUNDLED.files() {
            let text = file.contents_utf8().unwrap();
            if let Err(problems) = parse_campaign(text, &members) {
                let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
                panic!("{}: {}", file.path().display(), problems.join("; "));
            }
        }
    }

    #[test]
    fn a_file_with_text_no_message_can_carry_is_not_served() {
        let launch = include_str!("../../campaigns/sesta.toml");
        let broken = launch.replacen("title = \"", "title = \"\\uFFFF", 1);
        let error = CampaignCatalog::from_sources([("sesta.toml".to_owned(), broken.as_str())])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("sesta.toml") && error.contains("title: remove U+FFFF"),
            "{error}"
        );
    }

    #[test]
    fn a_slug_defined_twice_is_refused() {
        let launch = include_str!("../../campaigns/sesta.toml");
        let error = CampaignCatalog::from_sources([
            ("a.toml".to_owned(), launch),
            ("b.toml".to_owned(), launch),
        ])
        .unwrap_err();
        assert!(matches!(error, CatalogError::Duplicate { .. }));
    }
}
