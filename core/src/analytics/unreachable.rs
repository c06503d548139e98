//! The letters an office's delivery service cannot reach, as rows for staff
//! who deliver them another way: every personal field, so this export is
//! only ever made on purpose (and logged).

use crate::letter::{Field, Letter, OfficeDelivery};
use crate::members::OfficeCode;
use time::format_description::well_known::Rfc3339;

/// The columns before the letter's fields.
const LEADING: [&str; 4] = ["id", "created_at", "office", "reason"];

/// Why `office` could not be reached for `letter`, as recorded.
pub fn unreachable_reason<'a>(letter: &'a Letter, office: &OfficeCode) -> &'a str {
    match letter.deliveries.get(office) {
        Some(OfficeDelivery::Unreachable { reason, .. }) => reason,
        _ => "",
    }
}

/// Writes `letters` as CSV rows for `office`; `header` for the first page.
pub fn write_unreachable_csv(
    out: &mut Vec<u8>,
    letters: &[Letter],
    office: &OfficeCode,
    header: bool,
) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    if header {
        writer.write_record(
            LEADING
                .into_iter()
                .chain(Field::ALL.iter().map(|field| field.name())),
        )?;
    }
    for letter in letters {
        let created = letter.created_at.format(&Rfc3339)?;
        let leading = [
            letter.id.to_string(),
            created,
            office.to_string(),
            unreachable_reason(letter, office).to_owned(),
        ];
        let fields = Field::ALL
            .iter()
            .map(|field| letter.fields.text(*field).to_owned());
        writer.write_record(leading.into_iter().chain(fields))?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::delivering_letter;

    #[test]
    fn each_row_has_the_reason_and_every_field_under_the_header() {
        let office = OfficeCode::parse("SME01").unwrap();
        let mut letter = delivering_letter("ada@example.org");
        letter.deliveries.insert(
            office.clone(),
            OfficeDelivery::Unreachable {
                at: letter.created_at,
                reason: "not on the list".into(),
            },
        );
        let mut out = Vec::new();
        write_unreachable_csv(&mut out, &[letter], &office, true).unwrap();
        let mut rows = csv::Reader::from_reader(out.as_slice());
        let header = rows.headers().unwrap().clone();
        let row = rows.records().next().unwrap().unwrap();
        let cell = |name: &str| &row[header.iter().position(|column| column == name).unwrap()];
        assert_eq!(
            (cell("office"), cell("reason"), cell("prefix")),
            ("SME01", "not on the list", "Ms.")
        );
        assert_eq!(
            (cell("street"), cell("phone")),
            ("12 Harbor Road", "207-555-0143")
        );
    }
}
