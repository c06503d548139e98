//! Lambda entry point: new letters from the table's stream, added to their
//! campaigns' tallies for the analysts' summaries.

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use shared::analytics::handle_stream_batch;
use shared::store::DynamoDbLetterStore;
use shared::telemetry::{self, LogFormat};

#[tokio::main]
async fn main() -> Result<(), Error> {
    telemetry::init(LogFormat::Json);
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = DynamoDbLetterStore::from_env(&sdk_config)?;
    let store = &store;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| async move {
        handle_stream_batch(store, event.payload)
            .await
            .map(drop)
            .map_err(Error::from)
    }))
    .await
}
