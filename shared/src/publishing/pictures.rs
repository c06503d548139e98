//! Share pictures for campaigns published live: the publisher draws a
//! campaign's picture before it publishes the campaign (it has the time; a
//! page function has neither the time nor the fonts), and keeps it by a
//! name its words make, which the page names in `og:image`.

use crate::campaign::Campaign;
use crate::language::Language;
use crate::ports::{PictureName, PictureStore};
use std::sync::Arc;

/// Draws a picture of a headline with a line under it, as a PNG: the
/// `share_picture` crate's `draw`, handed in by the functions that publish,
/// so that no other function links its fonts.
pub type Painter = fn(headline: &str, line: &str) -> anyhow::Result<Vec<u8>>;

/// The words on `campaign`'s picture in `language`: its headline, and
/// whom it asks supporters to write to.
pub fn words(campaign: &Campaign, language: Language) -> (&str, String) {
    let copy = campaign.copy(language);
    (copy.headline, campaign.targets.invitation(copy.language))
}

/// The name of `campaign`'s picture in `language`.
pub fn name_of(campaign: &Campaign, language: Language) -> PictureName {
    let (headline, line) = words(campaign, language);
    PictureName::of(headline, &line)
}

/// How a publisher draws and keeps pictures.
#[derive(Clone)]
pub struct Pictures {
    pub painter: Painter,
    pub store: Arc<dyn PictureStore>,
}

impl Pictures {
    /// Draws `campaign`'s picture in each language it is written in and
    /// keeps each under its name, before the campaign is published, so a
    /// page never names a picture not yet kept.
    pub async fn keep_for(&self, campaign: &Campaign) -> anyhow::Result<()> {
        for language in campaign.languages() {
            let (headline, line) = words(campaign, language);
            let name = PictureName::of(headline, &line);
            let png = (self.painter)(headline, &line)?;
            self.store.keep(&name, png).await?;
            tracing::info!(slug = %campaign.slug, picture = %name, language = language.tag(), "share picture drawn");
        }
        Ok(())
    }
}
