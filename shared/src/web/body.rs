//! Which format a request body claims to be in, from its headers.

use super::WebError;
use crate::letter::form::BodyFormat;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};

/// The format the `Content-Type` header declares. A charset, if declared,
/// must be UTF-8: the body is read as UTF-8 and nothing else.
pub fn declared_format(headers: &HeaderMap) -> Option<BodyFormat> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mut parts = content_type.split(';');
    let essence = parts.next()?.trim();
    let utf8 = parts.all(|parameter| match parameter.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            let value = value.trim().trim_matches('"');
            value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8")
        }
        _ => true,
    });
    if !utf8 {
        None
    } else if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(BodyFormat::Form)
    } else if essence.eq_ignore_ascii_case("application/json") {
        Some(BodyFormat::Json)
    } else {
        None
    }
}

/// Whether a client wants errors as JSON: it sends JSON or accepts it.
pub fn wants_json(headers: &HeaderMap) -> bool {
    let accepts_json = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    declared_format(headers) == Some(BodyFormat::Json) || accepts_json
}

/// Reads a body of at most `limit` bytes, in full within `deadline`. A
/// declared length over the limit is refused before a byte is read.
pub async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    deadline: std::time::Duration,
) -> Result<Bytes, WebError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(WebError::PayloadTooLarge);
    }
    let read = tokio::time::timeout(deadline, axum::body::to_bytes(body, limit))
        .await
        .map_err(|_| WebError::BodyTooSlow)?;
    read.map_err(|error| {
        let too_large = std::error::Error::source(&error)
            .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
        if too_large {
            WebError::PayloadTooLarge
        } else {
            WebError::Malformed("the body could not be read")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format_of(content_type: &str) -> Option<BodyFormat> {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
        declared_format(&headers)
    }

    #[test]
    fn a_charset_other_than_utf8_is_not_a_format_we_read() {
        assert_eq!(
            format_of("application/json; charset=UTF-8"),
            Some(BodyFormat::Json)
        );
        assert_eq!(
            format_of("application/x-www-form-urlencoded;charset=\"utf-8\""),
            Some(BodyFormat::Form)
        );
        for refused in [
            "application/json; charset=latin1",
            "application/x-www-form-urlencoded; charset=windows-1252",
            "text/plain",
        ] {
            assert_eq!(format_of(refused), None, "{refused}");
        }
    }
}
