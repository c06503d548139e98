//! Whether a campaign's letters go on to the offices, and how Congress's
//! delivery services file them.

use super::Campaign;
use crate::domain::{Bill, LibraryOfCongressTopic, Stance};
use serde::Deserialize;

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

impl Campaign {
    /// Whether the campaign's letters go on to the offices.
    pub fn delivers(&self) -> bool {
        self.delivery == DeliveryMode::Cwc
    }

    /// What is wrong with a campaign's delivery settings, if anything.
    pub(super) fn check(&self) -> Result<(), DeliveryProblem> {
        let problem = |field, reason: &str| {
            Err(DeliveryProblem {
                field,
                reason: reason.to_owned(),
            })
        };
        match (&self.delivery, &self.cwc) {
            (DeliveryMode::Cwc, None) => problem(
                "cwc",
                "delivery = \"cwc\" needs a [cwc] table naming its topics",
            ),
            (_, Some(filing)) if filing.topics.is_empty() => problem(
                "cwc",
                "[cwc] topics must name at least one Library of Congress policy area",
            ),
            // MYD (the Senate's RNG): a message's CampaignId, which is the
            // slug (crate::cwc), holds 2 to 500 characters; a slug holds
            // at most 64, so only the least can be broken.
            (DeliveryMode::Cwc, _) if self.slug.as_ref().chars().count() < CAMPAIGN_ID_LEAST => {
                problem(
                    "slug",
                    &format!(
                        "{:?} is too short for a delivering campaign: its slug is each \
                         message's CampaignId, which the Senate takes at {CAMPAIGN_ID_LEAST} \
                         characters or more",
                        self.slug.as_ref()
                    ),
                )
            }
            _ => Ok(()),
        }
    }
}

/// The fewest characters a delivering campaign's slug may hold.
const CAMPAIGN_ID_LEAST: usize = 2;

/// What is wrong with a campaign's delivery settings: the field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryProblem {
    /// As the file names it: `cwc`, `slug`.
    pub field: &'static str,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use crate::campaign::CampaignCatalog;
    use crate::domain::CampaignSlug;

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
        let launch = include_str!("../../campaigns/sesta.toml");
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
    fn a_delivering_campaigns_slug_holds_the_two_characters_a_campaign_id_needs() {
        let launch = include_str!("../../campaigns/sesta.toml");
        let one = launch.replace("slug = \"sesta\"", "slug = \"s\"");
        let recording = CampaignCatalog::from_sources([("s.toml".to_owned(), one.as_str())]);
        assert!(recording.is_ok(), "a slug of one is fine for recording");
        let delivering = format!("delivery = \"cwc\"\n{one}");
        let error = CampaignCatalog::from_sources([("s.toml".to_owned(), delivering.as_str())])
            .unwrap_err()
            .to_string();
        assert!(error.contains("\"s\" is too short"), "{error}");
        let two = delivering.replace("slug = \"s\"", "slug = \"s2\"");
        assert!(CampaignCatalog::from_sources([("s.toml".to_owned(), two.as_str())]).is_ok());
    }
}
