//! Lambda entry point: the public pages over the letters table, built once.

use shared::bootstrap;

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda().await?;
    lambda_http::run(campaign_page::router(lambda.web_app()?)).await
}
