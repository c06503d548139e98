//! Letters as rows for an export, in CSV or JSON Lines. Personal columns
//! (every personal field of the letter: names, email, street, full ZIP, the
//! letter's text...) appear only when asked for; the rest is enough for
//! counts by place and time.

use super::OfficeFilter;
use crate::domain::{LinkTag, StateCode};
use crate::letter::{Field, Letter};
use crate::members::{Chamber, Members, OfficeCode};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use std::borrow::Cow;
use time::{OffsetDateTime, UtcOffset};

/// A bound of an export's range as the moment it names: an RFC 3339 time,
/// or a date (`2026-11-28`), meaning its midnight in UTC.
pub fn range_bound(text: &str) -> Option<OffsetDateTime> {
    let day = time::macros::format_description!("[year]-[month]-[day]");
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .or_else(|| {
            time::Date::parse(text, day)
                .ok()
                .map(|date| date.midnight().assume_utc())
        })
}

/// Which letters an export takes.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// From this moment (inclusive).
    pub since: Option<OffsetDateTime>,
    /// Until this moment (exclusive).
    pub until: Option<OffsetDateTime>,
    pub state: Option<StateCode>,
    /// Only letters that came with this `source`.
    pub source: Option<LinkTag>,
    /// Only one office's letters.
    pub office: Option<OfficeFilter>,
}

impl ExportFilter {
    pub fn matches(&self, letter: &Letter) -> bool {
        self.since.is_none_or(|since| letter.created_at >= since)
            && self.until.is_none_or(|until| letter.created_at < until)
            && self.state.is_none_or(|state| letter.fields.state == state)
            && self
                .source
                .as_ref()
                .is_none_or(|source| letter.fields.source.as_ref() == Some(source))
            && self
                .office
                .as_ref()
                .is_none_or(|office| office.matches(letter))
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

/// How an export's rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportShape {
    pub format: ExportFormat,
    /// Every personal field too (the export is logged).
    pub include_pii: bool,
    /// CSV for spreadsheet programs: a byte-order mark before the header,
    /// so they read UTF-8; ZIP codes as text (`="01234"`), so they keep
    /// their leading zeros; times as `2026-11-28 14:03:07` under
    /// `created_at (UTC)`, a form they read as a time (not ISO 8601's `T`
    /// and `Z`, which some keep as text).
    pub spreadsheet: bool,
}

impl ExportShape {
    fn for_spreadsheets(&self) -> bool {
        self.spreadsheet && self.format == ExportFormat::Csv
    }
}

/// The byte-order mark that tells spreadsheet programs a CSV is UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The columns every export has, before any personal ones: the letter's
/// own attributes, and where it came from (its non-personal fields).
const COLUMNS: [&str; 18] = [
    "id",
    "campaign_version",
    "created_at",
    "state",
    "district",
    "zip5",
    "city",
    "recipients",
    "edited",
    "in_own_words",
    "opt_in",
    "confirmed",
    "confirmation",
    "language",
    "source",
    "utm_source",
    "utm_medium",
    "utm_campaign",
];

/// A member a letter went to, as an export names them.
struct Addressee<'a> {
    bioguide: &'a str,
    chamber: Chamber,
    /// The title and name in the member data, or `None` for a member who
    /// has left it since.
    title_and_name: Option<(&'static str, &'a str)>,
    /// The member's office, while they are in the member data.
    office: Option<OfficeCode>,
}

impl Addressee<'_> {
    /// `Senator John Cornyn (C001056)`, or for a member no longer in the
    /// data, `C001056 (senate, no longer in the member data)`.
    fn describe(&self) -> String {
        match self.title_and_name {
            Some((title, name)) => format!("{title} {name} ({})", self.bioguide),
            None => format!(
                "{} ({}, no longer in the member data)",
                self.bioguide,
                self.chamber.name()
            ),
        }
    }
}

impl Serialize for Addressee<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Addressee", 4)?;
        object.serialize_field("bioguide", self.bioguide)?;
        object.serialize_field("name", &self.title_and_name.map(|(_, name)| name))?;
        object.serialize_field("chamber", &self.chamber)?;
        object.serialize_field("office", &self.office.as_ref().map(OfficeCode::as_ref))?;
        object.end()
    }
}

