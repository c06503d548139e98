//! The analysts' command line, as a library so tests and benchmarks call
//! the same code the binary runs.

/// Which campaign a command is about.
pub mod campaign;
/// Lays out the report's bar charts.
pub mod chart;
/// Talks to the analysts' routes, signing with SigV4 or a bearer token.
pub mod client;
/// Exports a campaign's letters page by page to a file.
pub mod export;
/// Files written whole or not at all.
pub mod output;
/// Each office's letters, to take to it by hand or by email.
pub mod packet;
/// Draws the HTML report with its SVG charts.
pub mod report;
/// Summaries over a date range, and as a table or CSV.
pub mod summary;
