//! What every response carries, whatever made it (a page, JSON, CSV, a
//! picture, a static file, an error, a 404): a Content-Security-Policy that
//! allows only the project's own files and no framing (a page may widen
//! `frame-ancestors` for a campaign's embeds), `nosniff`, a referrer policy,
//! HSTS, and `Cache-Control: no-store` unless the handler chose to let it be
//! cached: anything that may show personal data is never stored.

use super::WebError;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The policy of every response; `frame-ancestors` last, for [`policy_framed_by`].
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const ALWAYS: [(HeaderName, &str); 3] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=63072000; includeSubDomains",
    ),
];

/// The policy for a page that the pages of `origins` may frame.
pub fn policy_framed_by(origins: &[String]) -> String {
    if origins.is_empty() {
        return CONTENT_SECURITY_POLICY.to_owned();
    }
    let base = CONTENT_SECURITY_POLICY
        .strip_suffix("'none'")
        .expect("frame-ancestors comes last");
    format!("{base}{}", origins.join(" "))
}

async fn add_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in ALWAYS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        // For browsers that know no CSP; a page framed by a campaign's
        // partners set its own policy instead.
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

async fn not_found() -> Response {
    WebError::NotFound.into_response()
}

/// Makes `router` ready to face the world: a 404 page for every path it
/// does not serve, and the headers above on every response.
pub fn complete<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .fallback(not_found)
        .layer(axum::middleware::map_response(add_headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campaign_may_let_its_partners_frame_its_page() {
        let policy = policy_framed_by(&["https://partner.example.org".to_owned()]);
        assert!(policy.ends_with("frame-ancestors https://partner.example.org"));
        assert!(policy.starts_with("default-src 'none'"));
        assert_eq!(policy_framed_by(&[]), CONTENT_SECURITY_POLICY);
    }
}
