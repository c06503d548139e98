//! Lambda entry point: letters into the letters table, the app built once.

use shared::bootstrap;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda().await?;
    lambda_http::run(submit_letter::router(lambda.web_app()?)).await
}
