//! Lambda entry point: consumes the delivery queue in batches, sending each
//! letter to each of its offices through Congress's delivery services at a
//! paced rate, and recording on the letter how each delivery ended; a
//! letter held until a setting is fixed goes to the dead-letter queue.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use letters_aws::bootstrap;
use letters_aws::queue::handle_batch;

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::BACKGROUND).await?;
    let deliverer = lambda.refreshed_consumer(lambda.deliverer().await?);
    let dead_letters = lambda.delivery_dead_letters()?;
    let (deliverer, stream, dead_letters) = (&deliverer, &lambda.stream, Some(&dead_letters));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        let response = handle_batch(deliverer, stream, dead_letters, event.payload).await;
        Ok::<SqsBatchResponse, Error>(response)
    }))
    .await
}
