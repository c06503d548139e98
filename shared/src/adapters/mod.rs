//! The adapters: each port implemented for one technology.
//!
//! - [`dynamodb`]: letters, confirmations and analysts' data in one DynamoDB
//!   table, on AWS and against the moto emulator;
//! - [`embedded`]: the same on local disk, for the local server;
//! - the letter as both keep it, in versions, is `letter::StoredLetter`;
//! - [`SesMailer`]: email through Amazon SES;
//! - [`OutboxMailer`]: email as files, for the local server;
//! - [`SiteVerify`]: a CAPTCHA checked by its provider;
//! - [`ZctaDistrictTable`]: House districts by ZIP code, embedded;
//! - [`CensusGeocoder`]: House districts by address, from the U.S. Census
//!   Bureau's geocoder, with the table as fallback;
//! - [`HttpDelivery`]: Congress's delivery services over HTTPS, with their
//!   keys ([`CwcApiKeys`]) from Secrets Manager;
//! - [`S3CampaignBucket`]: the bucket staff upload campaign files to;
//! - [`private_files`]: how the local adapters (and the local server) make
//!   files that hold supporters' data or secrets.

mod captcha;
mod census;
mod cwc_http;
#[cfg(feature = "aws")]
pub mod dynamodb;
pub mod embedded;
mod outbox;
pub mod private_files;
#[cfg(feature = "aws")]
mod s3;
mod secrets;
#[cfg(feature = "aws")]
mod ses;
mod zcta;

pub use captcha::SiteVerify;
pub use census::CensusGeocoder;
pub use cwc_http::{ApiKey, CwcApiKeys, HttpDelivery};
#[cfg(feature = "aws")]
pub use dynamodb::{DynamoDbLetterStore, DynamoDbStream};
pub use embedded::EmbeddedLetterStore;
pub use outbox::OutboxMailer;
#[cfg(feature = "aws")]
pub use s3::S3CampaignBucket;
#[cfg(feature = "aws")]
pub use ses::SesMailer;
pub use zcta::ZctaDistrictTable;
