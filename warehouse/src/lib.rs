//! The warehouse: every letter as Parquet files partitioned by campaign
//! and day, for SQL in Athena (over S3) or DuckDB (over a folder). Why a
//! scheduled writer and not the stream through Firehose: docs/analytics.md.

/// The four tables, their columns, and a letter's rows in each.
pub mod datasets;
/// Rows as one Parquet file.
pub mod table_file;
/// The run: new letters since the watermark, and settled deliveries.
pub mod writer;

pub use writer::{WarehouseWriter, Written};
