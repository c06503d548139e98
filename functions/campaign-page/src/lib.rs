//! The campaign-page function: every read-only route of the HTTP contract.

use axum::Router;
use axum::routing::get;
use shared::web::{AppState, read, with_security_headers};

/// `GET /`, `/c/{slug}`, `/c/{slug}/thanks`, `/c/{slug}/count`, `/healthz`
/// and the stylesheet.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/", get(read::index))
        .route("/c/{slug}", get(read::show))
        .route("/c/{slug}/thanks", get(read::thanks))
        .route("/c/{slug}/count", get(read::count))
        .route("/healthz", get(read::health))
        .route("/static/site.css", get(read::stylesheet))
        .with_state(state);
    with_security_headers(routes)
}
