//! What API Gateway tells a function about each request, put where the
//! routes look for it: the client's address, the domain it was reached at,
//! and, on the analysts' routes, the IAM caller it authenticated.

use super::admin::Analyst;
use super::site::{ClientIp, GatewayDomain};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use lambda_http::request::RequestContext;

/// Copies the request context's facts into the request's extensions.
pub async fn from_request_context(mut request: Request, next: Next) -> Response {
    if let Some(RequestContext::ApiGatewayV2(context)) =
        request.extensions().get::<RequestContext>().cloned()
    {
        let extensions = request.extensions_mut();
        if let Some(ip) = context.http.source_ip.and_then(|ip| ip.parse().ok()) {
            extensions.insert(ClientIp(ip));
        }
        if let Some(domain) = context.domain_name {
            extensions.insert(GatewayDomain(domain));
        }
        let caller = context
            .authorizer
            .and_then(|authorizer| authorizer.iam)
            .and_then(|iam| iam.user_arn);
        if let Some(arn) = caller {
            extensions.insert(Analyst(arn));
        }
    }
    next.run(request).await
}

/// `router` as a function behind API Gateway serves it: what the request
/// context says made available to the routes, a 404 page for every other
/// path, and the headers of every response.
pub fn behind_api_gateway(router: axum::Router) -> axum::Router {
    super::complete(router).layer(axum::middleware::from_fn(from_request_context))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::EmbeddedLetterStore;
    use crate::fixtures::{LAUNCH, test_catalog};
    use crate::members::Members;
    use crate::web::admin::{self, AdminApp};
    use axum::body::Body;
    use lambda_http::aws_lambda_events::apigw::{
        ApiGatewayRequestAuthorizer, ApiGatewayRequestAuthorizerIamDescription,
        ApiGatewayV2httpRequestContext,
    };
    use std::sync::Arc;
    use tower::ServiceExt;

    fn export_request(caller: Option<&str>) -> Request {
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
            store: Arc::new(EmbeddedLetterStore::open(dir.path()).unwrap()),
            catalog: test_catalog(false),
            members: Members::bundled().unwrap(),
        });
        behind_api_gateway(admin::router(app))
            .oneshot(request)
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    #[tokio::test]
    async fn a_personal_data_export_needs_an_iam_caller() {
        assert_eq!(status_of(export_request(None)).await, 401);
        let analyst = "arn:aws:iam::123456789012:user/analyst";
        assert_eq!(status_of(export_request(Some(analyst))).await, 200);
    }
}
