//! A letter store in one append-only file, for the local server.
//!
//! Each letter is one JSON line in `letters.jsonl`, synced to disk before the
//! supporter gets an answer, so letters survive a restart or a crash. The
//! file is read once at start to rebuild the index of supporters and counts.

use super::{LetterStore, Recorded, StoreError};
use crate::domain::CampaignSlug;
use crate::letter::Letter;
use anyhow::Context;
use async_trait::async_trait;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use tokio::sync::Mutex;
use uuid::Uuid;

const FILE_NAME: &str = "letters.jsonl";

struct Index {
    file: File,
    ids_by_supporter: HashMap<String, Uuid>,
    counts: HashMap<CampaignSlug, u64>,
}

impl Index {
    fn insert(&mut self, letter: &Letter) {
        self.ids_by_supporter
            .insert(letter.supporter_key(), letter.id);
        *self.counts.entry(letter.campaign.clone()).or_default() += 1;
    }
}

pub struct EmbeddedLetterStore {
    path: PathBuf,
    index: Mutex<Index>,
}

impl EmbeddedLetterStore {
    /// Opens (or creates) the store under `dir`. A last line cut short by a
    /// crash mid-write is dropped; any other unreadable line is an error, so
    /// a damaged file is never silently overwritten.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(FILE_NAME);
        let file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))?;
        let mut index = Index {
            file,
            ids_by_supporter: HashMap::new(),
            counts: HashMap::new(),
        };
        let mut intact_len = 0u64;
        let mut reader = BufReader::new(File::open(&path)?);
        let mut line = String::new();
        for line_number in 1.. {
            line.clear();
            let read = reader
                .read_line(&mut line)
                .with_context(|| format!("reading {}", path.display()))?;
            if read == 0 {
                break;
            }
            match serde_json::from_str::<Letter>(&line) {
                Ok(letter) => index.insert(&letter),
                Err(_) if !line.ends_with('\n') => {
                    tracing::warn!(path = %path.display(), line_number, "dropping a letter cut short by a crash");
                    index.file.set_len(intact_len)?;
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
            path,
            index: Mutex::new(index),
        })
    }
}

#[async_trait]
impl LetterStore for EmbeddedLetterStore {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, campaign = %letter.campaign))]
    async fn record(&self, letter: &Letter) -> Result<Recorded, StoreError> {
        let mut index = self.index.lock().await;
        if let Some(&id) = index.ids_by_supporter.get(&letter.supporter_key()) {
            return Ok(Recorded::AlreadyRecorded { id });
        }
        let mut line = serde_json::to_vec(letter).context("serialising a letter")?;
        line.push(b'\n');
        // Blocking I/O under the lock is deliberate: one local writer at a
        // time, and the answer waits until the letter is on disk.
        index
            .file
            .write_all(&line)
            .and_then(|()| index.file.sync_data())
            .with_context(|| format!("appending to {}", self.path.display()))?;
        index.insert(letter);
        Ok(Recorded::Stored { id: letter.id })
    }

    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError> {
        Ok(self
            .index
            .lock()
            .await
            .counts
            .get(campaign)
            .copied()
            .unwrap_or(0))
    }

    async fn check_health(&self) -> Result<(), StoreError> {
        std::fs::metadata(&self.path)
            .with_context(|| format!("reading {}", self.path.display()))?;
        Ok(())
    }
}
