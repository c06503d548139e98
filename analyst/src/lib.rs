//! The analysts' command line, as a library so tests and benchmarks call
//! the same code the binary runs.

/// Talks to the analysts' routes, signing with SigV4 or a bearer token.
pub mod client;
/// Exports a campaign's letters page by page to a file.
pub mod export;
/// Draws the HTML report with its SVG charts.
pub mod report;
