//! The submit-letter function: `POST /c/{slug}/letters`.

use axum::Router;
use axum::routing::post;
use shared::web::{AppState, submit, with_security_headers};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route(
            "/c/{slug}/letters",
            post(submit::submit_letter).layer(submit::body_limit()),
        )
        .with_state(state);
    with_security_headers(routes)
}
