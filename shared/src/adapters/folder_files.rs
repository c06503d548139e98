//! The warehouse's files in a folder on this machine (`DATA_DIR/warehouse`
//! for the local server). Each file is written beside its place and
//! renamed into it, so a reader (DuckDB) never sees half of one; only
//! their owner may read them, as they hold supporters' data.

use super::private_files;
use crate::ports::WarehouseFiles;
use anyhow::Context;
use async_trait::async_trait;
use std::path::PathBuf;

pub struct FolderWarehouseFiles {
    root: PathBuf,
}

impl FolderWarehouseFiles {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

#[async_trait]
impl WarehouseFiles for FolderWarehouseFiles {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        let path = self.root.join(key);
        let parent = path.parent().context("a warehouse key names a file")?;
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
        // A dot-file, which DuckDB's globs (`*.parquet`) never match.
        let name = path.file_name().context("a warehouse key names a file")?;
        let partial = parent.join(format!(".{}.partial", name.to_string_lossy()));
        private_files::write(&partial, bytes)
            .with_context(|| format!("writing {}", partial.display()))?;
        std::fs::rename(&partial, &path)
            .with_context(|| format!("renaming into {}", path.display()))
    }

    async fn get(&self, key: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let path = self.root.join(key);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_put_reads_back_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let files = FolderWarehouseFiles::new(dir.path());
        files.put("a/b/c.json", b"{}".to_vec()).await.unwrap();
        files.put("a/b/c.json", b"[]".to_vec()).await.unwrap();
        assert_eq!(files.get("a/b/c.json").await.unwrap(), Some(b"[]".to_vec()));
        assert_eq!(files.get("a/none.json").await.unwrap(), None);
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["c.json"], "no partial file is left behind");
    }
}
