//! The warehouse's four tables, their columns, and a letter's rows in each.
//! Each table is a folder of Parquet files partitioned Hive-style by
//! campaign and day (`letters/campaign=sesta/day=2026-11-28/...`); the Glue
//! tables in infra/template.yaml declare the same columns (a test below
//! holds them equal).
//!
//! - `letters`: one row a letter, nothing personal: enough to count by
//!   place, time, member, source and whether it was rewritten.
//! - `recipients`: one row a letter and member it went to, with the
//!   member's office: counts by member and office.
//! - `personal`: one row a letter with every personal field of it (names,
//!   email, phone, street, full ZIP, the text), apart, so that only the
//!   personal-data role may read it.
//! - `deliveries`: one row a letter and office its delivery was recorded
//!   for, with the state it reached.

use crate::table_file::{Column, Kind, TableFile, Value};
use shared::letter::{Field, Letter, OfficeDelivery};
use shared::members::Members;

/// A table of the warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Letters,
    Recipients,
    Personal,
    Deliveries,
}

const fn column(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

const LETTERS: &[Column] = &[
    column("id", Kind::Text),
    column("created_at", Kind::Time),
    column("campaign_version", Kind::Number),
    column("state", Kind::Text),
    column("district", Kind::Text),
    column("zip5", Kind::Text),
    column("city", Kind::Text),
    column("edited", Kind::Flag),
    column("in_own_words", Kind::Flag),
    column("opt_in", Kind::Flag),
    column("source", Kind::Text),
    column("utm_source", Kind::Text),
    column("utm_medium", Kind::Text),
    column("utm_campaign", Kind::Text),
    // The language the letter was written in: `en` or `es`.
    column("language", Kind::Text),
];

const RECIPIENTS: &[Column] = &[
    column("letter_id", Kind::Text),
    column("created_at", Kind::Time),
    column("bioguide", Kind::Text),
    column("chamber", Kind::Text),
    column("name", Kind::Text),
    column("office", Kind::Text),
];

/// The letter's id, then every personal field in form order
/// (`Field::is_personal`; a test holds the two lists equal).
const PERSONAL: &[Column] = &[
    column("letter_id", Kind::Text),
    column("prefix", Kind::Text),
    column("first_name", Kind::Text),
    column("last_name", Kind::Text),
    column("email", Kind::Text),
    column("phone", Kind::Text),
    column("street", Kind::Text),
    column("zip", Kind::Text),
    column("subject", Kind::Text),
    column("message", Kind::Text),
    column("own_words", Kind::Text),
    column("closing", Kind::Text),
];

const DELIVERIES: &[Column] = &[
    column("letter_id", Kind::Text),
    column("office", Kind::Text),
    column("state", Kind::Text),
    column("at", Kind::Time),
];

impl Dataset {
    pub const ALL: [Dataset; 4] = [
        Self::Letters,
        Self::Recipients,
        Self::Personal,
        Self::Deliveries,
    ];

    /// Its folder under the warehouse's root, and its Glue table's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Letters => "letters",
            Self::Recipients => "recipients",
            Self::Personal => "personal",
            Self::Deliveries => "deliveries",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::Letters => LETTERS,
            Self::Recipients => RECIPIENTS,
            Self::Personal => PERSONAL,
            Self::Deliveries => DELIVERIES,
        }
    }

    /// A file of this table's rows for `letters`.
    pub fn file(self, letters: &[&Letter], members: &Members) -> TableFile {
        let mut file = TableFile::new(self.columns());
        for letter in letters {
            for row in self.rows(letter, members) {
                file.push(row);
            }
        }
        file
    }

    fn rows(self, letter: &Letter, members: &Members) -> Vec<Vec<Value>> {
        let id = || Value::Text(Some(letter.id.to_string()));
        let fields = &letter.fields;
        match self {
            Self::Letters => vec![vec![
                id(),
                Value::Time(letter.created_at),
                Value::Number(i64::try_from(letter.campaign_version).unwrap_or(i64::MAX)),
                Value::text(fields.state.code()),
                Value::Text(fields.district.as_ref().map(|d| d.district().to_string())),
                Value::text(&fields.zip.as_ref()[..5]),
                Value::text(fields.city.as_ref()),
                Value::Flag(letter.edited),
                Value::Flag(letter.in_own_words()),
                Value::Flag(fields.opt_in),
                Value::text(fields.text(Field::Source)),
                Value::text(fields.text(Field::UtmSource)),
                Value::text(fields.text(Field::UtmMedium)),
                Value::text(fields.text(Field::UtmCampaign)),
                Value::text(letter.language.tag()),
            ]],
            Self::Recipients => letter
                .recipients
                .iter()
                .map(|recipient| {
                    let member = members.get(&recipient.bioguide);
                    vec![
                        id(),
                        Value::Time(letter.created_at),
                        Value::text(recipient.bioguide.as_ref()),
                        Value::text(recipient.chamber.name()),
                        Value::Text(member.map(|m| m.name.clone())),
                        Value::Text(member.map(|m| m.office().to_string())),
                    ]
                })
                .collect(),
            Self::Personal => vec![
                std::iter::once(id())
                    .chain(
                        Field::ALL
                            .iter()
                            .filter(|field| field.is_personal())
                            .map(|field| Value::text(fields.text(*field))),
                    )
                    .collect(),
            ],
            Self::Deliveries => letter
                .deliveries
                .iter()
                .map(|(office, delivery)| {
                    let at = match delivery {
                        OfficeDelivery::Delivered { at, .. }
                        | OfficeDelivery::Rejected { at, .. }
                        | OfficeDelivery::Unreachable { at, .. }
                        | OfficeDelivery::Retrying { at, .. } => *at,
                    };
                    vec![
                        id(),
                        Value::text(office.as_ref()),
                        Value::text(delivery.state()),
                        Value::Time(at),
                    ]
                })
                .collect(),
        }
    }

    /// The table's columns as the template's Glue table lists them.
    pub fn glue_columns(self) -> String {
        self.columns()
            .iter()
            .map(|c| {
                format!(
                    "            - {{ Name: {}, Type: {} }}\n",
                    c.name,
                    c.kind.glue_type()
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_personal_table_has_every_personal_field_and_no_other() {
        let personal: Vec<&str> = Field::ALL
            .iter()
            .filter(|field| field.is_personal())
            .map(|field| field.name())
            .collect();
        let columns: Vec<&str> = PERSONAL[1..].iter().map(|c| c.name).collect();
        assert_eq!(columns, personal);
        for dataset in [Dataset::Letters, Dataset::Recipients, Dataset::Deliveries] {
            for column in dataset.columns() {
                let personal_field = Field::ALL
                    .iter()
                    .any(|field| field.is_personal() && field.name() == column.name);
                assert!(!personal_field, "{} in {}", column.name, dataset.name());
            }
        }
    }

    #[test]
    fn the_templates_glue_tables_declare_the_columns_the_writer_writes() {
        let template = include_str!("../../infra/template.yaml");
        for dataset in Dataset::ALL {
            assert!(
                template.contains(&dataset.glue_columns()),
                "infra/template.yaml's {} table must list exactly:\n{}",
                dataset.name(),
                dataset.glue_columns()
            );
        }
    }
}
