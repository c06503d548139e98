//! The wiring every Lambda function's `main` shares: logging, the settings,
//! the SDK's configuration and the DynamoDB store, built once before the
//! first event. Function mains add only what is their own.

use crate::adapters::{CwcApiKeys, DynamoDbLetterStore, DynamoDbStream, HttpDelivery};
use crate::campaign::CampaignCatalog;
use crate::confirm::Pacer;
use crate::delivery::{ActiveOffices, Deliverer, DeliveryContext};
use crate::senators::SenatorDirectory;
use crate::settings::{Env, Settings};
use crate::telemetry::{self, LogFormat};
use crate::web::{App, AppState};
use anyhow::Context;
use std::sync::Arc;
use std::time::Duration;

/// How long a delivery service may take to answer one message. A batch of
/// five letters to two offices each stays inside the function's timeout
/// even if every answer is this late (infra/template.yaml).
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(15);

/// What every function starts with.
pub struct Lambda {
    pub settings: Settings,
    pub sdk_config: aws_config::SdkConfig,
    /// The letters table (`TABLE_NAME`).
    pub store: Arc<DynamoDbLetterStore>,
    /// How the table's stream records read back as letters.
    pub stream: DynamoDbStream,
}

/// Starts a function: JSON logs, settings read, SDK configured, store built.
pub async fn lambda() -> anyhow::Result<Lambda> {
    telemetry::init(LogFormat::Json);
    let settings = Settings::from_env(&Env::from_process())?;
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = Arc::new(DynamoDbLetterStore::new(
        aws_sdk_dynamodb::Client::new(&sdk_config),
        settings.table_name()?,
    ));
    Ok(Lambda {
        settings,
        sdk_config,
        store,
        stream: DynamoDbStream,
    })
}

/// The campaigns bundled into the binary.
pub fn campaigns() -> anyhow::Result<CampaignCatalog> {
    Ok(CampaignCatalog::bundled()?)
}

/// The Senators bundled into the binary; their snapshot date is logged.
pub fn senators() -> anyhow::Result<SenatorDirectory> {
    let senators = SenatorDirectory::bundled()?;
    tracing::info!(
        snapshot_date = senators.snapshot_date(),
        "loaded Senator data"
    );
    Ok(senators)
}

/// The chambers' lists of active offices bundled into the binary; when
/// they were loaded is logged.
pub fn active_offices() -> anyhow::Result<ActiveOffices> {
    let offices = ActiveOffices::bundled()?;
    tracing::info!(retrieved = offices.retrieved(), "loaded the active offices");
    Ok(offices)
}

impl Lambda {
    /// The deliverer over the table, sending through the chambers' services
    /// with the keys read once from Secrets Manager.
    pub async fn deliverer(&self) -> anyhow::Result<Deliverer> {
        let settings = self.settings.delivery()?;
        let secret = settings
            .api_keys_secret
            .as_deref()
            .context("the environment variable CWC_API_KEYS_SECRET_ARN must be set")?;
        let secrets = aws_sdk_secretsmanager::Client::new(&self.sdk_config);
        let keys = CwcApiKeys::from_secret(&secrets, secret).await?;
        let service = HttpDelivery::new(&settings, keys, DELIVERY_TIMEOUT)?;
        let pacer = Pacer::new(settings.per_instance_rate);
        let context = DeliveryContext {
            catalog: campaigns()?,
            senators: senators()?,
            offices: active_offices()?,
            organization: self.settings.sponsor.name.clone(),
            settings,
        };
        Ok(Deliverer::new(
            self.store.clone(),
            Arc::new(service),
            context,
            pacer,
        ))
    }

    /// The public routes' app over the table.
    pub fn web_app(&self) -> anyhow::Result<AppState> {
        App::new(
            self.store.clone(),
            campaigns()?,
            senators()?,
            self.settings.sponsor.clone(),
            self.settings.retention,
        )
    }
}
