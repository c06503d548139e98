//! Lambda entry point: letters into the letters table, the app built once.

use letters_aws::{bootstrap, gateway};

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::WEB).await?;
    let app = lambda.web_app().await?;
    let router = lambda.refreshed(submit_letter::routes().router(app));
    let cdn = lambda.cdn_origin().await?;
    lambda_http::run(gateway::behind_cdn_and_api_gateway(router, cdn)).await
}
