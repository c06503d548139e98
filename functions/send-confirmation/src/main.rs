//! Lambda entry point: consumes the confirmation queue in batches, sending
//! each letter's confirmation through SES at a paced rate.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use shared::campaign::CampaignCatalog;
use shared::config::{MailerConfig, Sponsor};
use shared::confirm::{Confirmer, Pacer, handle_batch};
use shared::mail::SesMailer;
use shared::senators::SenatorDirectory;
use shared::store::DynamoDbLetterStore;
use shared::telemetry::{self, LogFormat};
use std::sync::Arc;
use std::time::Duration;

/// Longer than the function's timeout, so a live sender is never overtaken.
const LEASE: Duration = Duration::from_secs(300);

#[tokio::main]
async fn main() -> Result<(), Error> {
    telemetry::init(LogFormat::Json);
    let config = MailerConfig::from_env()?;
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let confirmer = Confirmer {
        store: Arc::new(DynamoDbLetterStore::from_env(&sdk_config)?),
        mailer: Arc::new(SesMailer::new(
            aws_sdk_ses::Client::new(&sdk_config),
            config.sender,
            config.configuration_set,
        )),
        pacer: Pacer::new(config.per_instance_rate),
        catalog: CampaignCatalog::bundled()?,
        senators: SenatorDirectory::bundled()?,
        sponsor: Sponsor::from_env(),
        public_url: config.public_url,
        lease: LEASE,
    };
    let confirmer = &confirmer;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        Ok::<SqsBatchResponse, Error>(handle_batch(confirmer, event.payload).await)
    }))
    .await
}
