//! Lambda entry point for the analysts' reads (summaries, exports, the
//! campaigns), behind IAM at API Gateway: the caller's ARN from the request
//! context names the analyst, and a request that carries none is refused by
//! the routes. Its role may read the table and nothing more: erasing and
//! publishing are `erase-and-publish`'s.

use letters_aws::{bootstrap, gateway};

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::WEB).await?;
    let app = lambda.wiring.admin(lambda.store.clone(), None);
    lambda_http::run(gateway::behind_api_gateway(
        lambda.refreshed(query_submissions::routes().router(app)),
    ))
    .await
}
