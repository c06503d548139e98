//! Lambda entry point: a campaign file uploaded to the campaigns bucket,
//! checked and published, its result written beside it.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use shared::bootstrap;
use shared::publishing::uploads::{UploadEvent, publish_upload};

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::BACKGROUND).await?;
    let members = bootstrap::members()?;
    let (lambda, members) = (&lambda, &members);
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<UploadEvent>| async move {
            let upload = event.payload.detail;
            let bucket = lambda.campaign_bucket(&upload.bucket.name);
            publish_upload(&upload.object.key, &bucket, lambda.store.as_ref(), members)
                .await
                .map(drop)
                .map_err(Error::from)
        },
    ))
    .await
}
