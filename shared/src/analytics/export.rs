//! Letters as rows for an export, in CSV or JSON Lines. Personal columns
//! (names, email, street, full ZIP, the letter's text) appear only when
//! asked for; the rest is enough for counts by place and time.

use crate::domain::StateCode;
use crate::letter::Letter;
use serde::Serialize;
use time::OffsetDateTime;

/// Which letters an export takes.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// From this moment (inclusive).
    pub since: Option<OffsetDateTime>,
    /// Until this moment (exclusive).
    pub until: Option<OffsetDateTime>,
    pub state: Option<StateCode>,
}

impl ExportFilter {
    pub fn matches(&self, letter: &Letter) -> bool {
        self.since.is_none_or(|since| letter.created_at >= since)
            && self.until.is_none_or(|until| letter.created_at < until)
            && self.state.is_none_or(|state| letter.state == state)
    }
}

/// One page of an export.
#[derive(Debug, Clone, Default)]
pub struct ExportPage {
    pub letters: Vec<Letter>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    JsonLines,
}

/// A letter as an export row.
#[derive(Debug, Serialize)]
pub struct ExportRow<'a> {
    id: String,
    created_at: String,
    state: &'a str,
    zip5: &'a str,
    city: &'a str,
    recipients: String,
    edited: bool,
    opt_in: bool,
    confirmation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    street: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    zip: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closing: Option<&'a str>,
}

impl<'a> ExportRow<'a> {
    pub fn new(letter: &'a Letter, include_pii: bool) -> Self {
        let pii = |value: &'a str| include_pii.then_some(value);
        Self {
            id: letter.id.to_string(),
            created_at: letter
                .created_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            state: letter.state.code(),
            zip5: &letter.zip.as_ref()[..5],
            city: letter.city.as_ref(),
            recipients: letter.recipients.join(" "),
            edited: letter.edited,
            opt_in: letter.opt_in,
            confirmation: super::settled_status(&letter.confirmation).unwrap_or("pending"),
            first_name: pii(letter.first_name.as_ref()),
            last_name: pii(letter.last_name.as_ref()),
            email: pii(letter.email.as_ref()),
            street: pii(letter.street.as_ref()),
            zip: pii(letter.zip.as_ref()),
            subject: pii(letter.subject.as_ref()),
            message: pii(letter.body.as_ref()),
            closing: pii(letter.closing.label()),
        }
    }
}

/// Writes the page's letters as rows; `header` for the first CSV page.
pub fn write_rows(
    out: &mut Vec<u8>,
    letters: &[Letter],
    format: ExportFormat,
    include_pii: bool,
    header: bool,
) -> anyhow::Result<()> {
    match format {
        ExportFormat::JsonLines => {
            for letter in letters {
                serde_json::to_writer(&mut *out, &ExportRow::new(letter, include_pii))?;
                out.push(b'\n');
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::WriterBuilder::new()
                .has_headers(header)
                .from_writer(out);
            for letter in letters {
                writer.serialize(ExportRow::new(letter, include_pii))?;
            }
            writer.flush()?;
        }
    }
    Ok(())
}
