//! The store in append-only files under one directory, for the local
//! server: `letters.jsonl` (one letter a line), `confirmations.jsonl` (each
//! change of a confirmation), `deliveries.jsonl` (each change of an
//! office's delivery) and `suppressions.jsonl` (address digests).
//! Every write is on disk before the caller hears back, so nothing is lost
//! to a restart or a crash; the files are replayed once at start.

mod deliveries;
mod json_lines;

use crate::analytics::{ExportFilter, ExportPage, Tally};
use crate::domain::{CampaignSlug, EmailAddress};
use crate::letter::{ConfirmationStatus, Deliveries, Letter};
use crate::ports::{AnalyticsStore, Claim, ConfirmationStore, LetterStore, Recorded, StoreError};
use anyhow::Context;
use async_trait::async_trait;
use json_lines::JsonLines;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::Mutex;
use uuid::Uuid;

/// A line of `confirmations.jsonl`.
#[derive(Serialize, Deserialize)]
struct ConfirmationChange {
    supporter: String,
    confirmation: ConfirmationStatus,
}

/// A line of `suppressions.jsonl`.
#[derive(Serialize, Deserialize)]
struct Suppression {
    email_digest: String,
}

/// A stored letter's place in the index.
struct Entry {
    id: Uuid,
    campaign: CampaignSlug,
    confirmation: ConfirmationStatus,
    deliveries: Deliveries,
}

/// What the files say, held in memory: who wrote, where each confirmation
/// stands, and each campaign's counts.
#[derive(Default)]
struct Index {
    by_supporter: HashMap<String, Entry>,
    tallies: HashMap<CampaignSlug, Tally>,
    suppressed: HashSet<String>,
}

impl Index {
    fn add_letter(&mut self, letter: &Letter) {
        let entry = Entry {
            id: letter.id,
            campaign: letter.campaign.clone(),
            confirmation: letter.confirmation.clone(),
            deliveries: letter.deliveries.clone(),
        };
        self.by_supporter.insert(letter.supporter_key(), entry);
        self.tallies
            .entry(letter.campaign.clone())
            .or_default()
            .add_letter(letter);
    }

    /// Moves a confirmation on, counting it once it has settled.
    fn change(&mut self, change: ConfirmationChange) {
        let Some(entry) = self.by_supporter.get_mut(&change.supporter) else {
            return;
        };
        if !entry.confirmation.is_settled() {
            self.tallies
                .entry(entry.campaign.clone())
                .or_default()
                .add_settled(&change.confirmation);
        }
        entry.confirmation = change.confirmation;
    }
}

struct State {
    letters: JsonLines,
    confirmations: JsonLines,
    deliveries: JsonLines,
    suppressions: JsonLines,
    index: Index,
}

impl State {
    fn entry(&mut self, letter: &Letter) -> Result<&mut Entry, StoreError> {
        self.index
            .by_supporter
            .get_mut(&letter.supporter_key())
            .ok_or_else(|| anyhow::anyhow!("letter {} is not in the store", letter.id).into())
    }

    fn change(
        &mut self,
        letter: &Letter,
        confirmation: ConfirmationStatus,
    ) -> Result<(), StoreError> {
        let change = ConfirmationChange {
            supporter: letter.supporter_key(),
            confirmation,
        };
        self.confirmations.append(&change)?;
        self.index.change(change);
        Ok(())
    }
}

pub struct EmbeddedLetterStore {
    state: Mutex<State>,
}

impl EmbeddedLetterStore {
    /// Opens (or creates) the store under `dir`.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut index = Index::default();
        let letters = JsonLines::open(&dir.join("letters.jsonl"), |letter: Letter| {
            index.add_letter(&letter)
        })?;
        let confirmations = JsonLines::open(&dir.join("confirmations.jsonl"), |change| {
            index.change(change)
        })?;
        let deliveries = JsonLines::open(&dir.join("deliveries.jsonl"), |change| {
            index.change_delivery(change)
        })?;
        let suppressions = JsonLines::open(&dir.join("suppressions.jsonl"), |s: Suppression| {
            index.suppressed.insert(s.email_digest);
        })?;
        Ok(Self {
            state: Mutex::new(State {
                letters,
                confirmations,
                deliveries,
                suppressions,
                index,
            }),
        })
    }
}

