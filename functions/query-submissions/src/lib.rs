//! The query-submissions function: the analysts' routes behind IAM.
//! API Gateway lets through only SigV4-signed requests; the caller's ARN
//! from the request context names the analyst in the audit log, and a
//! request that carries none is refused by the routes.

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use lambda_http::request::RequestContext;
use shared::web::admin::{self, AdminApp, Analyst};
use std::sync::Arc;

/// The IAM caller API Gateway authenticated, if any.
fn iam_caller(request: &Request) -> Option<Analyst> {
    match request.extensions().get::<RequestContext>()? {
        RequestContext::ApiGatewayV2(context) => context
            .authorizer
            .as_ref()?
            .iam
            .as_ref()?
            .user_arn
            .clone()
            .map(Analyst),
        _ => None,
    }
}

/// Names the IAM caller for the routes.
async fn name_iam_caller(mut request: Request, next: Next) -> Response {
    if let Some(analyst) = iam_caller(&request) {
        request.extensions_mut().insert(analyst);
    }
    next.run(request).await
}

/// The analysts' routes, each request named by its IAM caller.
pub fn router(app: Arc<AdminApp>) -> Router {
    admin::router(app).layer(middleware::from_fn(name_iam_caller))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use lambda_http::aws_lambda_events::apigw::{
        ApiGatewayRequestAuthorizer, ApiGatewayRequestAuthorizerIamDescription,
        ApiGatewayV2httpRequestContext,
    };
    use shared::adapters::EmbeddedLetterStore;
    use shared::fixtures::{LAUNCH, test_catalog};
    use shared::members::Members;
    use tower::ServiceExt;

    fn request(caller: Option<&str>) -> Request {
        let mut request = Request::builder()
            .uri(format!("/admin/c/{LAUNCH}/letters?include=pii"))
            .body(Body::empty())
            .unwrap();
        let mut context = ApiGatewayV2httpRequestContext::default();
        if let Some(arn) = caller {
            let mut iam = ApiGatewayRequestAuthorizerIamDescription::default();
            iam.user_arn = Some(arn.to_owned());
            let mut authorizer = ApiGatewayRequestAuthorizer::default();
            authorizer.iam = Some(iam);
            context.authorizer = Some(authorizer);
        }
        request
            .extensions_mut()
            .insert(RequestContext::ApiGatewayV2(context));
        request
    }

    async fn status_of(request: Request) -> u16 {
        let dir = tempfile::TempDir::new().unwrap();
        let app = Arc::new(AdminApp {
            analytics: Arc::new(EmbeddedLetterStore::open(dir.path()).unwrap()),
            catalog: test_catalog(false),
            members: Members::bundled().unwrap(),
        });
        router(app)
            .oneshot(request)
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    #[tokio::test]
    async fn a_personal_data_export_needs_an_iam_caller() {
        assert_eq!(status_of(request(None)).await, 401);
        let analyst = "arn:aws:iam::123456789012:user/analyst";
        assert_eq!(status_of(request(Some(analyst))).await, 200);
    }
}