/// A cell of an export row.
enum Cell<'a> {
    Text(Cow<'a, str>),
    Flag(bool),
    Number(u64),
    /// Written as it is, even in CSV: a formula we made ourselves.
    Formula(String),
    /// One cell in CSV (`; `-separated), an array of objects in JSON.
    Addressees(Vec<Addressee<'a>>),
}

/// Text as a spreadsheet should take it from a CSV cell: text that a
/// spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) is prefixed with `'`, as OWASP's page on CSV
/// injection recommends, so it shows as the text it is.
pub(super) fn spreadsheet_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

impl Cell<'_> {
    fn as_csv(&self) -> Cow<'_, str> {
        match self {
            Self::Text(text) => spreadsheet_text(text),
            Self::Flag(true) => Cow::Borrowed("true"),
            Self::Flag(false) => Cow::Borrowed("false"),
            Self::Number(n) => Cow::Owned(n.to_string()),
            Self::Formula(formula) => Cow::Borrowed(formula),
            Self::Addressees(addressees) => Cow::Owned(
                addressees
                    .iter()
                    .map(Addressee::describe)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    }
}

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::Flag(flag) => serializer.serialize_bool(*flag),
            Self::Number(n) => serializer.serialize_u64(*n),
            Self::Formula(formula) => serializer.serialize_str(formula),
            Self::Addressees(addressees) => addressees.serialize(serializer),
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

/// The CSV's header: the columns, the time's named with its zone for
/// spreadsheets (whose cell cannot say it).
fn header(shape: &ExportShape) -> impl Iterator<Item = &'static str> {
    let spreadsheet = shape.for_spreadsheets();
    columns(shape.include_pii).map(move |column| match column {
        "created_at" if spreadsheet => "created_at (UTC)",
        column => column,
    })
}

/// When a letter was written, to the second in UTC: `2026-11-28T14:03:07Z`,
/// or `2026-11-28 14:03:07` for spreadsheets.
fn created_at(letter: &Letter, shape: &ExportShape) -> String {
    let utc = letter.created_at.to_offset(UtcOffset::UTC);
    let (hour, minute, second) = utc.time().as_hms();
    let (between, after) = if shape.for_spreadsheets() {
        (' ', "")
    } else {
        ('T', "Z")
    };
    format!(
        "{}{between}{hour:02}:{minute:02}:{second:02}{after}",
        utc.date()
    )
}

