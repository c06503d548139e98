//! Campaigns' share pictures, drawn when a campaign is published and kept
//! by name for the page's picture route.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use std::fmt;

/// A share picture's name: a digest of the words drawn on it, so a new
/// headline gets a new name and no cache can answer it with an old picture.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PictureName(String);

impl PictureName {
    /// Names the drawing changes with: raise it when the picture's look
    /// changes, so that every picture gets a new name.
    const DRAWING: &'static str = "1";

    /// The name of the picture of `headline` with `line` under it.
    pub fn of(headline: &str, line: &str) -> Self {
        let digest = Sha256::new()
            .chain_update(Self::DRAWING)
            .chain_update([0])
            .chain_update(headline)
            .chain_update([0])
            .chain_update(line)
            .finalize();
        Self(hex::encode(&digest[..8]))
    }

    /// A name as a route's last segment spells it (`{16 hex digits}.png`).
    pub fn parse(file: &str) -> Option<Self> {
        let digest = file.strip_suffix(".png")?;
        (digest.len() == 16
            && digest
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| Self(digest.to_owned()))
    }
}

/// The picture's file name: `{digest}.png`.
impl fmt::Display for PictureName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.png", self.0)
    }
}

/// Where share pictures are kept: the campaigns bucket on AWS, the data
/// directory locally.
#[async_trait]
pub trait PictureStore: Send + Sync {
    /// Keeps `png` as `name`, replacing what was there (the same words
    /// draw the same picture).
    async fn keep(&self, name: &PictureName, png: Vec<u8>) -> anyhow::Result<()>;

    /// The picture `name`, if kept.
    async fn picture(&self, name: &PictureName) -> anyhow::Result<Option<Vec<u8>>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_its_words_digest_and_reads_back_from_its_file_name() {
        let name = PictureName::of("Stop the bill", "Write today.");
        assert_eq!(name, PictureName::of("Stop the bill", "Write today."));
        assert_ne!(name, PictureName::of("Stop the bill!", "Write today."));
        assert_ne!(
            PictureName::of("ab", "c"),
            PictureName::of("a", "bc"),
            "the words' boundary is part of the name"
        );
        assert_eq!(PictureName::parse(&name.to_string()), Some(name));
    }

    #[test]
    fn a_file_name_that_is_no_digest_names_no_picture() {
        for file in [
            "0123456789abcdef",
            "0123456789ABCDEF.png",
            "0123456789abcde.png",
            "../../signing.key.png",
            "0123456789abcdeg.png",
        ] {
            assert_eq!(PictureName::parse(file), None, "{file}");
        }
    }
}
