//! Letters as rows for an export, in CSV or JSON Lines. Personal columns
//! (every personal field of the letter: names, email, street, full ZIP, the
//! letter's text...) appear only when asked for; the rest is enough for
//! counts by place and time.

use crate::domain::StateCode;
use crate::letter::{Field, Letter, OfficeDelivery};
use crate::members::OfficeCode;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Which letters an export takes.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// From this moment (inclusive).
    pub since: Option<OffsetDateTime>,
    /// Until this moment (exclusive).
    pub until: Option<OffsetDateTime>,
    pub state: Option<StateCode>,
    /// Only letters this office's delivery service cannot reach.
    pub unreachable_at: Option<OfficeCode>,
}

impl ExportFilter {
    pub fn matches(&self, letter: &Letter) -> bool {
        self.since.is_none_or(|since| letter.created_at >= since)
            && self.until.is_none_or(|until| letter.created_at < until)
            && self.state.is_none_or(|state| letter.fields.state == state)
            && self.unreachable_at.as_ref().is_none_or(|office| {
                matches!(
                    letter.deliveries.get(office),
                    Some(OfficeDelivery::Unreachable { .. })
                )
            })
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

/// The columns every export has, before any personal ones: the letter's
/// own attributes, and where it came from (its non-personal fields).
const COLUMNS: [&str; 10] = [
    "id",
    "created_at",
    "state",
    "district",
    "zip5",
    "city",
    "recipients",
    "edited",
    "opt_in",
    "confirmation",
];

/// A cell of an export row.
enum Cell<'a> {
    Text(Cow<'a, str>),
    Flag(bool),
}

impl Cell<'_> {
    /// The cell as a spreadsheet should take it: text that a spreadsheet
    /// would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or
    /// a carriage return) is prefixed with `'`, as OWASP recommends, so it
    /// shows as the text it is.
    fn as_csv(&self) -> Cow<'_, str> {
        match self {
            Self::Text(text) if text.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                Cow::Owned(format!("'{text}"))
            }
            Self::Text(text) => Cow::Borrowed(text),
            Self::Flag(true) => Cow::Borrowed("true"),
            Self::Flag(false) => Cow::Borrowed("false"),
        }
    }
}

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::Flag(flag) => serializer.serialize_bool(*flag),
        }
    }
}

/// The export's columns: the common ones, then, with `include_pii`, every
/// personal field in form order.
fn columns(include_pii: bool) -> impl Iterator<Item = &'static str> {
    let personal = Field::ALL
        .iter()
        .filter(move |field| include_pii && field.is_personal())
        .map(|field| field.name());
    COLUMNS.into_iter().chain(personal)
}

/// A letter as an export row: `(column, cell)` in column order.
fn row(letter: &Letter, include_pii: bool) -> Vec<(&'static str, Cell<'_>)> {
    let text = |value: &str| Cell::Text(Cow::Owned(value.to_owned()));
    let fields = &letter.fields;
    let mut row = vec![
        ("id", text(&letter.id.to_string())),
        (
            "created_at",
            text(&letter.created_at.format(&Rfc3339).unwrap_or_default()),
        ),
        ("state", Cell::Text(fields.state.code().into())),
        ("district", Cell::Text(fields.text(Field::District).into())),
        ("zip5", Cell::Text(fields.zip.as_ref()[..5].into())),
        ("city", Cell::Text(fields.city.as_ref().into())),
        (
            "recipients",
            text(
                &letter
                    .recipients
                    .iter()
                    .map(|r| r.bioguide.as_ref())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        ("edited", Cell::Flag(letter.edited)),
        ("opt_in", Cell::Flag(fields.opt_in)),
        (
            "confirmation",
            Cell::Text(
                letter
                    .confirmation
                    .settled_name()
                    .unwrap_or("pending")
                    .into(),
            ),
        ),
    ];
    if include_pii {
        row.extend(
            Field::ALL
                .iter()
                .filter(|field| field.is_personal())
                .map(|field| (field.name(), Cell::Text(fields.text(*field).into()))),
        );
    }
    row
}

/// A row as one JSON object, its keys in column order.
struct JsonRow<'a>(Vec<(&'static str, Cell<'a>)>);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (column, cell) in &self.0 {
            map.serialize_entry(column, cell)?;
        }
        map.end()
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
                serde_json::to_writer(&mut *out, &JsonRow(row(letter, include_pii)))?;
                out.push(b'\n');
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            if header {
                writer.write_record(columns(include_pii))?;
            }
            for letter in letters {
                let cells = row(letter, include_pii);
                writer.write_record(cells.iter().map(|(_, cell)| cell.as_csv().into_owned()))?;
            }
            writer.flush()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::letter;

    #[test]
    fn every_field_is_a_common_column_or_a_personal_one() {
        for field in Field::ALL {
            assert!(
                field.is_personal() || COLUMNS.contains(&field.name()),
                "{} is neither personal nor among the export's columns",
                field.name()
            );
        }
    }

    #[test]
    fn the_header_and_the_rows_name_the_same_columns() {
        let letter = letter("ada@example.org");
        for include_pii in [false, true] {
            let names: Vec<&str> = row(&letter, include_pii)
                .iter()
                .map(|(name, _)| *name)
                .collect();
            assert_eq!(names, columns(include_pii).collect::<Vec<_>>());
        }
    }

    #[test]
    fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
        for (typed, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM"),
            ("\tx", "'\tx"),
            ("Springfield", "Springfield"),
        ] {
            let cell = Cell::Text(typed.into());
            assert!(cell.as_csv().starts_with(written), "{typed:?}");
        }
    }

    #[test]
    fn json_rows_keep_flags_as_booleans_and_personal_data_out() {
        let mut out = Vec::new();
        write_rows(
            &mut out,
            &[letter("ada@example.org")],
            ExportFormat::JsonLines,
            false,
            true,
        )
        .unwrap();
        let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(row["edited"], false);
        assert_eq!(row["state"], "TX");
        assert!(row.get("email").is_none());
    }
}
