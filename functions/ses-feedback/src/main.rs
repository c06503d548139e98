//! Lambda entry point: SES bounce and complaint notifications from SNS put
//! the addresses on the suppression list.

use aws_lambda_events::event::sns::SnsEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use letters_aws::bootstrap;
use letters_aws::feedback::handle_feedback;

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::BACKGROUND).await?;
    let store = lambda.store.as_ref();
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SnsEvent>| async move {
        handle_feedback(store, event.payload)
            .await
            .map_err(Error::from)
    }))
    .await
}
