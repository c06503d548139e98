//! The whole system on one machine: the routers of every HTTP function,
//! merged and served by axum, with the work the table's stream feeds on AWS
//! (confirmations, and on DynamoDB the analysts' tallies) run in-process
//! after each stored letter. By default letters live on disk and emails go
//! to an outbox folder; with `AWS_ENDPOINT_URL` set, both go to DynamoDB
//! and SES at that endpoint (the moto emulator, say). With a delivery
//! service's address set (`CWC_SENATE_URL`, `CWC_HOUSE_URL`: the stand-in
//! in the test tree, say), letters of delivering campaigns go on to it.

mod admin_auth;
mod outbox;
mod stream;

pub use admin_auth::AdminToken;

use anyhow::Context;
use axum::Router;
use shared::adapters::{
    ApiKey, CwcApiKeys, DynamoDbLetterStore, EmbeddedLetterStore, HttpDelivery, OutboxMailer,
    SesMailer,
};
use shared::campaign::CampaignCatalog;
use shared::confirm::{ConfirmationEmails, ConfirmationSender, Pacer};
use shared::delivery::{ActiveOffices, Deliverer, DeliveryContext};
use shared::ports::{LetterStore, Mailer, Store, TallyWriter};
use shared::queue::LetterConsumer;
use shared::senators::SenatorDirectory;
use shared::settings::{DeliverySettings, Env, MailerSettings, Reader, Settings, SettingsError};
use shared::web::App;
use shared::web::admin::{self, AdminApp};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

const DEFAULT_SENDER: &str = "Letters demo <letters@example.org>";
/// A local send that has not settled in this long is taken over.
const LEASE: Duration = Duration::from_secs(60);
/// How long a delivery service may take to answer, locally.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// Where letters and emails go.
#[derive(Debug, Clone)]
pub enum Backend {
    /// Letters on disk under `DATA_DIR` (default `.local/`), emails as files
    /// in its `outbox/`.
    Embedded { data_dir: PathBuf },
    /// DynamoDB table `TABLE_NAME` (default `letters`) and SES, at `AWS_ENDPOINT_URL`.
    Aws { table: String },
}

/// The local server's settings: the functions' own, with local defaults,
/// and its port, backend and token.
#[derive(Debug, Clone)]
pub struct LocalSettings {
    /// `PORT` (default 3000), on 127.0.0.1.
    pub port: u16,
    pub backend: Backend,
    pub settings: Settings,
    /// The mailer's settings: `SENDER_EMAIL` defaults to a demo address,
    /// `PUBLIC_URL` to the server's own.
    pub mailer: MailerSettings,
    /// `ADMIN_TOKEN`, or one made up at start.
    pub admin_token: AdminToken,
    /// Where letters are delivered, when a service's address is set.
    pub delivery: Option<LocalDelivery>,
}

/// Delivery on one machine: the settings, the key every service takes
/// (`CWC_API_KEY`: locally an environment value, unlike on AWS) and the
/// active offices.
#[derive(Debug, Clone)]
pub struct LocalDelivery {
    pub settings: DeliverySettings,
    pub keys: CwcApiKeys,
    pub offices: ActiveOffices,
    /// How long a service may take to answer one message.
    pub timeout: Duration,
}

impl LocalSettings {
    pub fn from_env(env: &Env) -> Result<Self, SettingsError> {
        let mut reader = Reader::new(env);
        let port = reader
            .parsed("PORT", |raw| {
                raw.parse::<u16>().map_err(|_| "a port number".to_owned())
            })
            .unwrap_or(3000);
        let settings = Settings::read(&mut reader);
        let backend = match env.get("AWS_ENDPOINT_URL") {
            Some(_) => Backend::Aws {
                table: settings
                    .table_name
                    .clone()
                    .unwrap_or_else(|| "letters".into()),
            },
            None => Backend::Embedded {
                data_dir: reader
                    .text("DATA_DIR")
                    .unwrap_or_else(|| ".local".into())
                    .into(),
            },
        };
        let admin_token = reader
            .text("ADMIN_TOKEN")
            .map_or_else(AdminToken::made_up, |token| AdminToken::new(&token));
        let key = reader.text("CWC_API_KEY").map(ApiKey::new);
        let delivers = ["CWC_SENATE_URL", "CWC_HOUSE_URL"]
            .iter()
            .any(|name| env.get(name).is_some());
        let mut local = reader.finish(Self::with_defaults(port, backend, settings, admin_token))?;
        if delivers {
            local.delivery = Some(LocalDelivery {
                settings: local.settings.delivery()?,
                keys: CwcApiKeys {
                    senate: key.clone(),
                    house: key,
                },
                offices: ActiveOffices::bundled().expect(
                    "the bundled list of active offices is valid (shared's tests check it)",
                ),
                timeout: DELIVERY_TIMEOUT,
            });
        }
        Ok(local)
    }

    /// Settings read from nothing: the backend, the token, and every
    /// default. For tests, which must not depend on the caller's environment.
    pub fn isolated(backend: Backend, admin_token: AdminToken) -> Self {
        let settings = Settings::from_env(&Env::default()).expect("the defaults are valid");
        Self::with_defaults(3000, backend, settings, admin_token)
    }

