//! The picture a shared link shows (Open Graph, Twitter cards): a 1200×630
//! PNG of the campaign's headline, drawn at build time by `build.rs` for
//! every bundled campaign, so no other host is asked, the fonts stay out of
//! the binary (campaign-page's zip under 5 MB) and no request waits.

use crate::campaign::Campaign;

/// `(headline, PNG)` of every bundled campaign.
static PICTURES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/share_pictures.rs"));

/// The share picture of `campaign`, drawn for its headline.
pub fn picture(campaign: &Campaign) -> Option<&'static [u8]> {
    PICTURES
        .iter()
        .find(|(headline, _)| *headline == campaign.headline)
        .map(|(_, png)| *png)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::CampaignCatalog;

    #[test]
    fn every_bundled_campaign_has_a_1200_by_630_png() {
        for campaign in CampaignCatalog::bundled().unwrap().open() {
            let png = picture(campaign).expect("a picture for every bundled campaign");
            let decoder = png::Decoder::new(std::io::Cursor::new(png));
            let info = decoder.read_info().unwrap().info().clone();
            assert_eq!((info.width, info.height), (1200, 630));
        }
    }
}
