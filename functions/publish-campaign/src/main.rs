//! Lambda entry point: a campaign file uploaded to the campaigns bucket,
//! checked and published (its share picture drawn and kept in the same
//! bucket), its result written beside it; and, when the
//! stack is ready, the bundled campaigns published to a fresh table.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use letters_aws::PublisherEvent;
use letters_aws::bootstrap;
use shared::publishing::pictures::Pictures;
use shared::publishing::seed_bundled;
use shared::publishing::uploads::{PublisherWork, publish_upload};
use std::sync::Arc;

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::BACKGROUND).await?;
    let key = &lambda.signing_key().await?;
    let (lambda, members) = (&lambda, &lambda.wiring.members);
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<PublisherEvent>| async move {
            let store = lambda.store.as_ref();
            match PublisherWork::of(&event.payload.source, event.payload.detail)? {
                PublisherWork::Upload(upload) => {
                    let bucket = Arc::new(lambda.campaign_bucket(&upload.bucket.name));
                    let pictures = Pictures {
                        painter: share_picture::draw,
                        store: bucket.clone(),
                    };
                    let publisher = lambda.wiring.publisher(pictures, key.clone());
                    publish_upload(
                        &upload.object.key,
                        bucket.as_ref(),
                        store,
                        &publisher,
                        members,
                    )
                    .await
                    .map(drop)?;
                }
                PublisherWork::StackReady => {
                    seed_bundled(store, members).await.map(drop)?;
                }
            }
            Ok::<(), Error>(())
        },
    ))
    .await
}
