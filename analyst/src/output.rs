//! Files the command writes, replaced whole or not at all.

use anyhow::Context;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// A temporary file in the target's directory (so the rename stays on one
/// file system) that becomes the target on [`Replacement::commit`]; dropped
/// without it, the temporary file goes and the target is untouched.
pub struct Replacement {
    temporary: NamedTempFile,
    target: PathBuf,
}

impl Replacement {
    pub fn beside(target: &Path) -> anyhow::Result<Self> {
        let directory = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let temporary = NamedTempFile::new_in(directory)
            .with_context(|| format!("creating a file in {}", directory.display()))?;
        Ok(Self {
            temporary,
            target: target.to_owned(),
        })
    }

    pub fn writer(&mut self) -> &mut File {
        self.temporary.as_file_mut()
    }

    /// Flushes to disk and renames over the target.
    pub fn commit(self) -> anyhow::Result<()> {
        self.temporary
            .as_file()
            .sync_all()
            .context("writing to disk")?;
        self.temporary
            .persist(&self.target)
            .with_context(|| format!("replacing {}", self.target.display()))?;
        Ok(())
    }
}

/// Writes `bytes` to `target` whole, or leaves it as it was.
pub fn replace(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = Replacement::beside(target)?;
    file.writer()
        .write_all(bytes)
        .with_context(|| format!("writing {}", target.display()))?;
    file.commit()
}
