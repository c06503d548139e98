//! Exports letters page by page straight to a writer, so memory stays the
//! size of one page however many letters there are.

use crate::client::AnalystClient;
use crate::output::{Output, is_standard_output};
use shared::analytics::{OfficeLetters, Summary};
use shared::members::OfficeCode;
use std::io::{BufWriter, Write};
use std::path::Path;

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// `csv` or `jsonl`.
    pub format: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub state: Option<String>,
    /// Only letters that came with this `source` code.
    pub source: Option<String>,
    /// Include names, email, street and the letter's text (the export is logged).
    pub include_pii: bool,
    /// CSV for spreadsheet programs: a byte-order mark, ZIP codes as text,
    /// formulas neutralised.
    pub spreadsheet: bool,
    /// A row per letter and office it was addressed to, with the office's
    /// member and delivery, instead of a row per letter.
    pub per_office: bool,
}

impl ExportOptions {
    /// The export's query, as `(name, value)` pairs for the client to encode.
    fn query(&self) -> Vec<(&'static str, &str)> {
        let mut query = vec![("format", self.format.as_str())];
        for (name, value) in [
            ("since", &self.since),
            ("until", &self.until),
            ("state", &self.state),
            ("source", &self.source),
        ] {
            if let Some(value) = value {
                query.push((name, value));
            }
        }
        if self.include_pii {
            query.push(("include", "pii"));
        }
        if self.spreadsheet {
            query.push(("spreadsheet", "true"));
        }
        if self.per_office {
            query.push(("rows", "office"));
        }
        query
    }

    /// How many letters the export will hold, when the maintained counts
    /// say: all of them, one state's, one source's, or whole days' (dates,
    /// not times); `None` when the filter is finer than the counts.
    pub fn expected_rows(&self, summary: &Summary) -> Option<u64> {
        let is_date = |text: &Option<String>| text.as_ref().is_none_or(|t| t.len() == 10);
        let dated = self.since.is_some() || self.until.is_some();
        if let Some(source) = &self.source {
            let letters = summary.by_source.get(&source.to_ascii_lowercase());
            return (self.state.is_none() && !dated).then(|| letters.copied().unwrap_or(0));
        }
        match (&self.state, dated) {
            (None, false) => Some(summary.total),
            (Some(state), false) => Some(
                summary
                    .by_state
                    .get(&state.to_ascii_uppercase())
                    .copied()
                    .unwrap_or(0),
            ),
            (None, true) if is_date(&self.since) && is_date(&self.until) => {
                let since = self.since.as_deref().unwrap_or("");
                let until = self.until.as_deref().unwrap_or("9999-12-31~");
                Some(
                    summary
                        .by_day
                        .iter()
                        .filter(|(day, _)| day.as_str() >= since && day.as_str() < until)
                        .map(|(_, n)| n)
                        .sum(),
                )
            }
            _ => None,
        }
    }
}

/// Exports into `path` through a temporary file beside it, renamed over
/// `path` only once every page is written: a failed export leaves what was
/// there as it was. `-` is standard output.
pub async fn export_to_file(
    client: &AnalystClient,
    campaign: &str,
    options: &ExportOptions,
    path: &Path,
    progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let mut output = Output::to(path)?;
    let rows = export(
        client,
        campaign,
        options,
        &mut BufWriter::new(output.writer()),
        progress,
    )
    .await?;
    output.commit()?;
    Ok(rows)
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

/// Writes `office`'s `letters`: CSV pages into `out` (replaced only once
/// every page is in; `-` is standard output), or each page of printable HTML to its own file
/// (`out`, then `out-2.html` and so on, 1,000 letters a file), calling
/// `progress` with the letters written so far after each page; the total.
pub async fn office_letters(
    client: &AnalystClient,
    campaign: &str,
    office: &OfficeCode,
    letters: OfficeLetters,
    format: &str,
    out: &Path,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let (mut cursor, mut rows, mut part) = (None::<String>, 0, 1);
    let mut csv = match format {
        "csv" => Some(Output::to(out)?),
        "html" if is_standard_output(out) => anyhow::bail!(
            "printable letters take a file each 1,000 letters: give --out a file, not -"
        ),
        "html" => None,
        _ => anyhow::bail!("format is csv or html"),
    };
    loop {
        let page = client
            .office_page(campaign, office, letters, format, cursor.as_deref())
            .await?;
        rows += page.rows;
        match &mut csv {
            Some(file) => file.writer().write_all(&page.body)?,
            None => crate::output::replace(&html_part(out, part), &page.body)?,
        }
        progress(rows);
        part += 1;
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    if let Some(file) = csv {
        file.commit()?;
    }
    Ok(rows)
}

/// The file of the `part`th page of printable letters.
fn html_part(out: &Path, part: u32) -> std::path::PathBuf {
    if part == 1 {
        return out.to_owned();
    }
    let stem = out.file_stem().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!("{stem}-{part}.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> Summary {
        let json = serde_json::json!({
            "total": 10, "by_state": {"TX": 7, "CA": 3},
            "by_day": {"2026-11-27": 2, "2026-11-28": 5, "2026-11-30": 3},
            "by_source": {"acme": 4},
            "by_senator": [], "edited": 0, "verified": 0, "opted_in": 0,
            "confirmations": {"pending": 0, "sent": 0, "failed": 0, "suppressed": 0}
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_progress_bar_counts_what_the_filter_selects() {
        let summary = summary();
        let options =
            |state: Option<&str>, since: Option<&str>, until: Option<&str>| ExportOptions {
                state: state.map(Into::into),
                since: since.map(Into::into),
                until: until.map(Into::into),
                ..Default::default()
            };
        assert_eq!(options(None, None, None).expected_rows(&summary), Some(10));
        assert_eq!(
            options(Some("CA"), None, None).expected_rows(&summary),
            Some(3)
        );
        assert_eq!(
            options(Some("NY"), None, None).expected_rows(&summary),
            Some(0)
        );
        assert_eq!(
            options(None, Some("2026-11-28"), None).expected_rows(&summary),
            Some(8)
        );
        assert_eq!(
            options(None, None, Some("2026-11-28")).expected_rows(&summary),
            Some(2)
        );
        assert_eq!(
            options(None, Some("2026-11-28"), Some("2026-11-30")).expected_rows(&summary),
            Some(5)
        );
        assert_eq!(
            options(Some("TX"), Some("2026-11-28"), None).expected_rows(&summary),
            None
        );
        assert_eq!(
            options(None, Some("2026-11-28T12:00:00Z"), None).expected_rows(&summary),
            None
        );
        let from = |source: &str, state: Option<&str>| ExportOptions {
            source: Some(source.into()),
            state: state.map(Into::into),
            ..Default::default()
        };
        assert_eq!(from("ACME", None).expected_rows(&summary), Some(4));
        assert_eq!(from("other", None).expected_rows(&summary), Some(0));
        assert_eq!(from("acme", Some("TX")).expected_rows(&summary), None);
    }

    #[test]
    fn later_pages_of_printable_letters_get_numbered_files() {
        let out = std::path::Path::new("/tmp/letters-SME01.html");
        assert_eq!(html_part(out, 1), out);
        assert_eq!(
            html_part(out, 3),
            std::path::Path::new("/tmp/letters-SME01-3.html")
        );
    }
}
