//! The submit-letter function: `POST /c/{slug}/letters`, and the buttons of
//! the pages a supporter's email links to (`POST /withdraw/{token}`,
//! `POST /confirm/{token}`).

use axum::Router;
use axum::routing::post;
use shared::web::{AppState, choices, submit};

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/c/{slug}/letters", post(submit::submit_letter))
        .route("/withdraw/{token}", post(choices::withdraw))
        .route("/confirm/{token}", post(choices::confirm))
        .with_state(state)
}
