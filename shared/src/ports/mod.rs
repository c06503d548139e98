//! The ports: what the application needs from the world, as traits, with
//! the errors and values they exchange. Handlers use these; adapters
//! (`crate::adapters`) implement them; only the wiring (`crate::bootstrap`,
//! the function mains, the local server) names an adapter.

mod abuse;
mod analytics;
mod campaigns;
mod confirmations;
mod delivery;
mod districts;
mod letters;
mod mail;
mod pictures;
mod warehouse;

pub use abuse::{AbuseStore, Allowance, HumanCheck, Position, RateLimit, TokenUse, WindowCounts};
pub use analytics::{AnalyticsStore, TallyWriter};
pub use campaigns::{CampaignBucket, CampaignStore, PublishedCampaign, UploadedFile};
pub use confirmations::{Claim, ConfirmationStore};
pub use delivery::{Accepted, Delivery, DeliveryError, DeliveryState, DeliveryStore};
pub use districts::{DistrictLookup, PostalAddress};
pub use letters::{LetterStore, LetterStream, Recorded, Verification, Withdrawal};
pub use mail::{Email, MailError, Mailer};
pub use pictures::{PictureName, PictureStore};
pub use warehouse::{LetterLog, WarehouseFiles};

/// Why a store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store refused for now; the same request may succeed later.
    #[error("the letter store is busy")]
    Throttled,
    /// The store did not answer in time, or failed in a way that passes
    /// (a timeout, a dropped connection, a 5xx): the same request may
    /// succeed later. Whether a write happened is unknown, so writes are
    /// made so that trying again is safe.
    #[error("the letter store is unavailable for now: {0:#}")]
    Unavailable(anyhow::Error),
    /// An export cursor this store did not hand out.
    #[error("the export cursor is not valid")]
    InvalidCursor,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl StoreError {
    /// Whether the same request may succeed if tried again later.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Throttled | Self::Unavailable(_))
    }
}

/// A store that keeps letters, their confirmations and deliveries, the
/// analysts' counts, the defences' counters and the published campaigns,
/// and reads the letters written in a span of time, as both store adapters do.
pub trait Store:
    LetterStore
    + ConfirmationStore
    + DeliveryStore
    + AnalyticsStore
    + AbuseStore
    + CampaignStore
    + LetterLog
{
}

impl<T> Store for T where
    T: LetterStore
        + ConfirmationStore
        + DeliveryStore
        + AnalyticsStore
        + AbuseStore
        + CampaignStore
        + LetterLog
{
}
