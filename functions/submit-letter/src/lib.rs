//! The submit-letter function: `POST /c/{slug}/letters`, and the buttons of
//! the pages a supporter's email links to (`POST /withdraw/{token}`,
//! `POST /confirm/{token}`).

use shared::web::{AppState, Routes, choices, submit};

pub fn routes() -> Routes<AppState> {
    Routes::default()
        .post("/c/{slug}/letters", submit::submit_letter)
        .post("/withdraw/{token}", choices::withdraw)
        .post("/confirm/{token}", choices::confirm)
}