/// A letter as an export row: `(column, cell)` in column order.
fn row<'a>(
    letter: &'a Letter,
    shape: &ExportShape,
    members: &'a Members,
) -> Vec<(&'static str, Cell<'a>)> {
    let fields = &letter.fields;
    let zip5 = &fields.zip.as_ref()[..5];
    let zip5 = if shape.for_spreadsheets() {
        Cell::Formula(format!("=\"{zip5}\""))
    } else {
        Cell::Text(zip5.into())
    };
    let addressees = letter
        .recipients
        .iter()
        .map(|recipient| {
            let member = members.get(&recipient.bioguide);
            Addressee {
                bioguide: recipient.bioguide.as_ref(),
                chamber: recipient.chamber,
                title_and_name: member.map(|member| (member.title(), member.name.as_str())),
                office: member.map(|member| member.office()),
            }
        })
        .collect();
    let mut row = vec![
        ("id", Cell::Text(letter.id.to_string().into())),
        ("campaign_version", Cell::Number(letter.campaign_version)),
        ("created_at", Cell::Text(created_at(letter, shape).into())),
        ("state", Cell::Text(fields.state.code().into())),
        ("district", Cell::Text(fields.text(Field::District).into())),
        ("zip5", zip5),
        ("city", Cell::Text(fields.city.as_ref().into())),
        ("recipients", Cell::Addressees(addressees)),
        ("edited", Cell::Flag(letter.edited)),
        ("in_own_words", Cell::Flag(letter.in_own_words())),
        ("opt_in", Cell::Flag(fields.opt_in)),
        ("confirmed", Cell::Flag(letter.email_verified)),
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
        ("language", Cell::Text(letter.language.tag().into())),
    ];
    row.extend(
        Field::FROM_LINK
            .iter()
            .map(|field| (field.name(), Cell::Text(fields.text(*field).into()))),
    );
    if shape.include_pii {
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

/// Writes the page's letters as rows, naming recipients from `members`;
/// `first_page` for the CSV's header (and mark).
pub fn write_rows(
    out: &mut Vec<u8>,
    letters: &[Letter],
    shape: &ExportShape,
    members: &Members,
    first_page: bool,
) -> anyhow::Result<()> {
    match shape.format {
        ExportFormat::JsonLines => {
            for letter in letters {
                serde_json::to_writer(&mut *out, &JsonRow(row(letter, shape, members)))?;
                out.push(b'\n');
            }
        }
        ExportFormat::Csv => {
            if first_page && shape.spreadsheet {
                out.extend_from_slice(UTF8_BOM);
            }
            let mut writer = csv::Writer::from_writer(out);
            if first_page {
                writer.write_record(header(shape))?;
            }
            for letter in letters {
                let cells = row(letter, shape, members);
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

    const PLAIN: ExportShape = ExportShape {
        format: ExportFormat::Csv,
        include_pii: false,
        spreadsheet: false,
    };

    fn members() -> Members {
        Members::bundled().unwrap()
    }

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
        let (letter, members) = (letter("ada@example.org"), members());
        for include_pii in [false, true] {
            let shape = ExportShape {
                include_pii,
                ..PLAIN
            };
            let names: Vec<&str> = row(&letter, &shape, &members)
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
            &ExportShape {
                format: ExportFormat::JsonLines,
                ..PLAIN
            },
            &members(),
            true,
        )
        .unwrap();
        let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(row["edited"], false);
        assert_eq!(row["in_own_words"], false);
        assert_eq!(row["state"], "TX");
        assert!(row.get("email").is_none());
        let senator = &row["recipients"][0];
        assert_eq!(senator["chamber"], "senate");
        assert!(
            senator["office"]
                .as_str()
                .is_some_and(|office| office.starts_with("STX")),
            "{senator}"
        );
        assert!(
            senator["name"]
                .as_str()
                .is_some_and(|name| !name.is_empty())
        );
    }

    #[test]
    fn rows_say_where_each_letter_came_from_and_the_filter_takes_a_source() {
        let mut from_acme = letter("ada@example.org");
        from_acme.fields.source = Some(LinkTag::parse("acme").unwrap());
        from_acme.fields.utm_medium = Some(LinkTag::parse("email").unwrap());
        let mut out = Vec::new();
        write_rows(&mut out, &[from_acme.clone()], &PLAIN, &members(), true).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (header, row) = text.split_once('\n').unwrap();
        assert!(
            header.ends_with(",source,utm_source,utm_medium,utm_campaign"),
            "{header}"
        );
        assert!(row.ends_with(",acme,,email,\n"), "{row}");

        let filter = ExportFilter {
            source: Some(LinkTag::parse("acme").unwrap()),
            ..ExportFilter::default()
        };
        assert!(filter.matches(&from_acme));
        assert!(!filter.matches(&letter("bob@example.org")));
    }

    /// The CSV's cells, header first, as a spreadsheet program reads them.
    fn csv_cells(shape: &ExportShape) -> (Vec<u8>, Vec<Vec<String>>) {
        let mut letter = letter("ada@example.org");
        letter.created_at = time::macros::datetime!(2026-11-28 09:03:07.123456789 -06:00);
        let mut out = Vec::new();
        write_rows(&mut out, &[letter], shape, &members(), true).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        let cells = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .into_records()
            .map(|record| record.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (out, cells)
    }

    #[test]
    fn csv_times_are_to_the_second_in_utc_and_recipients_are_named() {
        let (bytes, cells) = csv_cells(&PLAIN);
        assert!(bytes.starts_with(b"id,"), "no mark unless asked");
        let column = |name| columns(false).position(|c| c == name).unwrap();
        assert_eq!(cells[0][column("created_at")], "2026-11-28T15:03:07Z");
        let recipients = &cells[0][column("recipients")];
        assert!(recipients.starts_with("Senator "), "{recipients}");
        assert!(recipients.contains("); Senator "), "{recipients}");
        assert!(!cells[0][column("zip5")].starts_with('='));
    }

    #[test]
    fn a_range_bound_is_a_date_at_midnight_utc_or_a_time() {
        use time::macros::datetime;
        assert_eq!(
            range_bound("2026-11-28"),
            Some(datetime!(2026-11-28 0:00 UTC))
        );
        assert_eq!(
            range_bound("2026-11-28T09:30:00-05:00"),
            Some(datetime!(2026-11-28 14:30 UTC))
        );
        for refused in ["28/11/2026", "2026-11-28 09:30", "", "2026-13-01"] {
            assert_eq!(range_bound(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn a_member_who_left_the_data_keeps_their_id_and_chamber() {
        let mut letter = letter("ada@example.org");
        letter.recipients[0].bioguide = crate::members::Bioguide::parse("Z999999").unwrap();
        let mut out = Vec::new();
        write_rows(&mut out, &[letter], &PLAIN, &members(), true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("Z999999 (senate, no longer in the member data); Senator "),
            "{text}"
        );
    }

    #[test]
    fn spreadsheet_csv_has_a_byte_order_mark_and_zip_codes_as_text() {
        let (bytes, cells) = csv_cells(&ExportShape {
            spreadsheet: true,
            ..PLAIN
        });
        assert!(bytes.starts_with(UTF8_BOM));
        let time = header(&ExportShape {
            spreadsheet: true,
            ..PLAIN
        })
        .position(|c| c == "created_at (UTC)")
        .unwrap();
        assert_eq!(cells[0][time], "2026-11-28 15:03:07");
        let zip = columns(false).position(|c| c == "zip5").unwrap();
        let zip5 = &cells[0][zip];
        assert!(
            zip5.starts_with("=\"") && zip5.ends_with('"') && zip5.len() == 8,
            "{zip5}"
        );
    }
}
