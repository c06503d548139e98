//! The query-submissions function: analysts' reads, behind IAM.

use shared::web::Routes;
use shared::web::admin::{self, AdminApp};
use std::sync::Arc;

/// Summaries, exports, undeliverable letters and the campaigns.
pub fn routes() -> Routes<Arc<AdminApp>> {
    admin::reads()
}
