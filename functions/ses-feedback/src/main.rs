//! Lambda entry point: SES bounce and complaint notifications from SNS put
//! the addresses on the suppression list.

use aws_lambda_events::event::sns::SnsEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use shared::confirm::handle_feedback;
use shared::store::DynamoDbLetterStore;
use shared::telemetry::{self, LogFormat};

#[tokio::main]
async fn main() -> Result<(), Error> {
    telemetry::init(LogFormat::Json);
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = DynamoDbLetterStore::from_env(&sdk_config)?;
    let store = &store;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SnsEvent>| async move {
        handle_feedback(store, event.payload)
            .await
            .map_err(Error::from)
    }))
    .await
}
