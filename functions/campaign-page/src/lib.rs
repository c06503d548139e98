//! The campaign-page function: every read-only route of the HTTP contract.

use axum::Router;
use axum::routing::get;
use shared::web::{AppState, read, with_security_headers};

/// `GET /`, `/c/{slug}`, `/c/{slug}/thanks`, `/c/{slug}/count`, `/healthz`,
/// the share picture and the static files.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/", get(read::index))
        .route("/c/{slug}", get(read::show))
        .route("/c/{slug}/thanks", get(read::thanks))
        .route("/c/{slug}/count", get(read::count))
        .route("/healthz", get(read::health))
        .route("/c/{slug}/share.png", get(read::share_image))
        .route("/static/{file}", get(read::static_file))
        .with_state(state);
    with_security_headers(routes)
}
