//! One office's letters, for staff who take them to the office themselves:
//! which letters (every one addressed to it, whatever its delivery, or only
//! those its delivery service cannot reach), as CSV rows, and each
//! letter's words as printed. Every personal field is in them, so these
//! exports are only ever made on purpose (and logged).

use super::export::spreadsheet_text;
use crate::letter::{Field, Letter, OfficeDelivery};
use crate::members::{Member, OfficeCode, Recipient};
use time::format_description::well_known::Rfc3339;

/// Which of an office's letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeLetters {
    /// Every letter written to the member who holds the office, whatever
    /// its delivery (and whether or not the campaign delivers).
    Addressed,
    /// Only those the office's delivery service cannot reach.
    Unreachable,
}

/// The letters of one office that an export takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeFilter {
    pub office: OfficeCode,
    pub letters: OfficeLetters,
    /// The member who holds the office now, as letters name their
    /// recipients; `None` while the seat is vacant.
    holder: Option<Recipient>,
}

impl OfficeFilter {
    /// `letters` of `office`, whose seat `holder` holds now (see
    /// `offices::member_at`). A letter to a member who has left is no
    /// longer the office's: it was not written to whoever sits there now.
    pub fn new(office: OfficeCode, letters: OfficeLetters, holder: Option<&Member>) -> Self {
        Self {
            office,
            letters,
            holder: holder.map(Member::recipient),
        }
    }

    pub fn matches(&self, letter: &Letter) -> bool {
        match self.letters {
            OfficeLetters::Addressed => self
                .holder
                .as_ref()
                .is_some_and(|holder| letter.recipients.contains(holder)),
            OfficeLetters::Unreachable => matches!(
                letter.deliveries.get(&self.office),
                Some(OfficeDelivery::Unreachable { .. })
            ),
        }
    }

    /// The CSV's columns before the letter's fields: the unreachable
    /// letters need no `delivery`, as every one of them is `unreachable`.
    fn leading(&self) -> Vec<&'static str> {
        let delivery = (self.letters == OfficeLetters::Addressed).then_some("delivery");
        ["id", "created_at", "office"]
            .into_iter()
            .chain(delivery)
            .chain(["reason"])
            .collect()
    }

    /// Writes `letters` as CSV rows, every field of each; `header` for the
    /// first page.
    pub fn write_csv(
        &self,
        out: &mut Vec<u8>,
        letters: &[Letter],
        header: bool,
    ) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        let leading = self.leading();
        if header {
            writer.write_record(
                leading
                    .iter()
                    .copied()
                    .chain(Field::ALL.iter().map(|field| field.name())),
            )?;
        }
        for letter in letters {
            let delivery = letter.deliveries.get(&self.office);
            let cells = leading.iter().map(|column| match *column {
                "id" => Ok(letter.id.to_string()),
                "created_at" => letter.created_at.format(&Rfc3339),
                "office" => Ok(self.office.to_string()),
                "delivery" => Ok(delivery.map_or("", OfficeDelivery::state).to_owned()),
                _ => Ok(why_not_delivered(delivery).to_owned()),
            });
            let leading = cells.collect::<Result<Vec<String>, _>>()?;
            let fields = Field::ALL
                .iter()
                .map(|field| spreadsheet_text(letter.fields.text(*field)).into_owned());
            writer.write_record(leading.into_iter().chain(fields))?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// Why the office's service did not take the letter, as recorded: the
/// reason it cannot be reached, or its refusal; empty otherwise.
fn why_not_delivered(delivery: Option<&OfficeDelivery>) -> &str {
    match delivery {
        Some(OfficeDelivery::Unreachable { reason, .. }) => reason,
        Some(OfficeDelivery::Rejected { error, .. }) => error,
        _ => "",
    }
}

/// A letter's words as its office reads them on paper: the subject, the
/// paragraphs (the supporter's own last), the closing and the supporter's name under it. Built here
/// alone, so that whatever a letter comes to carry reaches every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterText<'a> {
    pub subject: &'a str,
    pub paragraphs: Vec<&'a str>,
    pub closing: &'a str,
    pub signature: String,
}

