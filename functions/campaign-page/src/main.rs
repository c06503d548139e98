//! Lambda entry point: the public pages over the letters table, built once.

use letters_aws::{bootstrap, gateway};

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::WEB).await?;
    let app = lambda.page_app().await?;
    lambda_http::run(gateway::behind_api_gateway(
        lambda.refreshed(campaign_page::routes().router(app)),
    ))
    .await
}
