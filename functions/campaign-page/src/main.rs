//! Lambda entry point: the public pages over the letters table, built once.

use shared::{bootstrap, web};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::WEB).await?;
    let app = lambda.web_app().await?;
    lambda_http::run(web::gateway::behind_api_gateway(
        lambda.refreshed(campaign_page::router(app)),
    ))
    .await
}
