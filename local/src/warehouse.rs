//! The warehouse on this machine: the scheduled function's writer, run on
//! a timer into `DATA_DIR/warehouse/`, where DuckDB reads it
//! (docs/analytics.md).

use letters_warehouse::WarehouseWriter;
use shared::adapters::FolderWarehouseFiles;
use shared::campaign::CampaignCatalog;
use shared::members::Members;
use shared::ports::Store;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How often the local writer runs: a letter is in the warehouse about
/// this long after the writer's lag has passed.
const EVERY: Duration = Duration::from_secs(60);

/// The writer over `store`, into `data_dir`'s `warehouse/` folder.
pub fn writer(data_dir: &Path, store: Arc<dyn Store>, members: Members) -> WarehouseWriter {
    WarehouseWriter::new(
        store,
        Arc::new(FolderWarehouseFiles::new(data_dir.join("warehouse"))),
        members,
    )
}

/// Runs `writer` over every campaign served every minute, for as long as
/// the server runs.
pub fn spawn(writer: WarehouseWriter, catalog: CampaignCatalog) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + EVERY, EVERY);
        loop {
            ticks.tick().await;
            if let Err(error) = writer
                .run(catalog.slugs(), time::OffsetDateTime::now_utc())
                .await
            {
                let error = format!("{error:#}");
                tracing::warn!(error, "the warehouse was not written this time");
            }
        }
    });
}
