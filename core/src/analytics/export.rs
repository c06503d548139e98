//! Letters as rows for an export, in CSV or JSON Lines. Personal columns
//! (every personal field of the letter: names, email, street, full ZIP, the
//! letter's text...) appear only when asked for; the rest is enough for
//! counts by place and time.

use super::OfficeFilter;
use crate::domain::{LinkTag, StateCode};
use crate::letter::{Field, Letter, OfficeDelivery};
use crate::members::{Chamber, Member, Members, OfficeCode, Recipient};
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

/// What one row of an export stands for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExportRows {
    /// A letter, its members in one `recipients` cell.
    #[default]
    PerLetter,
    /// A letter and one office it was addressed to, in place of
    /// `recipients`: the office, its member, their party and district, and
    /// where the letter stands with the office's delivery, since when.
    PerOffice,
}

/// How an export's rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportShape {
    pub format: ExportFormat,
    /// Every personal field too (the export is logged).
    pub include_pii: bool,
    /// CSV for spreadsheet programs: a byte-order mark before the header,
    /// so they read UTF-8; every ZIP code as text (`="01234"`), so it keeps
    /// its leading zeros; text a spreadsheet would run as a formula
    /// neutralised; times as `2026-11-28 14:03:07` under `created_at
    /// (UTC)`, a form they read as a time (not ISO 8601's `T` and `Z`,
    /// which some keep as text). Plain CSV keeps every value as stored.
    pub spreadsheet: bool,
    pub rows: ExportRows,
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

/// What stands in place of `recipients` in a row per office.
const OFFICE_COLUMNS: [&str; 6] = [
    "office",
    "member",
    "party",
    "member_district",
    "delivery",
    "delivery_at",
];

/// A member a letter went to, as an export names them.
struct Addressee<'a> {
    bioguide: &'a str,
    chamber: Chamber,
    /// The title and name in the member data, or `None` for a member who
    /// has left it since.
    title_and_name: Option<(&'static str, &'a str)>,
    /// The member's office, party and district (or a Senator's state),
    /// while they are in the member data.
    office: Option<OfficeCode>,
    party: Option<&'a str>,
    district: Option<String>,
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
        let mut object = serializer.serialize_struct("Addressee", 6)?;
        object.serialize_field("bioguide", self.bioguide)?;
        object.serialize_field("name", &self.title_and_name.map(|(_, name)| name))?;
        object.serialize_field("chamber", &self.chamber)?;
        object.serialize_field("office", &self.office.as_ref().map(OfficeCode::as_ref))?;
        object.serialize_field("party", &self.party)?;
        object.serialize_field("district", &self.district)?;
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
    /// The cell as CSV text: as stored, or for a spreadsheet, neutralised.
    fn as_csv(&self, spreadsheet: bool) -> Cow<'_, str> {
        match self {
            Self::Text(text) if spreadsheet => spreadsheet_text(text),
            Self::Text(text) => Cow::Borrowed(text),
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

/// The export's columns: the common ones (with a row per office, the
/// office's in place of `recipients`), then, with `include_pii`, every
/// personal field in form order.
fn columns(shape: &ExportShape) -> impl Iterator<Item = &'static str> {
    let include_pii = shape.include_pii;
    let per_office = shape.rows == ExportRows::PerOffice;
    let personal = Field::ALL
        .iter()
        .filter(move |field| include_pii && field.is_personal())
        .map(|field| field.name());
    COLUMNS
        .into_iter()
        .flat_map(move |column| match column {
            "recipients" if per_office => OFFICE_COLUMNS.to_vec(),
            column => vec![column],
        })
        .chain(personal)
}

/// The CSV's header: the columns, the times' named with their zone for
/// spreadsheets (whose cell cannot say it).
fn header(shape: &ExportShape) -> impl Iterator<Item = &'static str> {
    let spreadsheet = shape.for_spreadsheets();
    columns(shape).map(move |column| match column {
        "created_at" if spreadsheet => "created_at (UTC)",
        "delivery_at" if spreadsheet => "delivery_at (UTC)",
        column => column,
    })
}

/// A moment to the second in UTC: `2026-11-28T14:03:07Z`, or
/// `2026-11-28 14:03:07` for spreadsheets.
fn moment(at: OffsetDateTime, shape: &ExportShape) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
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