    fn with_defaults(
        port: u16,
        backend: Backend,
        mut settings: Settings,
        admin_token: AdminToken,
    ) -> Self {
        settings
            .sender
            .get_or_insert_with(|| DEFAULT_SENDER.parse().expect("a valid mailbox"));
        settings.public_url.get_or_insert_with(|| {
            format!("http://127.0.0.1:{port}")
                .parse()
                .expect("a valid URL")
        });
        let mailer = settings.mailer().expect("sender and public URL are set");
        Self {
            port,
            backend,
            settings,
            mailer,
            admin_token,
            delivery: None,
        }
    }
}

/// Whether stored letters are confirmed (and tallied) in-process, as the
/// table's stream has them on AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consumers {
    /// As the local server runs: every stored letter is followed up at once.
    InProcess,
    /// Nothing follows a stored letter, for tests that drive the stream's
    /// consumers themselves.
    None,
}

/// The ports a backend provides.
struct Ports {
    store: Arc<dyn Store>,
    mailer: Arc<dyn Mailer>,
    /// Who keeps the analysts' tallies, where the store does not itself.
    tallies: Option<Arc<dyn TallyWriter>>,
    /// Where emails are written, when they are files.
    outbox: Option<PathBuf>,
}

/// Opens the backend. On an emulator, the table is created and the sender
/// verified if they are not yet.
async fn open(backend: &Backend, mailer: &MailerSettings) -> anyhow::Result<Ports> {
    Ok(match backend {
        Backend::Embedded { data_dir } => {
            let outbox = data_dir.join("outbox");
            Ports {
                store: Arc::new(EmbeddedLetterStore::open(data_dir)?),
                mailer: Arc::new(OutboxMailer::new(&outbox, mailer.sender.clone())?),
                tallies: None,
                outbox: Some(outbox),
            }
        }
        Backend::Aws { table } => {
            let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
            let store = DynamoDbLetterStore::new(aws_sdk_dynamodb::Client::new(&sdk_config), table);
            store.create_table_if_missing().await?;
            let ses = aws_sdk_ses::Client::new(&sdk_config);
            ses.verify_email_identity()
                .email_address(mailer.sender.email.to_string())
                .send()
                .await
                .context("verifying the sender")?;
            let store = Arc::new(store);
            Ports {
                store: store.clone(),
                mailer: Arc::new(SesMailer::new(ses, &mailer.sender, None)),
                tallies: Some(store),
                outbox: None,
            }
        }
    })
}

/// Builds the whole local system: every route of every function, as API
/// Gateway would route them (the analysts' behind the token), plus the
/// outbox when emails go to files.
pub async fn build(
    local: &LocalSettings,
    catalog: CampaignCatalog,
    consumers: Consumers,
) -> anyhow::Result<Router> {
    let ports = open(&local.backend, &local.mailer).await?;
    let senators = SenatorDirectory::bundled()?;
    tracing::info!(
        snapshot_date = senators.snapshot_date(),
        "loaded Senator data"
    );
    let letters: Arc<dyn LetterStore> = match consumers {
        Consumers::None => ports.store.clone(),
        Consumers::InProcess => {
            let mut in_process: Vec<(&'static str, Arc<dyn LetterConsumer>)> = Vec::new();
            let sender = ConfirmationSender::new(
                ports.store.clone(),
                ports.mailer,
                ConfirmationEmails::new(
                    catalog.clone(),
                    senators.clone(),
                    local.settings.sponsor.clone(),
                    local.mailer.public_url.clone(),
                ),
                Pacer::new(local.mailer.per_instance_rate),
                LEASE,
            );
            in_process.push(("confirmation", Arc::new(sender)));
            if let Some(delivery) = &local.delivery {
                let deliverer =
                    deliverer(local, delivery, &catalog, &senators, ports.store.clone())?;
                in_process.push(("delivery", Arc::new(deliverer)));
            }
            Arc::new(stream::InProcessStream::new(
                ports.store.clone(),
                in_process,
                ports.tallies,
            ))
        }
    };
    let admin = Arc::new(AdminApp {
        analytics: ports.store,
        catalog: catalog.clone(),
        senators: senators.clone(),
    });
    let app = App::new(
        letters,
        catalog,
        senators,
        local.settings.sponsor.clone(),
        local.settings.retention,
    )?;
    let analysts = admin::router(admin).layer(axum::middleware::from_fn_with_state(
        local.admin_token.clone(),
        admin_auth::require_token,
    ));
    let functions = campaign_page::router(app.clone())
        .merge(submit_letter::router(app))
        .merge(analysts);
    Ok(match ports.outbox {
        Some(dir) => functions.merge(outbox::router(dir)),
        None => functions,
    })
}

/// The deliverer over the local store, sending to the configured services.
fn deliverer(
    local: &LocalSettings,
    delivery: &LocalDelivery,
    catalog: &CampaignCatalog,
    senators: &SenatorDirectory,
    store: Arc<dyn Store>,
) -> anyhow::Result<Deliverer> {
    let service = HttpDelivery::new(&delivery.settings, delivery.keys.clone(), delivery.timeout)?;
    let context = DeliveryContext {
        catalog: catalog.clone(),
        senators: senators.clone(),
        offices: delivery.offices.clone(),
        settings: delivery.settings.clone(),
        organization: local.settings.sponsor.name.clone(),
    };
    Ok(Deliverer::new(
        store,
        Arc::new(service),
        context,
        Pacer::new(delivery.settings.per_instance_rate),
    ))
}
