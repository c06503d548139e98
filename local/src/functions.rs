//! The HTTP functions, each by its crate's name with its route table: the
//! local server serves them all from here, as API Gateway routes to them,
//! and the `routes` binary prints what each serves, which the deploy
//! rehearsal checks against the template's events (`infra/tests`).

use crate::AdminToken;
use axum::Router;
use axum::http::Method;
use shared::web::admin::AdminApp;
use shared::web::{AppState, Routes};
use std::sync::Arc;

pub struct HttpFunctions {
    campaign_page: Routes<AppState>,
    submit_letter: Routes<AppState>,
    query_submissions: Routes<Arc<AdminApp>>,
    erase_and_publish: Routes<Arc<AdminApp>>,
}

impl Default for HttpFunctions {
    fn default() -> Self {
        Self {
            campaign_page: campaign_page::routes(),
            submit_letter: submit_letter::routes(),
            query_submissions: query_submissions::routes(),
            erase_and_publish: erase_and_publish::routes(),
        }
    }
}

impl HttpFunctions {
    /// Each function's crate (its folder under `functions/`) and the
    /// methods and paths it serves.
    pub fn served(&self) -> [(&'static str, &[(Method, &'static str)]); 4] {
        [
            ("campaign-page", self.campaign_page.served()),
            ("submit-letter", self.submit_letter.served()),
            ("query-submissions", self.query_submissions.served()),
            ("erase-and-publish", self.erase_and_publish.served()),
        ]
    }

    /// Every function's routes in one router: the public ones over `app`,
    /// the analysts' and staff's over `admin` behind `token`, as IAM guards
    /// them on AWS.
    pub fn router(self, app: AppState, admin: Arc<AdminApp>, token: AdminToken) -> Router {
        let staff = self
            .query_submissions
            .router(admin.clone())
            .merge(self.erase_and_publish.router(admin))
            .layer(axum::middleware::from_fn_with_state(
                token,
                crate::admin_auth::require_token,
            ));
        self.campaign_page
            .router(app.clone())
            .merge(self.submit_letter.router(app))
            .merge(staff)
    }
}
