//! Lambda entry point for the analysts' routes behind IAM.

use shared::bootstrap;
use shared::web::admin::AdminApp;
use std::sync::Arc;

// One thread: Lambda gives a function a fraction of a core (a whole one at
// 1,769 MB) and one event at a time, so worker threads only cost start time.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let lambda = bootstrap::lambda().await?;
    let app = Arc::new(AdminApp {
        analytics: lambda.store,
        catalog: bootstrap::campaigns()?,
        senators: bootstrap::senators()?,
    });
    lambda_http::run(query_submissions::router(app)).await
}