/// A ZIP code's cell: for spreadsheets a formula giving the text
/// (`="01234"`), so that its leading zeros stay.
fn zip<'a>(zip: &'a str, shape: &ExportShape) -> Cell<'a> {
    if shape.for_spreadsheets() {
        Cell::Formula(format!("=\"{zip}\""))
    } else {
        Cell::Text(zip.into())
    }
}

/// A recipient as an export names them, from the member data.
fn addressee<'a>(recipient: &'a Recipient, member: Option<&'a Member>) -> Addressee<'a> {
    Addressee {
        bioguide: recipient.bioguide.as_ref(),
        chamber: recipient.chamber,
        title_and_name: member.map(|member| (member.title(), member.name.as_str())),
        office: member.map(|member| member.office()),
        party: member.map(|member| member.party.as_str()),
        district: member.map(Member::district_or_state),
    }
}

/// The cells of a row per office that stand for `recipient`'s office.
fn office_cells<'a>(
    letter: &'a Letter,
    recipient: &'a Recipient,
    shape: &ExportShape,
    members: &'a Members,
) -> Vec<(&'static str, Cell<'a>)> {
    let member = members.get(&recipient.bioguide);
    let office = member.map(Member::office);
    let delivery = office.as_ref().and_then(|code| letter.deliveries.get(code));
    let at = delivery.map(|delivery| match delivery {
        OfficeDelivery::Delivered { at, .. }
        | OfficeDelivery::Rejected { at, .. }
        | OfficeDelivery::Unreachable { at, .. }
        | OfficeDelivery::Retrying { at, .. } => moment(*at, shape),
    });
    let text = |text: Option<String>| Cell::Text(text.unwrap_or_default().into());
    vec![
        ("office", text(office.map(|code| code.to_string()))),
        (
            "member",
            Cell::Text(addressee(recipient, member).describe().into()),
        ),
        ("party", text(member.map(|member| member.party.clone()))),
        (
            "member_district",
            text(member.map(Member::district_or_state)),
        ),
        ("delivery", text(delivery.map(|d| d.state().to_owned()))),
        ("delivery_at", text(at)),
    ]
}

/// A letter as an export row, `(column, cell)` in column order: with
/// `office`, the row of the letter and that recipient's office.
fn row<'a>(
    letter: &'a Letter,
    shape: &ExportShape,
    members: &'a Members,
    office: Option<&'a Recipient>,
) -> Vec<(&'static str, Cell<'a>)> {
    let fields = &letter.fields;
    let mut row = vec![
        ("id", Cell::Text(letter.id.to_string().into())),
        ("campaign_version", Cell::Number(letter.campaign_version)),
        (
            "created_at",
            Cell::Text(moment(letter.created_at, shape).into()),
        ),
        ("state", Cell::Text(fields.state.code().into())),
        ("district", Cell::Text(fields.text(Field::District).into())),
        ("zip5", zip(&fields.zip.as_ref()[..5], shape)),
        ("city", Cell::Text(fields.city.as_ref().into())),
    ];
    match office {
        Some(recipient) => row.extend(office_cells(letter, recipient, shape, members)),
        None => {
            let addressees = (letter.recipients.iter())
                .map(|recipient| addressee(recipient, members.get(&recipient.bioguide)))
                .collect();
            row.push(("recipients", Cell::Addressees(addressees)));
        }
    }
    row.extend([
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
    ]);
    row.extend(
        Field::FROM_LINK
            .iter()
            .map(|field| (field.name(), Cell::Text(fields.text(*field).into()))),
    );
    if shape.include_pii {
        row.extend(Field::ALL.iter().filter(|field| field.is_personal()).map(
            |field| match field {
                Field::Zip => (field.name(), zip(fields.text(*field), shape)),
                _ => (field.name(), Cell::Text(fields.text(*field).into())),
            },
        ));
    }
    row
}

