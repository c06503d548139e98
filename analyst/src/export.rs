//! Exports letters page by page straight to a writer, so memory stays the
//! size of one page however many letters there are.

use crate::client::AnalystClient;
use std::io::Write;

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// `csv` or `jsonl`.
    pub format: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub state: Option<String>,
    /// Include names, email, street and the letter's text (the export is logged).
    pub include_pii: bool,
}

impl ExportOptions {
    /// The export's query, as `(name, value)` pairs for the client to encode.
    fn query(&self) -> Vec<(&'static str, &str)> {
        let mut query = vec![("format", self.format.as_str())];
        for (name, value) in [
            ("since", &self.since),
            ("until", &self.until),
            ("state", &self.state),
        ] {
            if let Some(value) = value {
                query.push((name, value));
            }
        }
        if self.include_pii {
            query.push(("include", "pii"));
        }
        query
    }
}

/// Writes every matching letter to `out`, calling `progress` with the rows
/// written so far after each page; the total.
pub async fn export(
    client: &AnalystClient,
    campaign: &str,
    options: &ExportOptions,
    out: &mut impl Write,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let query = options.query();
    let (mut cursor, mut rows) = (None, 0);
    loop {
        let page = client
            .export_page(campaign, &query, cursor.as_deref())
            .await?;
        out.write_all(&page.body)?;
        rows += page.rows;
        progress(rows);
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    out.flush()?;
    Ok(rows)
}
