//! Share pictures as files in one directory (locally, `DATA_DIR/pictures/`).

use crate::ports::{PictureName, PictureStore};
use anyhow::Context;
use async_trait::async_trait;
use std::path::PathBuf;

pub struct EmbeddedPictureStore {
    dir: PathBuf,
}

impl EmbeddedPictureStore {
    pub fn open(dir: impl Into<PathBuf>) -> anyhow::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self { dir })
    }
}

#[async_trait]
impl PictureStore for EmbeddedPictureStore {
    async fn keep(&self, name: &PictureName, png: Vec<u8>) -> anyhow::Result<()> {
        // Written aside and renamed into place, so a reader never sees half.
        let path = self.dir.join(name.to_string());
        let partial = path.with_extension("partial");
        tokio::fs::write(&partial, png)
            .await
            .with_context(|| format!("writing {}", partial.display()))?;
        tokio::fs::rename(&partial, &path)
            .await
            .with_context(|| format!("keeping {}", path.display()))
    }

    async fn picture(&self, name: &PictureName) -> anyhow::Result<Option<Vec<u8>>> {
        let path = self.dir.join(name.to_string());
        match tokio::fs::read(&path).await {
            Ok(png) => Ok(Some(png)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_kept_picture_reads_back_and_another_is_not_there() {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedPictureStore::open(dir.path().join("pictures")).unwrap();
        let name = PictureName::of("A headline", "A line.");
        store.keep(&name, b"png".to_vec()).await.unwrap();
        assert_eq!(
            store.picture(&name).await.unwrap().as_deref(),
            Some(&b"png"[..])
        );
        let other = PictureName::of("Another", "A line.");
        assert_eq!(store.picture(&other).await.unwrap(), None);
    }
}
