//! The store in three append-only files under one directory, for the local
//! server: `letters.jsonl` (one letter a line), `confirmations.jsonl` (each
//! change of a confirmation) and `suppressions.jsonl` (address digests).
//! Every write is on disk before the caller hears back, so nothing is lost
//! to a restart or a crash; the files are replayed once at start.

use super::json_lines::JsonLines;
use super::{Claim, ConfirmationStore, LetterStore, Recorded, StoreError};
use crate::domain::{CampaignSlug, EmailAddress};
use crate::letter::{Confirmation, Letter};
use anyhow::Context;
use async_trait::async_trait;
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
    confirmation: Confirmation,
}

/// A line of `suppressions.jsonl`.
#[derive(Serialize, Deserialize)]
struct Suppression {
    email_digest: String,
}

/// A stored letter's place in the index.
struct Entry {
    id: Uuid,
    confirmation: Confirmation,
}

struct State {
    letters: JsonLines,
    confirmations: JsonLines,
    suppressions: JsonLines,
    by_supporter: HashMap<String, Entry>,
    counts: HashMap<CampaignSlug, u64>,
    suppressed: HashSet<String>,
}

impl State {
    fn entry(&mut self, letter: &Letter) -> Result<&mut Entry, StoreError> {
        self.by_supporter
            .get_mut(&letter.supporter_key())
            .ok_or_else(|| anyhow::anyhow!("letter {} is not in the store", letter.id).into())
    }

    fn change(&mut self, letter: &Letter, confirmation: Confirmation) -> Result<(), StoreError> {
        let change = ConfirmationChange {
            supporter: letter.supporter_key(),
            confirmation,
        };
        self.confirmations.append(&change)?;
        self.entry(letter)?.confirmation = change.confirmation;
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
        let mut by_supporter = HashMap::new();
        let mut counts: HashMap<CampaignSlug, u64> = HashMap::new();
        let letters = JsonLines::open(&dir.join("letters.jsonl"), |letter: Letter| {
            *counts.entry(letter.campaign.clone()).or_default() += 1;
            let entry = Entry {
                id: letter.id,
                confirmation: letter.confirmation.clone(),
            };
            by_supporter.insert(letter.supporter_key(), entry);
        })?;
        let confirmations = JsonLines::open(
            &dir.join("confirmations.jsonl"),
            |change: ConfirmationChange| {
                if let Some(entry) = by_supporter.get_mut(&change.supporter) {
                    entry.confirmation = change.confirmation;
                }
            },
        )?;
        let mut suppressed = HashSet::new();
        let suppressions = JsonLines::open(&dir.join("suppressions.jsonl"), |s: Suppression| {
            suppressed.insert(s.email_digest);
        })?;
        let state = State {
            letters,
            confirmations,
            suppressions,
            by_supporter,
            counts,
            suppressed,
        };
        Ok(Self {
            state: Mutex::new(state),
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
        if let Some(entry) = state.by_supporter.get(&letter.supporter_key()) {
            return Ok(Recorded::AlreadyRecorded { id: entry.id });
        }
        state.letters.append(letter)?;
        let entry = Entry {
            id: letter.id,
            confirmation: letter.confirmation.clone(),
        };
        state.by_supporter.insert(letter.supporter_key(), entry);
        *state.counts.entry(letter.campaign.clone()).or_default() += 1;
        Ok(Recorded::Stored { id: letter.id })
    }

    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError> {
        Ok(self
            .state
            .lock()
            .await
            .counts
            .get(campaign)
            .copied()
            .unwrap_or(0))
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
            Confirmation::Sending { claimed_at } if *claimed_at >= stale_before => {
                return Ok(Claim::HeldElsewhere);
            }
            _ => {}
        }
        state.change(
            letter,
            Confirmation::Sending {
                claimed_at: now.unix_timestamp(),
            },
        )?;
        Ok(Claim::Claimed)
    }

    #[tracing::instrument(skip_all, fields(letter_id = %letter.id))]
    async fn settle(&self, letter: &Letter, confirmation: &Confirmation) -> Result<(), StoreError> {
        let mut state = self.state.lock().await;
        if matches!(
            state.entry(letter)?.confirmation,
            Confirmation::Sending { .. }
        ) {
            state.change(letter, confirmation.clone())?;
        }
        Ok(())
    }

    async fn is_suppressed(&self, email: &EmailAddress) -> Result<bool, StoreError> {
        Ok(self.state.lock().await.suppressed.contains(&email.digest()))
    }

    async fn suppress(&self, email: &EmailAddress) -> Result<(), StoreError> {
        let mut state = self.state.lock().await;
        let email_digest = email.digest();
        if !state.suppressed.contains(&email_digest) {
            state.suppressions.append(&Suppression {
                email_digest: email_digest.clone(),
            })?;
            state.suppressed.insert(email_digest);
        }
        Ok(())
    }
}
