//! Share pictures for campaigns published live: the publisher draws a
//! campaign's picture before it publishes the campaign (it has the time; a
//! page function has neither the time nor the fonts), and keeps it by a
//! name its words make, which the page names in `og:image`.

use crate::campaign::{Campaign, Targets};
use crate::ports::{PictureName, PictureStore};
use std::sync::Arc;

/// Draws a picture of a headline with a line under it, as a PNG: the
/// `share_picture` crate's `draw`, handed in by the functions that publish,
/// so that no other function links its fonts.
pub type Painter = fn(headline: &str, line: &str) -> anyhow::Result<Vec<u8>>;

/// The words on `campaign`'s picture: its headline, and whom it asks
/// supporters to write to. (A campaign's copy in another language would
/// get its own picture: the same two words in that language, one more
/// [`Pictures::keep_for`] call.)
pub fn words(campaign: &Campaign) -> (&str, String) {
    (&campaign.headline, invitation(&campaign.targets))
}

/// The name of `campaign`'s picture.
pub fn name_of(campaign: &Campaign) -> PictureName {
    let (headline, line) = words(campaign);
    PictureName::of(headline, &line)
}

/// The line under the headline.
pub fn invitation(targets: &Targets) -> String {
    match targets {
        Targets::Senators => "Write to your two U.S. Senators: it takes a minute.".to_owned(),
        _ => format!("Write to {}: it takes a minute.", targets.audience()),
    }
}

/// How a publisher draws and keeps pictures.
#[derive(Clone)]
pub struct Pictures {
    pub painter: Painter,
    pub store: Arc<dyn PictureStore>,
}

impl Pictures {
    /// Draws `campaign`'s picture and keeps it under its name, before the
    /// campaign is published, so a page never names a picture not yet kept.
    pub async fn keep_for(&self, campaign: &Campaign) -> anyhow::Result<PictureName> {
        let (headline, line) = words(campaign);
        let name = PictureName::of(headline, &line);
        let png = (self.painter)(headline, &line)?;
        self.store.keep(&name, png).await?;
        tracing::info!(slug = %campaign.slug, picture = %name, "share picture drawn");
        Ok(name)
    }
}
