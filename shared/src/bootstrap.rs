//! The wiring every Lambda function's `main` shares: logging, the settings,
//! the SDK's configuration and the DynamoDB store, built once before the
//! first event. Function mains add only what is their own.

use crate::adapters::{CensusGeocoder, DynamoDbLetterStore, DynamoDbStream, ZctaDistrictTable};
use crate::addressing::Addresser;
use crate::campaign::CampaignCatalog;
use crate::members::Members;
use crate::ports::DistrictLookup;
use crate::settings::{Env, Settings};
use crate::telemetry::{self, LogFormat};
use crate::web::{App, AppState};
use std::sync::Arc;

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

/// The members of Congress bundled into the binary; their snapshot dates
/// are logged.
pub fn members() -> anyhow::Result<Members> {
    let members = Members::bundled()?;
    let snapshots = members.snapshots();
    tracing::info!(
        senate_snapshot = snapshots.senate,
        house_snapshot = snapshots.house,
        "loaded member data"
    );
    Ok(members)
}

/// How districts are found: the bundled ZIP-code table, behind the Census
/// geocoder when `CENSUS_GEOCODER_URL` is set. The table's date is logged.
pub fn district_lookup(settings: &Settings) -> anyhow::Result<Arc<dyn DistrictLookup>> {
    let table = ZctaDistrictTable::bundled()?;
    tracing::info!(
        snapshot_date = table.table_date(),
        geocoder = settings.census_geocoder_url.is_some(),
        "loaded the ZIP-code table"
    );
    let table: Arc<dyn DistrictLookup> = Arc::new(table);
    Ok(match &settings.census_geocoder_url {
        Some(url) => Arc::new(CensusGeocoder::new(
            &url.to_string(),
            settings.geocoder_timeout,
            table,
        )?),
        None => table,
    })
}

impl Lambda {
    /// The public routes' app over the table.
    pub fn web_app(&self) -> anyhow::Result<AppState> {
        App::new(
            self.store.clone(),
            campaigns()?,
            Addresser::new(members()?, district_lookup(&self.settings)?),
            self.settings.sponsor.clone(),
            self.settings.retention,
        )
    }
}
