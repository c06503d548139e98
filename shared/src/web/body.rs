//! Which format a request body claims to be in, from its headers.

use crate::letter::form::BodyFormat;
use axum::http::{HeaderMap, header};

/// The largest letter body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The format the `Content-Type` header declares, parameters ignored.
pub fn declared_format(headers: &HeaderMap) -> Option<BodyFormat> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = content_type.split(';').next()?.trim();
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
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
