//! Lambda entry point for the analysts' routes, behind IAM at API Gateway:
//! the caller's ARN from the request context names the analyst, and a
//! request that carries none is refused by the routes.

use shared::web::admin::{self, AdminApp};
use shared::{bootstrap, web};
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda(bootstrap::Patience::WEB).await?;
    let app = Arc::new(AdminApp {
        store: lambda.store.clone(),
        catalog: lambda.catalog.clone(),
        members: bootstrap::members()?,
    });
    lambda_http::run(web::gateway::behind_api_gateway(
        lambda.refreshed(admin::router(app)),
    ))
    .await
}
