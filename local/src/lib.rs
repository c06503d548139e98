//! The whole system on one machine: the routers of every HTTP function,
//! merged and served by axum, with the work the table's stream feeds on AWS
//! (confirmations, and on DynamoDB the analysts' tallies) run in-process
//! after each stored letter. By default letters live on disk and emails go
//! to an outbox folder; with `AWS_ENDPOINT_URL` set, both go to DynamoDB
//! and SES at that endpoint (the moto emulator, say).

mod admin_auth;
mod outbox;
mod stream;

pub use admin_auth::AdminToken;

use anyhow::Context;
use axum::Router;
use shared::adapters::{DynamoDbLetterStore, EmbeddedLetterStore, OutboxMailer, SesMailer};
use shared::addressing::Addresser;
use shared::bootstrap;
use shared::campaign::CampaignCatalog;
use shared::confirm::{ConfirmationEmails, ConfirmationSender, Pacer};
use shared::ports::{LetterStore, Mailer, Store, TallyWriter};
use shared::settings::{Env, MailerSettings, Reader, Settings, SettingsError};
use shared::web::App;
use shared::web::admin::{self, AdminApp};
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
    /// `CAMPAIGNS_DIR`: serve the campaign files there instead of the
    /// bundled ones, to preview a campaign before it is bundled.
    pub campaigns_dir: Option<PathBuf>,
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
        let mut local = Self::with_defaults(port, backend, settings, admin_token);
        local.campaigns_dir = reader.text("CAMPAIGNS_DIR").map(PathBuf::from);
        reader.finish(local)
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
            campaigns_dir: None,
        }
    }

    /// The campaigns to serve: the files in `CAMPAIGNS_DIR` if set, checked
    /// as the bundled ones are, else the bundled ones.
    pub fn campaigns(&self) -> anyhow::Result<CampaignCatalog> {
        let Some(dir) = &self.campaigns_dir else {
            return Ok(CampaignCatalog::bundled()?);
        };
        let mut sources = Vec::new();
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let path = entry.context("listing the campaign files")?.path();
            if path.extension().is_some_and(|ext| ext == "toml") {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                sources.push((path.display().to_string(), text));
            }
        }
        Ok(CampaignCatalog::from_sources(
            sources
                .iter()
                .map(|(name, text)| (name.clone(), text.as_str())),
        )?)
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
    let members = bootstrap::members()?;
    let letters: Arc<dyn LetterStore> = match consumers {
        Consumers::None => ports.store.clone(),
        Consumers::InProcess => {
            let sender = ConfirmationSender::new(
                ports.store.clone(),
                ports.mailer,
                ConfirmationEmails::new(
                    catalog.clone(),
                    members.clone(),
                    local.settings.sponsor.clone(),
                    local.mailer.public_url.clone(),
                ),
                Pacer::new(local.mailer.per_instance_rate),
                LEASE,
            );
            Arc::new(stream::InProcessStream::new(
                ports.store.clone(),
                Arc::new(sender),
                ports.tallies,
            ))
        }
    };
    let admin = Arc::new(AdminApp {
        analytics: ports.store,
        catalog: catalog.clone(),
        members: members.clone(),
    });
    let app = App::new(
        letters,
        catalog,
        Addresser::new(members, bootstrap::district_lookup(&local.settings)?),
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