impl<'a> LetterText<'a> {
    pub fn of(letter: &'a Letter) -> Self {
        let fields = &letter.fields;
        Self {
            subject: fields.subject.as_ref(),
            paragraphs: letter
                .paragraphs()
                .map(str::trim)
                .filter(|paragraph| !paragraph.is_empty())
                .collect(),
            closing: fields.closing.as_ref(),
            signature: format!("{} {}", fields.first_name, fields.last_name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::LetterBody;
    use crate::fixtures::{delivering_letter, letter_from};
    use crate::members::Members;

    fn office(code: &str) -> OfficeCode {
        OfficeCode::parse(code).unwrap()
    }

    /// The CSV of `letters` for `filter`, as `(header, rows)`.
    fn csv_of(filter: &OfficeFilter, letters: &[Letter]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut out = Vec::new();
        filter.write_csv(&mut out, letters, true).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        let header = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|row| row.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    }

    fn unreachable_at(letter: &mut Letter, code: &str) {
        letter.deliveries.insert(
            office(code),
            OfficeDelivery::Unreachable {
                at: letter.created_at,
                reason: "not on the list".into(),
            },
        );
    }

    #[test]
    fn each_unreachable_row_has_the_reason_and_every_field_under_the_header() {
        let mut letter = delivering_letter("ada@example.org");
        unreachable_at(&mut letter, "SME01");
        let filter = OfficeFilter::new(office("SME01"), OfficeLetters::Unreachable, None);
        let (header, rows) = csv_of(&filter, &[letter]);
        assert_eq!(header[..4], ["id", "created_at", "office", "reason"]);
        let cell = |name: &str| rows[0][header.iter().position(|c| c == name).unwrap()].clone();
        assert_eq!(
            (cell("office"), cell("reason"), cell("prefix")),
            ("SME01".into(), "not on the list".into(), "Ms.".into())
        );
        assert_eq!(
            (cell("street"), cell("phone")),
            ("12 Harbor Road".into(), "207-555-0143".into())
        );
    }

    #[test]
    fn a_field_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
        let mut letter = letter_from("ME", "ada@example.org");
        letter.fields.body = LetterBody::parse("=HYPERLINK(\"https://example.com\")").unwrap();
        let filter = OfficeFilter::new(office("SME01"), OfficeLetters::Addressed, None);
        let (header, rows) = csv_of(&filter, &[letter]);
        let body = header
            .iter()
            .position(|column| column == "message")
            .unwrap();
        assert_eq!(rows[0][body], "'=HYPERLINK(\"https://example.com\")");
    }

    #[test]
    fn an_offices_letters_are_those_to_its_member_whatever_their_delivery() {
        let members = Members::bundled().unwrap();
        let king = members
            .senators(crate::domain::StateCode::parse("ME").unwrap())
            .into_iter()
            .find(|member| member.office() == office("SME01"))
            .unwrap();
        let addressed = OfficeFilter::new(office("SME01"), OfficeLetters::Addressed, Some(king));
        let mut unreachable = delivering_letter("ada@example.org");
        unreachable_at(&mut unreachable, "SME01");
        let recorded = letter_from("ME", "grace@example.org");
        let texan = letter_from("TX", "alan@example.org");
        assert!(addressed.matches(&unreachable) && addressed.matches(&recorded));
        assert!(!addressed.matches(&texan));

        let (header, rows) = csv_of(&addressed, &[unreachable, recorded]);
        assert_eq!(
            header[..5],
            ["id", "created_at", "office", "delivery", "reason"]
        );
        assert_eq!(rows[0][3..5], ["unreachable", "not on the list"]);
        assert_eq!(rows[1][3..5], ["", ""], "nothing tried, nothing to say");

        let vacant = OfficeFilter::new(office("HTX23"), OfficeLetters::Addressed, None);
        assert!(!vacant.matches(&texan));
    }

    #[test]
    fn the_printed_text_is_the_letters_paragraphs_closing_and_name() {
        let mut letter = letter_from("TX", "ada@example.org");
        letter.fields.body = LetterBody::parse("First.\n\n\n\nSecond,\nstill second.\n\n").unwrap();
        let text = LetterText::of(&letter);
        assert_eq!(text.paragraphs, ["First.", "Second,\nstill second."]);
        assert_eq!(
            (text.closing, text.signature.as_str()),
            ("Sincerely", "Ada Lovelace")
        );
        assert_eq!(text.subject, letter.fields.subject.as_ref());
        letter.fields.own_words = Some(crate::domain::OwnWords::parse("Mine too.").unwrap());
        assert_eq!(LetterText::of(&letter).paragraphs[2..], ["Mine too."]);
    }
}
