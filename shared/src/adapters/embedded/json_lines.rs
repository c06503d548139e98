//! An append-only file of JSON lines, each synced to disk before `append`
//! returns: the embedded store's unit of durability.

use crate::adapters::private_files;
use anyhow::Context;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

pub struct JsonLines {
    path: PathBuf,
    file: File,
}

impl JsonLines {
    /// Opens (or creates) `path`, handing every record to `each`. A last
    /// line cut short by a crash mid-write is dropped; any other unreadable
    /// line is an error, so a damaged file is never silently overwritten.
    pub fn open<T: DeserializeOwned>(path: &Path, mut each: impl FnMut(T)) -> anyhow::Result<Self> {
        let file = private_files::options()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .with_context(|| format!("opening {}", path.display()))?;
        private_files::restrict(&file)
            .with_context(|| format!("restricting {} to its owner", path.display()))?;
        let mut intact_len = 0u64;
        let mut reader = BufReader::new(File::open(path)?);
        let mut line = String::new();
        for line_number in 1.. {
            line.clear();
            let read = reader
                .read_line(&mut line)
                .with_context(|| format!("reading {}", path.display()))?;
            if read == 0 {
                break;
            }
            match serde_json::from_str::<T>(&line) {
                Ok(record) => each(record),
                Err(_) if !line.ends_with('\n') => {
                    tracing::warn!(path = %path.display(), line_number, "dropping a record cut short by a crash");
                    file.set_len(intact_len)?;
                    break;
                }
                Err(error) => {
                    return Err(error).with_context(|| {
                        format!("{}: line {line_number} is damaged", path.display())
                    });
                }
            }
            intact_len += read as u64;
        }
        Ok(Self {
            path: path.to_owned(),
            file,
        })
    }

    /// Appends one record and waits until it is on disk.
    pub fn append<T: Serialize>(&mut self, record: &T) -> anyhow::Result<()> {
        let mut line = serde_json::to_vec(record).context("serialising a record")?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
            .with_context(|| format!("appending to {}", self.path.display()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Rewrites the file with only the records `keep` accepts, through a
    /// new file renamed over the old, so a crash leaves one or the other
    /// whole: how a record's personal data is erased from an append-only
    /// file.
    pub fn retain<T: DeserializeOwned>(
        &mut self,
        mut keep: impl FnMut(T) -> bool,
    ) -> anyhow::Result<()> {
        let rewritten = self.path.with_extension("jsonl.rewrite");
        let mut out = std::io::BufWriter::new(
            private_files::options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&rewritten)
                .with_context(|| format!("creating {}", rewritten.display()))?,
        );
        let reader = BufReader::new(File::open(&self.path)?);
        for line in reader.lines() {
            let line = line.with_context(|| format!("reading {}", self.path.display()))?;
            let record: T = serde_json::from_str(&line)
                .with_context(|| format!("{}: a damaged line", self.path.display()))?;
            if keep(record) {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        let file = out.into_inner().map_err(|error| error.into_error())?;
        file.sync_all()?;
        std::fs::rename(&rewritten, &self.path)
            .with_context(|| format!("replacing {}", self.path.display()))?;
        self.file = OpenOptions::new().append(true).open(&self.path)?;
        Ok(())
    }
}
