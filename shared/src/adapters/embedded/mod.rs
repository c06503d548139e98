//! The store in append-only files under one directory, for the local
//! server: `letters.jsonl` (one letter a line, in its stored form), `confirmations.jsonl` (each
//! change of a confirmation), `verifications.jsonl` (letters confirmed from
//! their email), `deliveries.jsonl` (each change of an office's delivery),
//! `suppressions.jsonl` (address digests) and `campaigns.jsonl` (each
//! published campaign version). Every write is
//! on disk before the caller hears back, so nothing is lost to a restart or
//! a crash; the files are replayed once at start. A withdrawn letter is
//! erased by rewriting the files without it, and whoever keeps a copy of
//! it elsewhere is told ([`EmbeddedLetterStore::on_withdrawn`]). The
//! defences' counters are kept in memory: one local process needs no more.

mod campaigns;
mod deliveries;
mod json_lines;
mod log;
mod others;
mod pictures;

use crate::analytics::Tally;
use crate::domain::{CampaignSlug, EmailAddress};
use crate::letter::StoredLetter;
use crate::letter::{ConfirmationStatus, Letter, LetterRef, supporter_key};
use crate::ports::{LetterStore, Recorded, StoreError, Verification, WindowCounts, Withdrawal};
use anyhow::Context;
use async_trait::async_trait;
use deliveries::DeliveryChange;
use json_lines::JsonLines;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use tokio::sync::Mutex;
use uuid::Uuid;

pub use pictures::EmbeddedPictureStore;

/// A line of `confirmations.jsonl`.
#[derive(Serialize, Deserialize)]
struct ConfirmationChange {
    supporter: String,
    confirmation: ConfirmationStatus,
}

/// A line of `verifications.jsonl`.
#[derive(Serialize, Deserialize)]
struct Verified {
    letter: Uuid,
}

/// A line of `suppressions.jsonl`.
#[derive(Serialize, Deserialize)]
struct Suppression {
    email_digest: String,
}

/// What the files say, held in memory: each letter as it stands now, by
/// supporter and by id, and each campaign's counts.
#[derive(Default)]
struct Index {
    letters: HashMap<String, Letter>,
    by_id: HashMap<Uuid, String>,
    tallies: HashMap<CampaignSlug, Tally>,
    suppressed: HashSet<String>,
}

impl Index {
    fn tally(&mut self, campaign: &CampaignSlug) -> &mut Tally {
        self.tallies.entry(campaign.clone()).or_default()
    }

    fn add_letter(&mut self, letter: Letter) {
        self.tally(&letter.campaign).add_letter(&letter);
        self.by_id.insert(letter.id, letter.supporter_key());
        self.letters.insert(letter.supporter_key(), letter);
    }

    /// Moves a confirmation on, counting it once it has settled.
    fn change(&mut self, change: ConfirmationChange) {
        let Some(letter) = self.letters.get_mut(&change.supporter) else {
            return;
        };
        let newly_settled = !letter.confirmation.is_settled();
        letter.confirmation = change.confirmation;
        let (campaign, status) = (letter.campaign.clone(), letter.confirmation.clone());
        if newly_settled {
            self.tally(&campaign).add_settled(&status);
        }
    }

    fn letter_mut(&mut self, id: &Uuid) -> Option<&mut Letter> {
        let key = self.by_id.get(id)?;
        self.letters.get_mut(key)
    }

    /// The letter `reference` names, if it is stored.
    fn find(&self, reference: &LetterRef) -> Option<&Letter> {
        let key = self.by_id.get(&reference.id)?;
        self.letters
            .get(key)
            .filter(|letter| letter.campaign == reference.campaign)
    }

    fn verify(&mut self, id: &Uuid) {
        let Some(letter) = self.letter_mut(id) else {
            return;
        };
        letter.email_verified = true;
        letter.opt_in_confirmed = letter.fields.opt_in;
        let letter = letter.clone();
        self.tally(&letter.campaign).add_verification(&letter);
    }

    /// Takes the letter out, with everything it counted.
    fn remove(&mut self, id: &Uuid) -> Option<Letter> {
        let key = self.by_id.remove(id)?;
        let letter = self.letters.remove(&key)?;
        let taken = Tally::contribution(&letter, true);
        self.tally(&letter.campaign).subtract(&taken);
        Some(letter)
    }
}

struct State {
    letters: JsonLines,
    confirmations: JsonLines,
    verifications: JsonLines,
    deliveries: JsonLines,
    suppressions: JsonLines,
    campaigns: JsonLines,
    /// Each campaign's latest published version.
    published: BTreeMap<CampaignSlug, crate::ports::PublishedCampaign>,
    index: Index,
    /// Rate-limit counters: each limit's and subject's counts, by the window's start.
    limits: HashMap<(String, String), BTreeMap<i64, WindowCounts>>,
    /// Spent form tokens: nonce to the supporter who spent it.
    spent: HashMap<String, String>,
}

