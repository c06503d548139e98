//! The picture a shared link shows (Open Graph, Twitter cards): a 1200×630
//! PNG of the campaign's headline and whom it writes to. The bundled
//! campaigns' are drawn at build time by `build.rs`; a campaign published
//! live has its own drawn by the publisher and kept in the picture store
//! (`publishing::pictures`). Either way the page names it by a digest of
//! its words, so a changed headline is a new address no cache holds.

use crate::campaign::Campaign;
use crate::language::Language;
use crate::ports::PictureName;
use crate::publishing::pictures;

include!(concat!(env!("OUT_DIR"), "/share_pictures.rs"));

/// The bundled picture `name`, if one was drawn at build time.
pub fn bundled(name: &PictureName) -> Option<&'static [u8]> {
    PICTURES
        .iter()
        .find(|(headline, line, _)| PictureName::of(headline, line) == *name)
        .map(|(_, _, png)| *png)
}

/// The name of `campaign`'s picture in `language`, if it has one: drawn
/// at build time for its words, or by the publisher when it was published
/// (version 1 on). A campaign served from files it was not built with has
/// none.
pub fn picture_name(campaign: &Campaign, language: Language) -> Option<PictureName> {
    let name = pictures::name_of(campaign, language);
    (campaign.version > 0 || bundled(&name).is_some()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{CampaignCatalog, Targets};

    #[test]
    fn every_bundled_campaign_has_a_1200_by_630_png_in_each_of_its_languages() {
        for campaign in CampaignCatalog::bundled().unwrap().all() {
            let names: Vec<PictureName> = (campaign.languages().into_iter())
                .map(|language| {
                    picture_name(&campaign, language).expect("a picture for every language")
                })
                .collect();
            for name in &names {
                let png = bundled(name).unwrap();
                let decoder = png::Decoder::new(std::io::Cursor::new(png));
                let info = decoder.read_info().unwrap().info().clone();
                assert_eq!((info.width, info.height), (1200, 630));
            }
            if let [english, spanish] = names.as_slice() {
                assert_ne!(
                    english, spanish,
                    "{}: a picture of its own words",
                    campaign.slug
                );
            }
        }
    }

    #[test]
    fn the_build_draws_the_words_the_catalogs_give_for_every_kind_of_targets() {
        for (tag, kind, drawn) in INVITATIONS {
            let source = match *kind {
                "members" => "targets = { members = [\"C001056\"] }".to_owned(),
                name => format!("targets = {name:?}"),
            };
            #[derive(serde::Deserialize)]
            struct File {
                targets: Targets,
            }
            let file: File = toml::from_str(&source).unwrap();
            let language = Language::parse(tag).unwrap();
            assert_eq!(file.targets.invitation(language), *drawn, "{tag} {kind}");
        }
    }
}
