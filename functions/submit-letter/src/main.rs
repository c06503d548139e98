//! Lambda entry point: letters into the letters table, the app built once.

use shared::{bootstrap, web};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::WEB).await?;
    let app = lambda.web_app().await?;
    lambda_http::run(web::gateway::behind_api_gateway(
        lambda.refreshed(submit_letter::router(app)),
    ))
    .await
}