impl State {
    fn letter(&self, letter: &Letter) -> Result<&Letter, StoreError> {
        self.index
            .letters
            .get(&letter.supporter_key())
            .filter(|stored| stored.id == letter.id)
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

    /// Withdraws the letter `id`: out of the index and out of every file.
    /// The letter as it stood, if it was stored.
    fn withdraw(&mut self, id: Uuid) -> Result<Option<Letter>, StoreError> {
        let Some(letter) = self.index.remove(&id) else {
            return Ok(None);
        };
        let supporter = letter.supporter_key();
        self.letters
            .retain(|stored: StoredLetter| Letter::from(stored).id != id)?;
        self.confirmations
            .retain(|change: ConfirmationChange| change.supporter != supporter)?;
        self.verifications
            .retain(|verified: Verified| verified.letter != id)?;
        self.deliveries
            .retain(|change: DeliveryChange| change.supporter != supporter)?;
        Ok(Some(letter))
    }
}

/// Told of each letter withdrawn or erased, once it has left the files.
type OnWithdrawn = Box<dyn Fn(&Letter) + Send + Sync>;

pub struct EmbeddedLetterStore {
    state: Mutex<State>,
    on_withdrawn: Option<OnWithdrawn>,
}

impl EmbeddedLetterStore {
    /// Opens (or creates) the store under `dir`.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut index = Index::default();
        let letters = JsonLines::open(&dir.join("letters.jsonl"), |stored: StoredLetter| {
            index.add_letter(stored.into())
        })?;
        let confirmations = JsonLines::open(&dir.join("confirmations.jsonl"), |change| {
            index.change(change)
        })?;
        let verifications = JsonLines::open(&dir.join("verifications.jsonl"), |v: Verified| {
            index.verify(&v.letter)
        })?;
        let deliveries = JsonLines::open(&dir.join("deliveries.jsonl"), |change| {
            index.change_delivery(change)
        })?;
        let suppressions = JsonLines::open(&dir.join("suppressions.jsonl"), |s: Suppression| {
            index.suppressed.insert(s.email_digest);
        })?;
        let mut published = std::collections::BTreeMap::new();
        let campaigns = JsonLines::open(
            &dir.join("campaigns.jsonl"),
            |campaign: crate::ports::PublishedCampaign| {
                published.insert(campaign.slug.clone(), campaign);
            },
        )?;
        Ok(Self {
            state: Mutex::new(State {
                letters,
                confirmations,
                verifications,
                deliveries,
                suppressions,
                campaigns,
                published,
                index,
                limits: HashMap::new(),
                spent: HashMap::new(),
            }),
            on_withdrawn: None,
        })
    }

    /// Tells `then` of each letter withdrawn or erased (as it stood, its
    /// confirmation's message id and all), once it has left the files: so
    /// that a copy kept elsewhere, such as its email in the local outbox,
    /// goes too.
    pub fn on_withdrawn(mut self, then: impl Fn(&Letter) + Send + Sync + 'static) -> Self {
        self.on_withdrawn = Some(Box::new(then));
        self
    }

    fn withdraw_locked(&self, state: &mut State, id: Uuid) -> Result<Withdrawal, StoreError> {
        let Some(letter) = state.withdraw(id)? else {
            return Ok(Withdrawal::NotFound);
        };
        if let Some(then) = &self.on_withdrawn {
            then(&letter);
        }
        Ok(Withdrawal::Withdrawn)
    }
}

// Blocking file I/O under the lock is deliberate here: one local writer at a
// time, and no answer before the write is on disk.
#[async_trait]
impl LetterStore for EmbeddedLetterStore {
    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, campaign = %letter.campaign))]
    async fn record(&self, letter: &Letter) -> Result<Recorded, StoreError> {
        let mut state = self.state.lock().await;
        if let Some(stored) = state.index.letters.get(&letter.supporter_key()) {
            return Ok(Recorded::AlreadyRecorded { id: stored.id });
        }
        state.letters.append(&StoredLetter::from(letter))?;
        state.index.add_letter(letter.clone());
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

    async fn find(&self, reference: &LetterRef) -> Result<Option<Letter>, StoreError> {
        Ok(self.state.lock().await.index.find(reference).cloned())
    }

    async fn verify(&self, reference: &LetterRef) -> Result<Verification, StoreError> {
        let mut state = self.state.lock().await;
        let verified = match state.index.find(reference) {
            None => return Ok(Verification::NotFound),
            Some(letter) => letter.email_verified,
        };
        if verified {
            return Ok(Verification::AlreadyVerified);
        }
        state.verifications.append(&Verified {
            letter: reference.id,
        })?;
        state.index.verify(&reference.id);
        Ok(Verification::Verified)
    }

    async fn withdraw(&self, reference: &LetterRef) -> Result<Withdrawal, StoreError> {
        let mut state = self.state.lock().await;
        if state.index.find(reference).is_none() {
            return Ok(Withdrawal::NotFound);
        }
        self.withdraw_locked(&mut state, reference.id)
    }

    async fn erase(
        &self,
        email: &EmailAddress,
        campaigns: &[CampaignSlug],
    ) -> Result<usize, StoreError> {
        let mut state = self.state.lock().await;
        let mut erased = 0;
        for campaign in campaigns {
            let key = supporter_key(campaign, email);
            if let Some(id) = state.index.letters.get(&key).map(|letter| letter.id)
                && self.withdraw_locked(&mut state, id)? == Withdrawal::Withdrawn
            {
                erased += 1;
            }
        }
        Ok(erased)
    }
}
