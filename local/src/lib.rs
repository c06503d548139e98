//! The whole system on one machine: the routers of every HTTP function,
//! merged and served by axum, with the confirmation mailer run in-process
//! after each stored letter. By default letters live on disk and emails go
//! to an outbox folder; with `AWS_ENDPOINT_URL` set, both go to DynamoDB and
//! SES at that endpoint (the moto emulator, say).

mod admin_auth;
mod confirming;
mod outbox;

pub use admin_auth::AdminToken;
pub use confirming::ConfirmingStore;

use anyhow::Context;
use axum::Router;
use shared::campaign::CampaignCatalog;
use shared::config::{MailerConfig, Sponsor};
use shared::confirm::{Confirmer, Pacer};
use shared::mail::{Mailer, OutboxMailer, SesMailer};
use shared::senators::SenatorDirectory;
use shared::store::{DynamoDbLetterStore, EmbeddedLetterStore, Store};
use shared::web::admin::{self, AdminApp};
use shared::web::{App, AppState};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

const DEFAULT_SENDER: &str = "Letters demo <letters@example.org>";
/// A local send that has not settled in this long is taken over.
const LEASE: Duration = Duration::from_secs(60);

/// Where letters and emails go.
#[derive(Debug, Clone)]
pub enum Backend {
    /// Letters on disk under `DATA_DIR` (default `.local/`), emails as files
    /// in its `outbox/`.
    Embedded { data_dir: PathBuf },
    /// DynamoDB table `TABLE_NAME` (default `letters`) and SES, at `AWS_ENDPOINT_URL`.
    Aws { table: String },
}

/// The local server's settings, from the environment.
#[derive(Clone)]
pub struct LocalConfig {
    pub port: u16,
    pub backend: Backend,
    pub mailer: MailerConfig,
    /// `ADMIN_TOKEN`, or one made up at start.
    pub admin_token: AdminToken,
}

impl LocalConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        let port = match var("PORT") {
            Some(port) => port
                .parse()
                .with_context(|| format!("PORT must be a port number, not {port:?}"))?,
            None => 3000,
        };
        let backend = if var("AWS_ENDPOINT_URL").is_some() {
            Backend::Aws {
                table: var("TABLE_NAME").unwrap_or_else(|| "letters".into()),
            }
        } else {
            Backend::Embedded {
                data_dir: var("DATA_DIR").unwrap_or_else(|| ".local".into()).into(),
            }
        };
        let mailer =
            MailerConfig::from_env_or(DEFAULT_SENDER, &format!("http://127.0.0.1:{port}"))?;
        Ok(Self {
            port,
            backend,
            mailer,
            admin_token: AdminToken::from_env_or_random(),
        })
    }
}

/// The store and the mailer the backend calls for. On an emulator, the
/// table is created and the sender verified if they are not yet.
pub async fn open_backend(backend: &Backend, sender: &str) -> anyhow::Result<LocalBackend> {
    Ok(match backend {
        Backend::Embedded { data_dir } => LocalBackend {
            store: Arc::new(EmbeddedLetterStore::open(data_dir)?),
            mailer: Arc::new(OutboxMailer::new(&data_dir.join("outbox"), sender)?),
            aggregator: None,
        },
        Backend::Aws { table } => {
            let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
            let store = DynamoDbLetterStore::new(aws_sdk_dynamodb::Client::new(&sdk_config), table);
            store.create_table_if_missing().await?;
            let ses = aws_sdk_ses::Client::new(&sdk_config);
            let address = sender
                .rsplit_once('<')
                .map_or(sender, |(_, rest)| rest.trim_end_matches('>'));
            ses.verify_email_identity()
                .email_address(address)
                .send()
                .await
                .context("verifying the sender")?;
            let store = Arc::new(store);
            LocalBackend {
                store: store.clone(),
                mailer: Arc::new(SesMailer::new(ses, sender.to_owned(), None)),
                aggregator: Some(store),
            }
        }
    })
}

/// What the local system runs on.
pub struct LocalBackend {
    pub store: Arc<dyn Store>,
    pub mailer: Arc<dyn Mailer>,
    /// On DynamoDB, who keeps the analysts' tallies (the aggregator on AWS).
    pub aggregator: Option<Arc<DynamoDbLetterStore>>,
}

/// The app over the backend's store, confirming (and tallying) each new letter.
pub fn confirming_app(
    backend: LocalBackend,
    config: &MailerConfig,
    catalog: CampaignCatalog,
) -> anyhow::Result<AppState> {
    let LocalBackend {
        store,
        mailer,
        aggregator,
    } = backend;
    let senators = SenatorDirectory::bundled()?;
    let confirmer = Confirmer {
        store: store.clone(),
        mailer,
        pacer: Pacer::new(config.per_instance_rate),
        catalog: catalog.clone(),
        senators,
        sponsor: Sponsor::from_env(),
        public_url: config.public_url.clone(),
        lease: LEASE,
    };
    let store = ConfirmingStore::new(store, Arc::new(confirmer), aggregator);
    App::new(Arc::new(store), catalog)
}

/// Every route of every function, as API Gateway would route them (the
/// analysts' behind `token`), plus the outbox when emails go to files under
/// `outbox`.
pub fn router(
    state: AppState,
    admin: Arc<AdminApp>,
    token: AdminToken,
    outbox: Option<PathBuf>,
) -> Router {
    let analysts = admin::router(admin).layer(axum::middleware::from_fn_with_state(
        token,
        admin_auth::require_token,
    ));
    let functions = campaign_page::router(state.clone())
        .merge(submit_letter::router(state))
        .merge(analysts);
    match outbox {
        Some(dir) => functions.merge(outbox::router(dir)),
        None => functions,
    }
}

/// Builds the whole local system from its settings.
pub async fn build(config: &LocalConfig) -> anyhow::Result<Router> {
    let backend = open_backend(&config.backend, &config.mailer.sender).await?;
    let analytics = backend.store.clone();
    let state = confirming_app(backend, &config.mailer, CampaignCatalog::bundled()?)?;
    let admin = Arc::new(AdminApp {
        analytics,
        catalog: state.catalog.clone(),
        senators: state.senators.clone(),
    });
    let outbox = match &config.backend {
        Backend::Embedded { data_dir } => Some(data_dir.join("outbox")),
        Backend::Aws { .. } => None,
    };
    Ok(router(state, admin, config.admin_token.clone(), outbox))
}
