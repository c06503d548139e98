//! What the command writes: files, replaced whole or not at all, or
//! standard output when the file is given as `-`.

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

/// Whether `target` is `-`, the name command lines give standard output.
pub fn is_standard_output(target: &Path) -> bool {
    target.as_os_str() == "-"
}

/// Where a command's output goes as it is written: a file that replaces
/// the target once whole, or standard output.
pub enum Output {
    File(Replacement),
    Standard(std::io::Stdout),
}

impl Output {
    pub fn to(target: &Path) -> anyhow::Result<Self> {
        if is_standard_output(target) {
            return Ok(Self::Standard(std::io::stdout()));
        }
        Replacement::beside(target).map(Self::File)
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Self::File(file) => file.writer(),
            Self::Standard(stdout) => stdout,
        }
    }

    /// The file in place, or standard output flushed.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Self::File(file) => file.commit(),
            Self::Standard(mut stdout) => stdout.flush().context("writing to standard output"),
        }
    }
}

/// Writes `bytes` to `target` whole, or leaves it as it was.
pub fn replace(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut output = Output::to(target)?;
    output
        .writer()
        .write_all(bytes)
        .with_context(|| format!("writing {}", target.display()))?;
    output.commit()
}
