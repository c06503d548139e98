//! The campaign-page function: every read-only route of the HTTP contract.

use shared::web::{AppState, Routes, choices, openapi, read, receipt};

/// `GET /`, `/c/{slug}`, `/c/{slug}/thanks`, `/c/{slug}/count`, the form's
/// token (`/c/{slug}/form-token`), `/healthz`, the share picture (now, and by name), the static files, and the pages the links in a
/// supporter's email open (`/withdraw/{token}`, `/confirm/{token}`,
/// `/receipt/{token}`).
pub fn routes() -> Routes<AppState> {
    Routes::default()
        .get("/", read::index)
        .get("/c/{slug}", read::show)
        .get("/c/{slug}/thanks", read::thanks)
        .get("/c/{slug}/count", read::count)
        .get("/c/{slug}/form-token", read::form_token)
        .get("/healthz", read::health)
        .get("/openapi.json", openapi::openapi)
        .get("/c/{slug}/share.png", read::share_image)
        .get("/c/{slug}/share/{picture}", read::share_picture)
        .get("/static/{file}", read::static_file)
        .get("/withdraw/{token}", choices::ask_withdraw)
        .get("/confirm/{token}", choices::ask_confirm)
        .get("/receipt/{token}", receipt::receipt)
}
