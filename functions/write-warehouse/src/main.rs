//! Lambda entry point, run on a schedule: the letters written since the
//! last run, and the deliveries settled since, into the warehouse's
//! Parquet files in S3 (`WAREHOUSE_BUCKET`).

use lambda_runtime::{Error, LambdaEvent, service_fn};
use letters_aws::bootstrap;
use letters_warehouse::WarehouseWriter;
use std::sync::Arc;

// One thread: one scheduled event at a time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::BACKGROUND).await?;
    let writer = WarehouseWriter::new(
        lambda.store.clone(),
        Arc::new(lambda.warehouse_files()?),
        lambda.wiring.members.clone(),
    );
    let (writer, lambda) = (&writer, &lambda);
    lambda_runtime::run(service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            // Campaigns published since the function started count too.
            lambda.refresh.ensure_fresh().await;
            writer
                .run(
                    lambda.wiring.catalog.slugs(),
                    time::OffsetDateTime::now_utc(),
                )
                .await
                .map(drop)
                .map_err(Error::from)
        },
    ))
    .await
}