/// The rows of a letter: one, or with a row per office, one for each
/// office it was addressed to.
fn rows<'a>(
    letter: &'a Letter,
    shape: &ExportShape,
    members: &'a Members,
) -> Vec<Vec<(&'static str, Cell<'a>)>> {
    match shape.rows {
        ExportRows::PerLetter => vec![row(letter, shape, members, None)],
        ExportRows::PerOffice => (letter.recipients.iter())
            .map(|recipient| row(letter, shape, members, Some(recipient)))
            .collect(),
    }
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
            for row in letters.iter().flat_map(|l| rows(l, shape, members)) {
                serde_json::to_writer(&mut *out, &JsonRow(row))?;
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
            let spreadsheet = shape.for_spreadsheets();
            for cells in letters.iter().flat_map(|l| rows(l, shape, members)) {
                let cells = cells.iter().map(|(_, cell)| cell.as_csv(spreadsheet));
                writer.write_record(cells.map(Cow::into_owned))?;
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
        rows: ExportRows::PerLetter,
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
            for (rows, office) in [
                (ExportRows::PerLetter, None),
                (ExportRows::PerOffice, Some(&letter.recipients[0])),
            ] {
                let shape = ExportShape {
                    include_pii,
                    rows,
                    ..PLAIN
                };
                let names: Vec<&str> = row(&letter, &shape, &members, office)
                    .iter()
                    .map(|(name, _)| *name)
                    .collect();
                assert_eq!(names, columns(&shape).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn spreadsheet_cells_a_spreadsheet_would_run_are_neutralised_and_plain_ones_kept() {
        for (typed, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM"),
            ("\tx", "'\tx"),
            ("Springfield", "Springfield"),
        ] {
            let cell = Cell::Text(typed.into());
            assert!(cell.as_csv(true).starts_with(written), "{typed:?}");
            assert_eq!(cell.as_csv(false), typed, "plain CSV keeps it as stored");
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
        assert_eq!(senator["district"], "TX");
        assert!(
            senator["party"]
                .as_str()
                .is_some_and(|party| !party.is_empty())
        );
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
        let column = |name| columns(&PLAIN).position(|c| c == name).unwrap();
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
        let zip = columns(&PLAIN).position(|c| c == "zip5").unwrap();
        let zip5 = &cells[0][zip];
        assert!(
            zip5.starts_with("=\"") && zip5.ends_with('"') && zip5.len() == 8,
            "{zip5}"
        );
    }

    #[test]
    fn every_zip_column_of_a_spreadsheet_export_is_text() {
        let shape = ExportShape {
            spreadsheet: true,
            include_pii: true,
            ..PLAIN
        };
        let (_, cells) = csv_cells(&shape);
        let zips: Vec<&String> = header(&shape)
            .zip(&cells[0])
            .filter(|(column, _)| column.starts_with("zip"))
            .map(|(_, cell)| cell)
            .collect();
        assert_eq!(zips.len(), 2, "zip5 and the full ZIP");
        for zip in zips {
            assert!(zip.starts_with("=\"") && zip.ends_with('"'), "{zip}");
        }
        let (_, plain) = csv_cells(&ExportShape {
            include_pii: true,
            ..PLAIN
        });
        assert!(plain[0].iter().all(|cell| !cell.starts_with('=')));
    }

    #[test]
    fn a_row_per_office_names_the_office_its_member_and_the_delivery_with_its_time() {
        let mut letter = crate::fixtures::delivering_letter("ada@example.org");
        let members = members();
        let offices: Vec<OfficeCode> = (letter.recipients.iter())
            .map(|recipient| members.get(&recipient.bioguide).unwrap().office())
            .collect();
        let at = time::macros::datetime!(2026-11-28 09:00:00 -05:00);
        letter.deliveries.insert(
            offices[0].clone(),
            OfficeDelivery::Delivered {
                at,
                answer: "ok".into(),
            },
        );
        let shape = ExportShape {
            rows: ExportRows::PerOffice,
            ..PLAIN
        };
        let mut out = Vec::new();
        write_rows(&mut out, &[letter.clone()], &shape, &members, true).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(Into::into).collect();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), letter.recipients.len(), "a row per office");
        assert!(!header.contains(&"recipients".to_owned()));
        let cell = |row: usize, name: &str| {
            let column = header.iter().position(|c| c == name).unwrap();
            rows[row][column].to_owned()
        };
        let first = members.get(&letter.recipients[0].bioguide).unwrap();
        assert_eq!(cell(0, "office"), offices[0].to_string());
        assert_eq!(
            cell(0, "member"),
            format!("{} {} ({})", first.title(), first.name, first.bioguide)
        );
        assert_eq!(cell(0, "party"), first.party);
        assert_eq!(cell(0, "member_district"), first.district_or_state());
        assert_eq!(
            (cell(0, "delivery"), cell(0, "delivery_at")),
            ("delivered".into(), "2026-11-28T14:00:00Z".into())
        );
        assert_eq!(cell(1, "office"), offices[1].to_string());
        assert_eq!(
            (cell(1, "delivery"), cell(1, "delivery_at")),
            (String::new(), String::new())
        );
        assert_eq!(cell(0, "id"), cell(1, "id"), "the same letter");
    }
}
