//! Lambda entry point for staff's changes (erasing an address's letters,
//! publishing a campaign), behind IAM at API Gateway as the analysts' reads
//! are; a function of its own, so that only its role may delete letters or
//! write campaigns.

use letters_aws::{bootstrap, gateway};

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::WEB).await?;
    let publisher = lambda.publisher(share_picture::draw).await?;
    let app = lambda.wiring.admin(lambda.store.clone(), Some(publisher));
    lambda_http::run(gateway::behind_api_gateway(
        lambda.refreshed(erase_and_publish::routes().router(app)),
    ))
    .await
}
