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

/// Writes the letters `office` cannot be reached for: CSV pages into `out`,
/// or each page of printable HTML to its own file (`out`, then `out-2.html`
/// and so on, 1,000 letters a file); the total.
pub async fn unreachable(
    client: &AnalystClient,
    campaign: &str,
    office: &str,
    format: &str,
    out: &std::path::Path,
) -> anyhow::Result<u64> {
    let (mut cursor, mut rows, mut part) = (None::<String>, 0, 1);
    let mut csv = match format {
        "csv" => Some(std::io::BufWriter::new(std::fs::File::create(out)?)),
        "html" => None,
        _ => anyhow::bail!("format is csv or html"),
    };
    loop {
        let page = client
            .unreachable_page(campaign, office, format, cursor.as_deref())
            .await?;
        rows += page.rows;
        match &mut csv {
            Some(file) => file.write_all(&page.body)?,
            None => std::fs::write(html_part(out, part), &page.body)?,
        }
        part += 1;
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    if let Some(mut file) = csv {
        file.flush()?;
    }
    Ok(rows)
}

/// The file of the `part`th page of printable letters.
fn html_part(out: &std::path::Path, part: u32) -> std::path::PathBuf {
    if part == 1 {
        return out.to_owned();
    }
    let stem = out.file_stem().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!("{stem}-{part}.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
