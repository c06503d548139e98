//! What every response carries, whatever made it (a page, JSON, CSV, a
//! picture, a static file, an error, a 404): a Content-Security-Policy that
//! allows only the pages' own inlined style and script and no framing (a
//! page may widen `frame-ancestors` for a campaign's embeds), `nosniff`, a
//! referrer policy, HSTS, and `Cache-Control: no-store` unless the handler
//! chose to let it be cached: anything that may show personal data is never
//! stored.

use super::{WebError, inline};
use crate::domain::Origin;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

const ALWAYS: [(HeaderName, &str); 3] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=63072000; includeSubDomains",
    ),
];

/// The policy of every response that sets none of its own: the page's
/// inlined style and script and nothing else, no framing.
static CONTENT_SECURITY_POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    HeaderValue::from_str(&page_policy(&[], None)).expect("a policy is a header value")
});

/// The policy for a campaign's page: framed only by the pages of
/// `framed_by`, and running a CAPTCHA's widget from `widget` (an origin),
/// if the campaign has one; otherwise the policy of every response. Style
/// and script are the pages' own, inlined, allowed by their hashes.
pub fn page_policy(framed_by: &[Origin], widget: Option<&str>) -> String {
    let with =
        |own: &str| widget.map_or_else(|| own.to_owned(), |origin| format!("{own} {origin}"));
    let ancestors = if framed_by.is_empty() {
        "'none'".to_owned()
    } else {
        let origins: Vec<&str> = framed_by.iter().map(Origin::as_str).collect();
        origins.join(" ")
    };
    let frames = widget.map_or_else(String::new, |origin| format!("frame-src {origin}; "));
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'self' data:; connect-src {}; \
         {frames}form-action 'self'; base-uri 'none'; frame-ancestors {ancestors}",
        with(&inline::SCRIPT_SOURCE),
        *inline::STYLE_SOURCE,
        with("'self'"),
    )
}

async fn add_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in ALWAYS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY.clone(),
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
        .layer(axum::middleware::from_fn(
            super::error::speak_the_requests_language,
        ))
        .layer(axum::middleware::map_response(add_headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campaign_may_let_its_partners_frame_its_page_and_run_a_captcha() {
        assert_eq!(page_policy(&[], None), *CONTENT_SECURITY_POLICY);
        assert!(
            !CONTENT_SECURITY_POLICY
                .to_str()
                .unwrap()
                .contains("unsafe-inline")
        );
        let partner = Origin::parse("https://partner.example.org").unwrap();
        let policy = page_policy(&[partner], None);
        assert!(policy.ends_with("frame-ancestors https://partner.example.org"));
        let policy = page_policy(&[], Some("https://challenges.cloudflare.com"));
        let script = format!(
            "script-src {} https://challenges.cloudflare.com;",
            *inline::SCRIPT_SOURCE
        );
        assert!(policy.contains(&script));
        assert!(policy.contains("frame-src https://challenges.cloudflare.com;"));
        assert!(policy.ends_with("frame-ancestors 'none'"));
    }
}
