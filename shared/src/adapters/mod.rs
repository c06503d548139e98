//! The adapters that need no AWS SDK: each port implemented for one
//! technology. DynamoDB, SES and S3 are `letters-aws`'s.
//!
//! - [`embedded`]: letters, confirmations and analysts' data on local disk,
//!   for the local server;
//! - the letter as both keep it, in versions, is `letter::StoredLetter`;
//! - [`OutboxMailer`]: email as files, for the local server;
//! - [`FolderWarehouseFiles`]: the warehouse's Parquet files in a folder, locally;
//! - [`SiteVerify`]: a CAPTCHA checked by its provider;
//! - [`ZctaDistrictTable`]: House districts by ZIP code, embedded;
//! - [`CensusGeocoder`]: House districts by address, from the U.S. Census
//!   Bureau's geocoder, with the table as fallback;
//! - [`HttpDelivery`]: Congress's delivery services over HTTPS, with their
//!   keys ([`CwcApiKeys`]) from Secrets Manager;
//! - [`private_files`]: how the local adapters (and the local server) make
//!   files that hold supporters' data or secrets.

mod captcha;
mod census;
mod cwc_http;
pub mod embedded;
mod folder_files;
mod outbox;
pub mod private_files;
mod secrets;
mod zcta;

pub use captcha::SiteVerify;
pub use census::CensusGeocoder;
pub use cwc_http::{ApiKey, CwcApiKeys, HttpDelivery};
pub use embedded::{EmbeddedLetterStore, EmbeddedPictureStore};
pub use folder_files::FolderWarehouseFiles;
pub use outbox::OutboxMailer;
pub use zcta::ZctaDistrictTable;
