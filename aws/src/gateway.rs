//! What API Gateway tells a function about each request, put where the
//! routes look for it: the client's address (or the viewer's, from the
//! CDN), the domain it was reached at, and, on the analysts' routes, the IAM
//! caller it authenticated.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use lambda_http::request::RequestContext;
use shared::web::admin::Analyst;
use shared::web::{CdnOrigin, ClientIp, GatewayDomain};

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
    shared::web::complete(router).layer(axum::middleware::from_fn(from_request_context))
}

/// `router` behind API Gateway and, when the stack has one, the CDN: a
/// request that proves it came through the CDN is taken to be from the
/// viewer CloudFront names, not from CloudFront's edge.
pub fn behind_cdn_and_api_gateway(router: axum::Router, cdn: Option<CdnOrigin>) -> axum::Router {
    let router = match cdn {
        Some(cdn) => router.layer(axum::middleware::from_fn_with_state(cdn, from_cdn)),
        None => router,
    };
    behind_api_gateway(router)
}

/// Puts the viewer's address in place of CloudFront's edge's.
async fn from_cdn(State(cdn): State<CdnOrigin>, mut request: Request, next: Next) -> Response {
    if let Some(ip) = cdn.viewer(request.headers()) {
        request.extensions_mut().insert(ClientIp(ip));
    }
    next.run(request).await
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
    use shared::web::admin::{self, AdminApp};
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
            publisher: None,
        });
        behind_api_gateway(admin::reads().router(app))
            .oneshot(request)
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// A router that answers with the client's address it was given.
    fn client_echo(cdn: Option<CdnOrigin>) -> axum::Router {
        let echo = axum::routing::get(|client: Option<axum::Extension<ClientIp>>| async move {
            client.map_or("none".to_owned(), |ip| ip.0.0.to_string())
        });
        behind_cdn_and_api_gateway(axum::Router::new().route("/", echo), cdn)
    }

    async fn client_seen(cdn: Option<CdnOrigin>, headers: &[(&str, &str)]) -> String {
        let mut request = Request::builder().uri("/");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut request = request.body(Body::empty()).unwrap();
        let mut context = ApiGatewayV2httpRequestContext::default();
        context.http.source_ip = Some("198.51.100.7".to_owned());
        request
            .extensions_mut()
            .insert(RequestContext::ApiGatewayV2(context));
        let response = client_echo(cdn).oneshot(request).await.unwrap();
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        String::from_utf8(body.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_viewer_address_counts_only_with_the_cdn_s_secret() {
        let cdn = || Some(CdnOrigin::new("the-stack-s-cdn-secret"));
        let viewer = ("cloudfront-viewer-address", "203.0.113.9:50123");
        let proof = ("x-origin-verify", "the-stack-s-cdn-secret");
        assert_eq!(client_seen(cdn(), &[viewer, proof]).await, "203.0.113.9");
        let ipv6 = ("cloudfront-viewer-address", "2001:db8::1:443");
        assert_eq!(client_seen(cdn(), &[ipv6, proof]).await, "2001:db8::1");

        let source = "198.51.100.7";
        let forged = ("x-origin-verify", "a-guess");
        assert_eq!(client_seen(cdn(), &[viewer, forged]).await, source);
        assert_eq!(client_seen(cdn(), &[viewer]).await, source);
        let garbled = ("cloudfront-viewer-address", "not an address");
        assert_eq!(client_seen(cdn(), &[garbled, proof]).await, source);
        assert_eq!(client_seen(None, &[viewer, proof]).await, source);
    }

    #[tokio::test]
    async fn a_personal_data_export_needs_an_iam_caller() {
        assert_eq!(status_of(export_request(None)).await, 401);
        let analyst = "arn:aws:iam::123456789012:user/analyst";
        assert_eq!(status_of(export_request(Some(analyst))).await, 200);
    }
}
