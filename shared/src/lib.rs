//! The library every function shares: a guided tour in module order.

/// Campaigns as data files, bundled and loaded once at start.
pub mod campaign;
/// Configuration read from the environment, once per process.
pub mod config;
/// Domain types that can only exist valid.
pub mod domain;
/// A supporter's letter from raw form to addressed, storable letter.
pub mod letter;
/// The sitting U.S. Senators, looked up by state.
pub mod senators;
/// The letter store port and its DynamoDB and embedded adapters.
pub mod store;
/// Logging set-up, in one place.
pub mod telemetry;
/// The HTTP layer: routes' handlers, pages, and error responses.
pub mod web;
