//! The application every function shares: ports, the services over them,
//! the web layer and the adapters; a guided tour in module order. The
//! domain below it is `letters-core`, whose modules are re-exported here at
//! the paths they always had. Which module may use which is drawn in
//! `docs/architecture.md`.

pub use letters_core::{
    analytics, campaign, cwc, districts, domain, language, letter, links, members, messages,
    preview, recipients, signing,
};

/// The time as the site reads it: the system's, or a test's.
pub mod clock;
/// Settings read once from the environment.
pub mod settings;
/// Logging set-up, in one place.
pub mod telemetry;

/// What the application needs from the world, as traits.
pub mod ports;

/// Addressing letters: the supporter's district from the ZIP code, an
/// address geocoder or the supporter, then their recipients.
pub mod addressing;
/// The aggregator: new letters added to the analysts' tallies.
pub mod aggregate;
/// Confirming letters by email: claim, pace, send, settle; the queue
/// consumer and the SES feedback handler.
pub mod confirm;
/// Delivering letters to congressional offices: which offices, whether
/// now, and build, check, send, record for each.
pub mod delivery;
/// Published campaigns kept current in a running function.
pub mod publishing;
/// The loop every queue consumer runs over a batch of stored letters.
pub mod queue;
/// The HTTP layer: routes' handlers, pages, and error responses.
pub mod web;
/// The one wiring: the application built from settings and adapters, for
/// Lambda and the local server alike.
pub mod wiring;

/// The ports implemented on DynamoDB, SES, local disk and files.
pub mod adapters;

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;

/// The build's check of the message catalogs, tested here.
#[cfg(test)]
#[path = "../build/catalog_check.rs"]
mod catalog_check;
