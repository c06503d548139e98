//! The whole system on one machine: the routers of every HTTP function,
//! merged and served by axum, with the work the table's stream feeds on AWS
//! (confirmations, and on DynamoDB the analysts' tallies) run in-process
//! after each stored letter. By default letters live on disk and emails go
//! to an outbox folder; with `AWS_ENDPOINT_URL` set, both go to DynamoDB
//! and SES at that endpoint (the moto emulator, say). With a delivery
//! service's address set (`CWC_SENATE_URL`, `CWC_HOUSE_URL`: the stand-in
//! in the test tree, say), letters of delivering campaigns go on to it.

mod admin_auth;
mod delivery;
mod functions;
mod outbox;
mod serve;
mod stream;
pub mod warehouse;

pub use admin_auth::AdminToken;
pub use delivery::LocalDelivery;
pub use functions::HttpFunctions;
pub use serve::{ServeLimits, serve};
pub use stream::Backlog;

use anyhow::Context;
use axum::Router;
use letters_aws::bootstrap;
use letters_aws::dynamodb::ChangeStream;
use letters_aws::{DynamoDbLetterStore, S3CampaignBucket, SesMailer};
use shared::adapters::{
    EmbeddedLetterStore, EmbeddedPictureStore, OutboxMailer, SiteVerify, private_files,
};
use shared::campaign::CampaignCatalog;
use shared::letter::ConfirmationStatus;
use shared::ports::{HumanCheck, LetterStore, Mailer, PictureStore, Store, TallyWriter};
use shared::publishing::pictures::Pictures;
use shared::queue::LetterConsumer;
use shared::settings::{Env, MailerSettings, Reader, Settings, SettingsError};
use shared::signing::SigningKey;
use shared::wiring::{WebAdapters, Wiring};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const DEFAULT_SENDER: &str = "Letters demo <letters@example.org>";
/// A local send that has not settled in this long is taken over.
const LEASE: Duration = Duration::from_secs(60);

/// Where letters and emails go.
#[derive(Debug, Clone)]
pub enum Backend {
    /// Letters on disk in the data directory, emails as files in its `outbox/`.
    Embedded,
    /// DynamoDB table `TABLE_NAME` (default `letters`) and SES, at `AWS_ENDPOINT_URL`.
    Aws { table: String },
}

