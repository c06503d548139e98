//! An append-only file of JSON lines, each synced to disk before `append`
//! returns: the embedded store's unit of durability.

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
        let file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .with_context(|| format!("opening {}", path.display()))?;
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
}
