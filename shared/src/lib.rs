//! The library every function shares: a guided tour in module order.

/// Analysts' questions: maintained counts and paged exports.
pub mod analytics;
/// Campaigns as data files, bundled and loaded once at start.
pub mod campaign;
/// Configuration read from the environment, once per process.
pub mod config;
/// Confirming letters by email: claim, pace, send, settle; the queue
/// consumer and the SES feedback handler.
pub mod confirm;
/// Domain types that can only exist valid.
pub mod domain;
/// A supporter's letter from raw form to addressed, storable letter.
pub mod letter;
/// The mailer port, its SES and outbox adapters, and the confirmation email.
pub mod mail;
/// The sitting U.S. Senators, looked up by state.
pub mod senators;
/// The store ports (letters, confirmations) and their DynamoDB and embedded adapters.
pub mod store;
/// Logging set-up, in one place.
pub mod telemetry;
/// The HTTP layer: routes' handlers, pages, and error responses.
pub mod web;

#[cfg(test)]
mod test_support;
