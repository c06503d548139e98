//! The library every function shares: a guided tour in module order.
//! Which module may use which is drawn in `docs/architecture.md`.

/// The values analysts ask for: tallies, summaries, export rows.
pub mod analytics;
/// Campaigns as data files, bundled and loaded once at start.
pub mod campaign;
/// The time as the site reads it: the system's, or a test's.
pub mod clock;
/// The CWC 2.0 message Congress's delivery services take: model, XML, rules.
pub mod cwc;
/// Domain types that can only exist valid, and how forms ask for them.
pub mod domain;
/// A supporter's letter, its fields defined once.
pub mod letter;
/// The sitting members of Congress: Senators by state, the House by district.
pub mod members;
/// Whom a letter goes to, from the campaign's targets and the supporter's place.
pub mod recipients;
/// Settings read once from the environment.
pub mod settings;
/// Signed tokens: form tokens and links, made and checked with one key.
pub mod signing;
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
/// Signed links in a supporter's email that act on their letter.
pub mod links;
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
/// The wiring every function's `main` shares.
#[cfg(feature = "aws")]
pub mod bootstrap;

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