// Blocking file I/O under the lock is deliberate here: one local writer at a
// time, and no answer before the write is on disk.
#[async_trait]
impl LetterStore for EmbeddedLetterStore {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, campaign = %letter.campaign))]
    async fn record(&self, letter: &Letter) -> Result<Recorded, StoreError> {
        let mut state = self.state.lock().await;
        if let Some(entry) = state.index.by_supporter.get(&letter.supporter_key()) {
            return Ok(Recorded::AlreadyRecorded { id: entry.id });
        }
        state.letters.append(letter)?;
        state.index.add_letter(letter);
        Ok(Recorded::Stored { id: letter.id })
    }

    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError> {
        let state = self.state.lock().await;
        Ok(state
            .index
            .tallies
            .get(campaign)
            .map_or(0, |tally| tally.get("letters")))
    }

    async fn check_health(&self) -> Result<(), StoreError> {
        let state = self.state.lock().await;
        let path = state.letters.path();
        std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
        Ok(())
    }
}

#[async_trait]
impl ConfirmationStore for EmbeddedLetterStore {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id))]
    async fn claim(
        &self,
        letter: &Letter,
        now: OffsetDateTime,
        lease: Duration,
    ) -> Result<Claim, StoreError> {
        let mut state = self.state.lock().await;
        let stale_before = now.unix_timestamp() - lease.as_secs() as i64;
        match &state.entry(letter)?.confirmation {
            settled if settled.is_settled() => return Ok(Claim::Settled(settled.clone())),
            ConfirmationStatus::Sending { claimed_at } if *claimed_at >= stale_before => {
                return Ok(Claim::HeldElsewhere);
            }
            _ => {}
        }
        state.change(
            letter,
            ConfirmationStatus::Sending {
                claimed_at: now.unix_timestamp(),
            },
        )?;
        Ok(Claim::Claimed)
    }

    #[tracing::instrument(skip_all, fields(letter_id = %letter.id))]
    async fn settle(
        &self,
        letter: &Letter,
        confirmation: &ConfirmationStatus,
    ) -> Result<(), StoreError> {
        let mut state = self.state.lock().await;
        if matches!(
            state.entry(letter)?.confirmation,
            ConfirmationStatus::Sending { .. }
        ) {
            state.change(letter, confirmation.clone())?;
        }
        Ok(())
    }

    async fn is_suppressed(&self, email: &EmailAddress) -> Result<bool, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .index
            .suppressed
            .contains(&email.digest()))
    }

    async fn suppress(&self, email: &EmailAddress) -> Result<(), StoreError> {
        let mut state = self.state.lock().await;
        let email_digest = email.digest();
        if !state.index.suppressed.contains(&email_digest) {
            state.suppressions.append(&Suppression {
                email_digest: email_digest.clone(),
            })?;
            state.index.suppressed.insert(email_digest);
        }
        Ok(())
    }
}

#[async_trait]
impl AnalyticsStore for EmbeddedLetterStore {
    async fn tally(&self, campaign: &CampaignSlug) -> Result<Tally, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .index
            .tallies
            .get(campaign)
            .cloned()
            .unwrap_or_default())
    }

    /// Reads `letters.jsonl` from the byte offset the cursor holds; a local
    /// store is small enough to scan.
    async fn export_page(
        &self,
        campaign: &CampaignSlug,
        filter: &ExportFilter,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<ExportPage, StoreError> {
        let start: u64 = match cursor {
            Some(cursor) => cursor.parse().map_err(|_| StoreError::InvalidCursor)?,
            None => 0,
        };
        let state = self.state.lock().await;
        let path = state.letters.path();
        let mut file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let end = file
            .metadata()
            .context("reading the letters file's length")?
            .len();
        if start > end {
            return Err(StoreError::InvalidCursor);
        }
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(start))
            .context("seeking in the letters file")?;
        let mut reader = std::io::BufReader::new(file);
        let (mut offset, mut line, mut page) = (start, String::new(), ExportPage::default());
        while offset < end {
            if page.letters.len() == limit {
                page.next = Some(offset.to_string());
                break;
            }
            line.clear();
            let read = std::io::BufRead::read_line(&mut reader, &mut line)
                .context("reading the letters file")?;
            if read == 0 {
                break;
            }
            offset += read as u64;
            let mut letter: Letter =
                serde_json::from_str(&line).map_err(|_| StoreError::InvalidCursor)?;
            if let Some(entry) = state.index.by_supporter.get(&letter.supporter_key()) {
                letter.confirmation = entry.confirmation.clone();
                letter.deliveries = entry.deliveries.clone();
            }
            if letter.campaign == *campaign && filter.matches(&letter) {
                page.letters.push(letter);
            }
        }
        Ok(page)
    }
}
