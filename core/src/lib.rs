//! The domain, with no I/O, no async runtime and no AWS: what every other
//! crate of the workspace builds on, and all the fuzz targets need. Which
//! module may use which is drawn in `docs/architecture.md`.

/// The values analysts ask for: tallies, summaries, export rows.
pub mod analytics;
/// Campaigns as data files, bundled and checked.
pub mod campaign;
/// The CWC 2.0 message Congress's delivery services take: model, XML, rules.
pub mod cwc;
/// The ZIP-code table: which House districts each ZIP code lies in.
pub mod districts;
/// Domain types that can only exist valid, and how forms ask for them.
pub mod domain;
/// The languages supporters read, and how a request picks one.
pub mod language;
/// A supporter's letter, its fields defined once.
pub mod letter;
/// Signed links in a supporter's email that act on their letter.
pub mod links;
/// The sitting members of Congress: Senators by state, the House by district.
pub mod members;
/// What supporters read, from one catalog per language.
pub mod messages;
/// The chambers' lists of the offices that take delivered messages.
pub mod offices;
/// Signed links that show a draft campaign before launch.
pub mod preview;
/// Whom a letter goes to, from the campaign's targets and the supporter's place.
pub mod recipients;
/// Signed tokens: form tokens and links, made and checked with one key.
pub mod signing;

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
