//! Each office's delivery, kept as its changes in `deliveries.jsonl`.

use super::{EmbeddedLetterStore, Index};
use crate::letter::{Letter, OfficeDelivery};
use crate::members::OfficeCode;
use crate::ports::{DeliveryState, DeliveryStore, StoreError};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A line of `deliveries.jsonl`: an office's delivery moved to `delivery`.
#[derive(Serialize, Deserialize)]
pub(super) struct DeliveryChange {
    pub(super) supporter: String,
    office: OfficeCode,
    delivery: OfficeDelivery,
}

impl Index {
    /// Moves an office's delivery on, counting the change.
    pub(super) fn change_delivery(&mut self, change: DeliveryChange) {
        let Some(letter) = self.letters.get_mut(&change.supporter) else {
            return;
        };
        let previous = letter
            .deliveries
            .insert(change.office.clone(), change.delivery);
        let campaign = letter.campaign.clone();
        let new = &letter.deliveries[&change.office];
        self.tallies.entry(campaign).or_default().add_delivery(
            &change.office,
            previous.as_ref(),
            new,
        );
    }
}

#[async_trait]
impl DeliveryStore for EmbeddedLetterStore {
    async fn delivery_state(&self, letter: &Letter) -> Result<Option<DeliveryState>, StoreError> {
        let state = self.state.lock().await;
        Ok(state
            .index
            .letters
            .get(&letter.supporter_key())
            .filter(|stored| stored.id == letter.id)
            .map(|stored| DeliveryState {
                email_verified: stored.email_verified,
                deliveries: stored.deliveries.clone(),
            }))
    }

    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, %office))]
    async fn record_delivery(
        &self,
        letter: &Letter,
        office: &OfficeCode,
        previous: Option<&OfficeDelivery>,
        new: &OfficeDelivery,
    ) -> Result<bool, StoreError> {
        let mut state = self.state.lock().await;
        let supporter = letter.supporter_key();
        let current = state.letter(letter)?.deliveries.get(office);
        if current != previous || current.is_some_and(OfficeDelivery::is_settled) {
            return Ok(false);
        }
        let change = DeliveryChange {
            supporter,
            office: office.clone(),
            delivery: new.clone(),
        };
        state.deliveries.append(&change)?;
        state.index.change_delivery(change);
        Ok(true)
    }
}
