//! Delivering letters to congressional offices: the chambers' services,
//! and where each letter's per-office status is kept.

use super::StoreError;
use crate::domain::Chamber;
use crate::letter::{Deliveries, Letter, OfficeDelivery};
use crate::members::OfficeCode;
use crate::settings::DeliverySetting;
use async_trait::async_trait;

/// What a service said when it took a message: its status and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub status: u16,
    pub answer: String,
}

/// Why a service did not take a message, by what follows from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// The service already holds a message with this `DeliveryId`: it was
    /// delivered before (a retry, or a crash between sending and recording).
    #[error("the service already took this message")]
    Duplicate { answer: String },
    /// The service refused this message for good; sending it again won't
    /// help. `errors` are the service's own words.
    #[error("the service refused the message for good ({status})")]
    Rejected { status: u16, errors: Vec<String> },
    /// One of our settings is wrong (the endpoint, the key, the agent): no
    /// fault of the letter, and sending again is no use until `setting` is
    /// fixed. `problem` says what the service did ("answered 401
    /// Unauthorized"), with no key and nothing the supporter wrote.
    #[error("the service {problem}")]
    Misconfigured {
        setting: DeliverySetting,
        problem: String,
    },
    /// A passing failure: maintenance, a timeout, a dropped connection.
    #[error("delivery failed for now: {0}")]
    Transient(String),
}

#[async_trait]
pub trait Delivery: Send + Sync {
    /// Posts one message, as XML, to `chamber`'s service.
    async fn submit(&self, chamber: Chamber, xml: &str) -> Result<Accepted, DeliveryError>;
}

/// A stored letter as delivery must know it now: not as the queue's
/// record of it was, since the supporter may have confirmed it since.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryState {
    /// Whether the supporter confirmed the letter from its email, proving
    /// the address is theirs.
    pub email_verified: bool,
    pub deliveries: Deliveries,
}

#[async_trait]
pub trait DeliveryStore: Send + Sync {
    /// Where the letter stands now; `None` once it is no longer stored
    /// (withdrawn, erased, or past its time).
    async fn delivery_state(&self, letter: &Letter) -> Result<Option<DeliveryState>, StoreError>;

    /// The letter's deliveries as stored now; `None` once it is no longer stored.
    async fn deliveries(&self, letter: &Letter) -> Result<Option<Deliveries>, StoreError> {
        Ok(self
            .delivery_state(letter)
            .await?
            .map(|state| state.deliveries))
    }

    /// Records `new` for `office` if its delivery is still `previous` (`None`:
    /// not tried yet), by a conditional write that also counts the change
    /// in the campaign's tally; whether it was recorded.
    async fn record_delivery(
        &self,
        letter: &Letter,
        office: &OfficeCode,
        previous: Option<&OfficeDelivery>,
        new: &OfficeDelivery,
    ) -> Result<bool, StoreError>;
}
