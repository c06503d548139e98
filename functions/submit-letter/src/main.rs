//! Lambda entry point: builds the store once, then serves every event.

use shared::campaign::CampaignCatalog;
use shared::store::DynamoDbLetterStore;
use shared::telemetry::{self, LogFormat};
use shared::web::App;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init(LogFormat::Json);
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = DynamoDbLetterStore::from_env(&sdk_config)?;
    let state = App::new(Arc::new(store), CampaignCatalog::bundled()?)?;
    lambda_http::run(submit_letter::router(state)).await
}
