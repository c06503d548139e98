//! Lambda entry point for the analysts' routes. API Gateway lets through
//! only SigV4-signed requests (IAM authorization); the caller's ARN from
//! the request context names the analyst in the audit log.

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use lambda_http::request::RequestContext;
use shared::campaign::CampaignCatalog;
use shared::senators::SenatorDirectory;
use shared::store::DynamoDbLetterStore;
use shared::telemetry::{self, LogFormat};
use shared::web::admin::{self, AdminApp, Analyst};
use std::sync::Arc;

/// Names the IAM caller; a request API Gateway did not authenticate carries
/// none, and the routes refuse it.
async fn name_iam_caller(mut request: Request, next: Next) -> Response {
    let caller = match request.extensions().get::<RequestContext>() {
        Some(RequestContext::ApiGatewayV2(context)) => context
            .authorizer
            .as_ref()
            .and_then(|authorizer| authorizer.iam.as_ref())
            .and_then(|iam| iam.user_arn.clone()),
        _ => None,
    };
    if let Some(arn) = caller {
        request.extensions_mut().insert(Analyst(arn));
    }
    next.run(request).await
}

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init(LogFormat::Json);
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let app = Arc::new(AdminApp {
        analytics: Arc::new(DynamoDbLetterStore::from_env(&sdk_config)?),
        catalog: CampaignCatalog::bundled()?,
        senators: SenatorDirectory::bundled()?,
    });
    lambda_http::run(admin::router(app).layer(middleware::from_fn(name_iam_caller))).await
}
