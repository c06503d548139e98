//! The embedded store's other ports: confirmations and suppressions, the
//! analysts' reads, and the defences' counters.

use super::{EmbeddedLetterStore, Suppression};
use crate::analytics::{ExportFilter, ExportPage, Tally};
use crate::domain::{CampaignSlug, EmailAddress};
use crate::letter::StoredLetter;
use crate::letter::{ConfirmationStatus, Letter};
use crate::ports::{
    AbuseStore, Allowance, AnalyticsStore, Claim, ConfirmationStore, RateLimit, StoreError,
    TokenUse,
};
use anyhow::Context;
use async_trait::async_trait;
use std::time::Duration;
use time::OffsetDateTime;

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
        let stale_before = ConfirmationStatus::stale_before(now, lease);
        match &state.letter(letter)?.confirmation {
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
            state.letter(letter)?.confirmation,
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
        let state = self.state.lock().await;
        Ok(state
            .index
            .tallies
            .get(campaign)
            .cloned()
            .unwrap_or_default())
    }

    /// Reads `letters.jsonl` from the byte offset the cursor holds, each
    /// letter as it stands now; a local store is small enough to scan.
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
            let written: StoredLetter =
                serde_json::from_str(&line).map_err(|_| StoreError::InvalidCursor)?;
            let current = state.index.find(&Letter::from(written).reference());
            if let Some(letter) =
                current.filter(|letter| letter.campaign == *campaign && filter.matches(letter))
            {
                page.letters.push(letter.clone());
            }
        }
        Ok(page)
    }
}

#[async_trait]
impl AbuseStore for EmbeddedLetterStore {
    async fn hit(
        &self,
        limit: &RateLimit,
        subject: &str,
        now: OffsetDateTime,
    ) -> Result<Allowance, StoreError> {
        let at = limit.position(now);
        let mut state = self.state.lock().await;
        let windows = state
            .limits
            .entry((limit.name.to_owned(), subject.to_owned()))
            .or_default();
        let previous_window = limit.previous(at.window);
        windows.retain(|&window, _| window >= previous_window);
        let previous = windows.get(&previous_window).copied().unwrap_or_default();
        let current = windows.entry(at.window).or_default();
        if current.total() >= limit.room(&previous, at) {
            let retry_after = limit.retry_after(&previous, current, now);
            return Ok(Allowance::Limited { retry_after });
        }
        current.0[at.slot] += 1;
        Ok(Allowance::Allowed)
    }

    async fn spend_token(
        &self,
        nonce: &str,
        supporter: &str,
        _until: OffsetDateTime,
    ) -> Result<TokenUse, StoreError> {
        let mut state = self.state.lock().await;
        Ok(match state.spent.get(nonce) {
            None => {
                state.spent.insert(nonce.to_owned(), supporter.to_owned());
                TokenUse::First
            }
            Some(earlier) if earlier == supporter => TokenUse::SameSupporter,
            Some(_) => TokenUse::OtherSupporter,
        })
    }

    async fn forget(
        &self,
        limit: &RateLimit,
        subject: &str,
        _now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut state = self.state.lock().await;
        state
            .limits
            .remove(&(limit.name.to_owned(), subject.to_owned()));
        Ok(())
    }
}
