//! Locally, the analysts' routes take `Authorization: Bearer <token>`: the
//! token from `ADMIN_TOKEN`, or one made up and printed at start. On AWS,
//! IAM at API Gateway does this job.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use shared::web::admin::Analyst;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// The token analysts must present. Its `Debug` never shows it.
#[derive(Clone)]
pub struct AdminToken {
    token: Arc<str>,
    made_up: bool,
}

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminToken(..)")
    }
}

impl AdminToken {
    pub fn new(token: &str) -> Self {
        Self {
            token: token.into(),
            made_up: false,
        }
    }

    /// A fresh random token, for when none was chosen.
    pub fn made_up() -> Self {
        Self {
            token: uuid::Uuid::new_v4().simple().to_string().into(),
            made_up: true,
        }
    }

    /// Whether the token was made up at start (and so must be shown to the user).
    pub fn was_made_up(&self) -> bool {
        self.made_up
    }

    pub fn expose(&self) -> &str {
        &self.token
    }

    /// Compares in time independent of where the bytes differ.
    fn matches(&self, offered: &str) -> bool {
        self.token.as_bytes().ct_eq(offered.as_bytes()).into()
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let mut response = (status, axum::Json(json!({ "error": message }))).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            "Bearer".parse().expect("a valid header"),
        );
    }
    response
}

/// No token: 401. A wrong one: 403. The right one names the caller.
pub async fn require_token(
    State(token): State<AdminToken>,
    mut request: Request,
    next: Next,
) -> Response {
    let offered = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match offered {
        None => refuse(
            StatusCode::UNAUTHORIZED,
            "Send Authorization: Bearer <token>.",
        ),
        Some(offered) if !token.matches(offered) => {
            refuse(StatusCode::FORBIDDEN, "That token is not valid.")
        }
        Some(_) => {
            request
                .extensions_mut()
                .insert(Analyst("local token holder".into()));
            next.run(request).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_matches() {
        let token = AdminToken::new("s3cret");
        assert!(token.matches("s3cret"));
        for wrong in ["", "s3cre", "s3cret!", "S3cret"] {
            assert!(!token.matches(wrong), "{wrong:?}");
        }
        assert_eq!(format!("{token:?}"), "AdminToken(..)");
    }
}
