//! Lambda entry point: the public pages over the letters table, built once.

use shared::bootstrap;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda().await?;
    lambda_http::run(campaign_page::router(lambda.web_app()?)).await
}
