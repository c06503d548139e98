//! The campaign-page function: every read-only route of the HTTP contract.

use axum::Router;
use axum::routing::get;
use shared::web::{AppState, choices, openapi, read, receipt};

/// `GET /`, `/c/{slug}`, `/c/{slug}/thanks`, `/c/{slug}/count`, `/healthz`,
/// the share picture, the static files, and the pages the links in a
/// supporter's email open (`/withdraw/{token}`, `/confirm/{token}`,
/// `/receipt/{token}`).
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(read::index))
        .route("/c/{slug}", get(read::show))
        .route("/c/{slug}/thanks", get(read::thanks))
        .route("/c/{slug}/count", get(read::count))
        .route("/healthz", get(read::health))
        .route("/openapi.json", get(openapi::openapi))
        .route("/c/{slug}/share.png", get(read::share_image))
        .route("/static/{file}", get(read::static_file))
        .route("/withdraw/{token}", get(choices::ask_withdraw))
        .route("/confirm/{token}", get(choices::ask_confirm))
        .route("/receipt/{token}", get(receipt::receipt))
        .with_state(state)
}
