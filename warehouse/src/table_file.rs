//! A table's rows as one Parquet file, through the `parquet` crate's column
//! writer. Every column may be empty (null); times are milliseconds in UTC.

use anyhow::Context;
use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::sync::Arc;
use time::OffsetDateTime;

/// What a column holds, and how Parquet and the Glue catalogue name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Flag,
    Number,
    Time,
}

impl Kind {
    /// The type Athena is told the column has (Glue's Hive names).
    pub fn glue_type(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Flag => "boolean",
            Self::Number => "bigint",
            Self::Time => "timestamp",
        }
    }

    fn parquet_type(self, name: &str) -> anyhow::Result<Type> {
        let (physical, logical) = match self {
            Self::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            Self::Flag => (Physical::BOOLEAN, None),
            Self::Number => (Physical::INT64, None),
            Self::Time => (
                Physical::INT64,
                Some(LogicalType::timestamp(true, TimeUnit::MILLIS)),
            ),
        };
        Ok(Type::primitive_type_builder(name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()?)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

/// One cell; `Text(None)` is null.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(Option<String>),
    Flag(bool),
    Number(i64),
    Time(OffsetDateTime),
}

impl Value {
    /// Text, with the empty string (an absent optional field) as null.
    pub fn text(text: &str) -> Self {
        Self::Text((!text.is_empty()).then(|| text.to_owned()))
    }
}

/// Rows on their way into a file, kept column by column.
pub struct TableFile {
    columns: &'static [Column],
    cells: Vec<Vec<Value>>,
}

impl TableFile {
    pub fn new(columns: &'static [Column]) -> Self {
        Self {
            columns,
            cells: columns.iter().map(|_| Vec::new()).collect(),
        }
    }

    pub fn rows(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    /// Adds a row: one value per column, in the columns' order.
    pub fn push(&mut self, row: Vec<Value>) {
        assert_eq!(row.len(), self.columns.len(), "a row has every column");
        for (column, value) in self.cells.iter_mut().zip(row) {
            column.push(value);
        }
    }

    /// The file's bytes: one row group, compressed with Snappy.
    pub fn encode(self) -> anyhow::Result<Vec<u8>> {
        let fields = self
            .columns
            .iter()
            .map(|column| column.kind.parquet_type(column.name).map(Arc::new))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let schema = Type::group_type_builder("schema")
            .with_fields(fields)
            .build()?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let mut writer =
            SerializedFileWriter::new(Vec::new(), Arc::new(schema), Arc::new(properties))?;
        let mut group = writer.next_row_group()?;
        for (column, cells) in self.columns.iter().zip(self.cells) {
            let mut out = group
                .next_column()?
                .context("a column writer for each column")?;
            let present: Vec<i16> = cells
                .iter()
                .map(|cell| i16::from(!matches!(cell, Value::Text(None))))
                .collect();
            match column.kind {
                Kind::Text => {
                    let values: Vec<ByteArray> = cells
                        .into_iter()
                        .filter_map(|cell| match cell {
                            Value::Text(text) => {
                                text.map(|text| ByteArray::from(text.into_bytes()))
                            }
                            _ => None,
                        })
                        .collect();
                    out.typed::<ByteArrayType>()
                        .write_batch(&values, Some(&present), None)?;
                }
                Kind::Flag => {
                    let values: Vec<bool> = cells
                        .into_iter()
                        .filter_map(|cell| match cell {
                            Value::Flag(flag) => Some(flag),
                            _ => None,
                        })
                        .collect();
                    out.typed::<BoolType>()
                        .write_batch(&values, Some(&present), None)?;
                }
                Kind::Number | Kind::Time => {
                    let values: Vec<i64> = cells
                        .into_iter()
                        .filter_map(|cell| match cell {
                            Value::Number(n) => Some(n),
                            Value::Time(at) => {
                                i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
                            }
                            _ => None,
                        })
                        .collect();
                    out.typed::<Int64Type>()
                        .write_batch(&values, Some(&present), None)?;
                }
            }
            out.close()?;
        }
        group.close()?;
        Ok(writer.into_inner()?)
    }
}
