//! The ports: what the application needs from the world, as traits, with
//! the errors and values they exchange. Handlers use these; adapters
//! (`crate::adapters`) implement them; only the wiring (`crate::bootstrap`,
//! the function mains, the local server) names an adapter.

mod analytics;
mod confirmations;
mod delivery;
mod letters;
mod mail;

pub use analytics::{AnalyticsStore, TallyWriter};
pub use confirmations::{Claim, ConfirmationStore};
pub use delivery::{Accepted, Delivery, DeliveryError, DeliveryStore};
pub use letters::{LetterStore, LetterStream, Recorded};
pub use mail::{Email, MailError, Mailer};

/// Why a store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store refused for now; the same request may succeed later.
    #[error("the letter store is busy")]
    Throttled,
    /// An export cursor this store did not hand out.
    #[error("the export cursor is not valid")]
    InvalidCursor,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// A store that keeps letters, their confirmations and deliveries, and the
/// analysts' counts, as both store adapters do.
pub trait Store: LetterStore + ConfirmationStore + DeliveryStore + AnalyticsStore {}

impl<T: LetterStore + ConfirmationStore + DeliveryStore + AnalyticsStore> Store for T {}
