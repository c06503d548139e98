//! The picture a shared link shows (Open Graph, Twitter cards): a 1200×630
//! PNG of the campaign's headline and whom it writes to, drawn at build time
//! by `build.rs` for every bundled campaign, so no other host is asked, the
//! fonts stay out of the binary (campaign-page's zip under 5 MB) and no
//! request waits. A campaign previewed from `CAMPAIGNS_DIR` has none.

use crate::campaign::{Campaign, Targets};

include!(concat!(env!("OUT_DIR"), "/share_pictures.rs"));

/// The share picture of `campaign`, if one was drawn for its headline and
/// recipients.
pub fn picture(campaign: &Campaign) -> Option<&'static [u8]> {
    let invitation = invitation(&campaign.targets);
    PICTURES
        .iter()
        .find(|(headline, drawn, _)| *headline == campaign.headline && *drawn == invitation)
        .map(|(_, _, png)| *png)
}

/// The line under the headline.
fn invitation(targets: &Targets) -> String {
    match targets {
        Targets::Senators => "Write to your two U.S. Senators: it takes a minute.".to_owned(),
        _ => format!("Write to {}: it takes a minute.", targets.audience()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::CampaignCatalog;

    #[test]
    fn every_bundled_campaign_has_a_1200_by_630_png() {
        for campaign in CampaignCatalog::bundled().unwrap().all() {
            let png = picture(&campaign).expect("a picture for every bundled campaign");
            let decoder = png::Decoder::new(std::io::Cursor::new(png));
            let info = decoder.read_info().unwrap().info().clone();
            assert_eq!((info.width, info.height), (1200, 630));
        }
    }

    #[test]
    fn the_build_draws_the_words_the_crate_matches_for_every_kind_of_targets() {
        for (kind, drawn) in INVITATIONS {
            let source = match *kind {
                "members" => "targets = { members = [\"C001056\"] }".to_owned(),
                name => format!("targets = {name:?}"),
            };
            #[derive(serde::Deserialize)]
            struct File {
                targets: Targets,
            }
            let file: File = toml::from_str(&source).unwrap();
            assert_eq!(invitation(&file.targets), *drawn, "{kind}");
        }
    }
}
