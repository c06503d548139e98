//! The erase-and-publish function: staff's changes, behind IAM.

use shared::web::Routes;
use shared::web::admin::{self, AdminApp};
use std::sync::Arc;

/// `POST /admin/erase` (every letter an address wrote) and
/// `PUT /admin/campaigns/{slug}` (a campaign published).
pub fn routes() -> Routes<Arc<AdminApp>> {
    admin::writes()
}
