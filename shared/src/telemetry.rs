//! Logging set-up. Log lines carry ids and outcomes, never what a supporter
//! typed: handlers and adapters record only letter ids and campaign slugs.

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy)]
pub enum LogFormat {
    /// One JSON object per line, as CloudWatch Logs and Lambda expect.
    Json,
    /// Readable lines for a terminal.
    Text,
}

/// Installs the global subscriber; `RUST_LOG` overrides the `info` default.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().with_current_span(false).init(),
        LogFormat::Text => builder.init(),
    }
}
