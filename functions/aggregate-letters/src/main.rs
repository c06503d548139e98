//! Lambda entry point: new letters from the table's stream, added to their
//! campaigns' tallies for the analysts' summaries.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use letters_aws::bootstrap;
use shared::aggregate::{StreamBatch, handle_stream_batch};

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::BACKGROUND).await?;
    let (stream, store) = (&lambda.stream, lambda.store.as_ref());
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<StreamBatch>| async move {
            handle_stream_batch(stream, store, event.payload)
                .await
                .map(drop)
                .map_err(Error::from)
        },
    ))
    .await
}
