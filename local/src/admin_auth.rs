//! Locally, the analysts' routes take `Authorization: Bearer <token>`: the
//! token from `ADMIN_TOKEN`, or one made up and printed at start. On AWS,
//! IAM at API Gateway does this job. The outbox, which shows every
//! supporter's email, takes the same token, and a browser's way in: opened
//! once as `/_outbox?token=<token>`, it answers with a cookie and sends the
//! browser on without the token in its address bar.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use shared::web::admin::Analyst;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// The cookie that lets a browser into the outbox.
const OUTBOX_COOKIE: &str = "outbox_session";

/// The token analysts must present. Its `Debug` never shows it.
#[derive(Clone)]
pub struct AdminToken {
    token: Arc<str>,
    made_up: bool,
    /// What the outbox's cookie holds: random, made at start, so that the
    /// token itself is never kept in a browser (which sends cookies to
    /// every port of the host), and a restart forgets every cookie given.
    outbox_session: Arc<str>,
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
            outbox_session: random_secret(),
        }
    }

    /// A fresh random token, for when none was chosen.
    pub fn made_up() -> Self {
        Self {
            token: random_secret(),
            made_up: true,
            outbox_session: random_secret(),
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

    fn opens_outbox(&self, cookie: &str) -> bool {
        self.outbox_session
            .as_bytes()
            .ct_eq(cookie.as_bytes())
            .into()
    }

    /// The answer to a request that does not offer this token: none
    /// offered, 401, saying `how` to send it; a wrong one, 403. `None` for
    /// the right one.
    fn refusal(&self, offered: Option<&str>, how: &str) -> Option<Response> {
        match offered {
            None => Some(refuse(StatusCode::UNAUTHORIZED, how)),
            Some(offered) if !self.matches(offered) => {
                Some(refuse(StatusCode::FORBIDDEN, "That token is not valid."))
            }
            Some(_) => None,
        }
    }
}

/// 128 random bits, as hex.
fn random_secret() -> Arc<str> {
    uuid::Uuid::new_v4().simple().to_string().into()
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

/// The token in the request's `Authorization: Bearer` header.
fn bearer(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
}

/// The value of the request's cookie `name`.
fn cookie<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// No token: 401. A wrong one: 403. The right one names the caller.
pub async fn require_token(
    State(token): State<AdminToken>,
    mut request: Request,
    next: Next,
) -> Response {
    let how = "Send Authorization: Bearer <token>.";
    if let Some(refused) = token.refusal(bearer(&request), how) {
        return refused;
    }
    request
        .extensions_mut()
        .insert(Analyst("local token holder".into()));
    next.run(request).await
}

/// The outbox's pages, for the token's holder: a browser with the outbox's
/// cookie, or a request with the token as a bearer. `?token=<token>` on any
/// of them sets the cookie and sends the browser to the same page without
/// it (303); a wrong token is refused (403), none at all too (401).
pub async fn require_outbox_access(
    State(token): State<AdminToken>,
    request: Request,
    next: Next,
) -> Response {
    let how = "Open /_outbox?token=<token> in a browser, or send Authorization: Bearer <token>.";
    let in_query = request.uri().query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find_map(|(key, value)| (key == "token").then_some(value))
    });
    if let Some(offered) = in_query {
        if let Some(refused) = token.refusal(Some(&offered), how) {
            return refused;
        }
        // Only the outbox's own routes come here: the path is this site's.
        let mut response = Redirect::to(request.uri().path()).into_response();
        let cookie = format!(
            "{OUTBOX_COOKIE}={}; Path=/_outbox; HttpOnly; SameSite=Strict",
            token.outbox_session
        );
        response.headers_mut().insert(
            header::SET_COOKIE,
            cookie
                .parse()
                .expect("hex and fixed text make a valid header"),
        );
        return response;
    }
    if cookie(&request, OUTBOX_COOKIE).is_some_and(|cookie| token.opens_outbox(cookie)) {
        return next.run(request).await;
    }
    match token.refusal(bearer(&request), how) {
        Some(refused) => refused,
        None => next.run(request).await,
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
