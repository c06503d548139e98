//! Lambda entry point for the analysts' routes behind IAM.

use shared::bootstrap;
use shared::web::admin::AdminApp;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda().await?;
    let app = Arc::new(AdminApp {
        analytics: lambda.store,
        catalog: bootstrap::campaigns()?,
        members: bootstrap::members()?,
    });
    lambda_http::run(query_submissions::router(app)).await
}
