//! Lambda entry point: consumes the confirmation queue in batches, sending
//! each letter's confirmation through SES at a paced rate.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use letters_aws::SesMailer;
use letters_aws::bootstrap;
use letters_aws::queue::handle_batch;
use std::sync::Arc;
use std::time::Duration;

/// Longer than the function's timeout, so a live sender is never overtaken.
const LEASE: Duration = Duration::from_secs(300);

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::BACKGROUND).await?;
    let mailer = lambda.settings().mailer()?;
    let ses = aws_sdk_ses::Client::new(&lambda.sdk_config);
    let ses = SesMailer::new(ses, &mailer.sender, mailer.configuration_set);
    let key = lambda.signing_key().await?;
    let sender = lambda
        .wiring
        .confirmations(lambda.store.clone(), Arc::new(ses), key, LEASE)?;
    let sender = lambda.refreshed_consumer(sender);
    let (sender, stream) = (&sender, &lambda.stream);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        Ok::<SqsBatchResponse, Error>(handle_batch(sender, stream, None, event.payload).await)
    }))
    .await
}