/// The local server's settings: the functions' own, with local defaults,
/// and its port, backend and token.
#[derive(Debug, Clone)]
pub struct LocalSettings {
    /// `PORT` (default 3000), on 127.0.0.1.
    pub port: u16,
    /// `DATA_DIR` (default `.local/`): the embedded store's letters and
    /// emails, and the key that signs form tokens and links.
    pub data_dir: PathBuf,
    pub backend: Backend,
    pub settings: Settings,
    /// The mailer's settings: `SENDER_EMAIL` defaults to a demo address,
    /// `PUBLIC_URL` to the server's own.
    pub mailer: MailerSettings,
    /// `ADMIN_TOKEN`, or one made up at start.
    pub admin_token: AdminToken,
    /// How patient the server is with its clients.
    pub limits: ServeLimits,
    /// `CAPTCHA_SECRET`: the CAPTCHA provider's secret key, when the site
    /// has one (`CAPTCHA_SITE_KEY`).
    pub captcha_secret: Option<String>,
    /// Where AWS is reached, when not where `AWS_ENDPOINT_URL` says (a
    /// test's fault proxy, say).
    pub aws_endpoint: Option<String>,
    /// `CAMPAIGNS_DIR`: serve the campaign files there instead of the
    /// bundled ones, to preview a campaign before it is bundled.
    pub campaigns_dir: Option<PathBuf>,
    /// Where letters are delivered, when a service's address is set.
    pub delivery: Option<LocalDelivery>,
    /// What the in-process stream has yet to finish, for a test to wait on.
    pub backlog: Backlog,
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
            None => Backend::Embedded,
        };
        let data_dir = reader.text("DATA_DIR").unwrap_or_else(|| ".local".into());
        let captcha_secret = reader.text("CAPTCHA_SECRET");
        let admin_token = reader
            .text("ADMIN_TOKEN")
            .map_or_else(AdminToken::made_up, |token| AdminToken::new(&token));
        let delivery_key = reader.text("CWC_API_KEY");
        let mut local = Self::with_defaults(port, data_dir.into(), backend, settings, admin_token);
        local.captcha_secret = captcha_secret;
        local.campaigns_dir = reader.text("CAMPAIGNS_DIR").map(PathBuf::from);
        let mut local = reader.finish(local)?;
        local.delivery = LocalDelivery::configured(env, &local.settings, delivery_key)?;
        Ok(local)
    }

    /// Settings read from `env` alone, with this data directory, backend and
    /// token: for tests, which must not depend on the caller's environment.
    pub fn isolated(data_dir: &Path, backend: Backend, admin_token: AdminToken, env: &Env) -> Self {
        let settings = Settings::from_env(env).expect("valid test settings");
        let mut local =
            Self::with_defaults(3000, data_dir.to_owned(), backend, settings, admin_token);
        local.captcha_secret = env.get("CAPTCHA_SECRET").map(str::to_owned);
        local
    }

    fn with_defaults(
        port: u16,
        data_dir: PathBuf,
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
        // A developer may open the site as localhost as well as 127.0.0.1.
        let alias = shared::domain::Origin::parse(&format!("http://localhost:{port}"))
            .expect("localhost with a port is an origin");
        if !settings.defences.allowed_origins.contains(&alias) {
            settings.defences.allowed_origins.push(alias);
        }
        let mailer = settings.mailer().expect("sender and public URL are set");
        Self {
            limits: ServeLimits::default(),
            captcha_secret: None,
            aws_endpoint: None,
            port,
            data_dir,
            backend,
            settings,
            mailer,
            admin_token,
            delivery: None,
            campaigns_dir: None,
            backlog: Backlog::default(),
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
    /// Where share pictures are kept: `pictures/` in the data directory, or
    /// on AWS the bucket `CAMPAIGNS_BUCKET` names, when it is set.
    pictures: Arc<dyn PictureStore>,
}

/// The signing key kept in `data_dir`, made the first time.
fn signing_key(data_dir: &Path) -> anyhow::Result<SigningKey> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let path = data_dir.join("signing.key");
    if !path.exists() {
        write_secret(&path, &SigningKey::generate()?)?;
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    SigningKey::from_secret(&text).with_context(|| format!("the key in {}", path.display()))
}

/// Writes a secret that only its owner may read.
fn write_secret(path: &Path, secret: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut file = private_files::options()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(secret.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// Opens the backend. On an emulator, the table is created and the sender
/// verified if they are not yet.
async fn open(local: &LocalSettings) -> anyhow::Result<Ports> {
    let (data_dir, mailer) = (local.data_dir.as_path(), &local.mailer);
    Ok(match &local.backend {
        Backend::Embedded => {
            let outbox = data_dir.join("outbox");
            let mailer = Arc::new(OutboxMailer::new(&outbox, mailer.sender.clone())?);
            let drops = mailer.clone();
            // A withdrawn or erased letter's email goes with it: the
            // outbox would otherwise keep what its supporter had erased.
            let store = EmbeddedLetterStore::open(data_dir)?.on_withdrawn(move |letter| {
                if let ConfirmationStatus::Sent { message_id } = &letter.confirmation
                    && let Err(error) = drops.delete(message_id)
                {
                    let error = format!("{error:#}");
                    tracing::warn!(letter_id = %letter.id, error, "a withdrawn letter's email stays in the outbox");
                }
            });
            Ports {
                store: Arc::new(store),
                mailer,
                tallies: None,
                outbox: Some(outbox),
                pictures: Arc::new(EmbeddedPictureStore::open(data_dir.join("pictures"))?),
            }
        }
        Backend::Aws { table } => {
            let mut loader = letters_aws::bootstrap::Patience::WEB.loader();
            if let Some(endpoint) = &local.aws_endpoint {
                loader = loader.endpoint_url(endpoint);
            }
            let sdk_config = loader.load().await;
            let store = DynamoDbLetterStore::new(aws_sdk_dynamodb::Client::new(&sdk_config), table);
            store
                .create_table_if_missing(ChangeStream::NewImages)
                .await?;
            let ses = aws_sdk_ses::Client::new(&sdk_config);
            ses.verify_email_identity()
                .email_address(mailer.sender.email.to_string())
                .send()
                .await
                .context("verifying the sender")?;
            let store = Arc::new(store);
            let pictures: Arc<dyn PictureStore> = match &local.settings.campaigns_bucket {
                Some(bucket) => {
                    // An emulator answers at its own address, not the bucket's.
                    let s3 = aws_sdk_s3::config::Builder::from(&sdk_config)
                        .force_path_style(true)
                        .build();
                    Arc::new(S3CampaignBucket::new(
                        aws_sdk_s3::Client::from_conf(s3),
                        bucket,
                    ))
                }
                None => Arc::new(EmbeddedPictureStore::open(data_dir.join("pictures"))?),
            };
            Ports {
                store: store.clone(),
                mailer: Arc::new(SesMailer::new(ses, &mailer.sender, None)),
                tallies: Some(store),
                outbox: None,
                pictures,
            }
        }
    })
}

/// The CAPTCHA's check, when the site has one.
fn human_check(local: &LocalSettings) -> anyhow::Result<Option<Arc<dyn HumanCheck>>> {
    let Some(captcha) = &local.settings.defences.captcha else {
        return Ok(None);
    };
    let secret = local
        .captcha_secret
        .clone()
        .context("with CAPTCHA_SITE_KEY, the environment variable CAPTCHA_SECRET must be set")?;
    Ok(Some(Arc::new(SiteVerify::new(
        captcha.verify_url.clone(),
        secret,
    )?)))
}

/// Builds the whole local system: every route of every function, as API
/// Gateway would route them (the analysts' behind the token), plus the
/// outbox, behind the same token, when emails go to files; a 404 page and the security headers on
/// every response, and only this server's own host names answered.
pub async fn build(
    local: &LocalSettings,
    catalog: CampaignCatalog,
    consumers: Consumers,
) -> anyhow::Result<Router> {
    let ports = open(local).await?;
    let key = signing_key(&local.data_dir)?;
    let mut settings = local.settings.clone();
    settings.defences.body_read_deadline = local.limits.body_read;
    let wiring = Wiring {
        settings,
        catalog,
        members: bootstrap::members()?,
    };
    // Campaigns published to the store join the files; a PUT to
    // /admin/campaigns/{slug} is served at once through the shared catalog.
    shared::publishing::serve_published(&wiring.catalog, ports.store.as_ref(), &wiring.members)
        .await
        .context("reading the published campaigns")?;
    let letters: Arc<dyn LetterStore> = match consumers {
        Consumers::None => ports.store.clone(),
        Consumers::InProcess => {
            let mut in_process: Vec<(&'static str, Arc<dyn LetterConsumer>)> = Vec::new();
            let sender =
                wiring.confirmations(ports.store.clone(), ports.mailer, key.clone(), LEASE)?;
            in_process.push(("confirmation", Arc::new(sender)));
            if let Some(delivery) = &local.delivery {
                let deliverer = delivery.deliverer(&wiring, ports.store.clone())?;
                in_process.push(("delivery", Arc::new(deliverer)));
            }
            // Over the embedded store only: over DynamoDB the scheduled
            // function writes it to S3.
            if let Backend::Embedded = local.backend {
                warehouse::spawn(
                    warehouse::writer(&local.data_dir, ports.store.clone(), wiring.members.clone()),
                    wiring.catalog.clone(),
                );
            }
            Arc::new(stream::InProcessStream::new(
                ports.store.clone(),
                in_process,
                ports.tallies,
                local.backlog.clone(),
            ))
        }
    };
    let pictures = Pictures {
        painter: share_picture::draw,
        store: ports.pictures.clone(),
    };
    let publisher = wiring.publisher(pictures, key.clone());
    let admin = wiring.admin(ports.store.clone(), Some(publisher));
    let app = wiring.web(WebAdapters {
        letters,
        abuse: ports.store,
        districts: bootstrap::district_lookup(&wiring.settings)?,
        human_check: human_check(local)?,
        key,
        pictures: Some(ports.pictures),
    })?;
    let functions = HttpFunctions::default().router(app, admin, local.admin_token.clone());
    // Only the outbox's own routes: its redirect keeps the path it was given.
    let functions = match ports.outbox {
        Some(dir) => functions.merge(outbox::router(dir).route_layer(
            axum::middleware::from_fn_with_state(
                local.admin_token.clone(),
                admin_auth::require_outbox_access,
            ),
        )),
        None => functions,
    };
    Ok(shared::web::complete(
        functions.layer(axum::middleware::from_fn(serve::own_host_only)),
    ))
}
