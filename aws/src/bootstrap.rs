//! What every Lambda function's `main` starts with: logging, the settings,
//! the SDK's configuration, the DynamoDB store and the AWS adapters, built
//! once before the first event, then handed to the one wiring
//! ([`shared::wiring`]) the local server builds through too.

use crate::queue::SqsDeadLetterQueue;
use crate::{DynamoDbLetterStore, DynamoDbStream, S3CampaignBucket};
use anyhow::Context;
use aws_credential_types::provider::SharedCredentialsProvider;
use shared::adapters::{CensusGeocoder, CwcApiKeys, HttpDelivery, SiteVerify, ZctaDistrictTable};
use shared::campaign::{CampaignCatalog, bundled_files};
use shared::delivery::{ActiveOffices, Deliverer, SERVICE_ANSWER_TIMEOUT};
use shared::members::Members;
use shared::ports::{DistrictLookup, HumanCheck, PictureStore};
use shared::publishing::pictures::{Painter, Pictures};
use shared::publishing::{CampaignRefresh, Refreshed};
use shared::publishing::{Publisher, as_draft};
use shared::settings::{Env, Settings};
use shared::signing::SigningKey;
use shared::telemetry::{self, LogFormat};
use shared::web::{AppState, CdnOrigin};
use shared::wiring::{WebAdapters, Wiring};
use std::sync::Arc;
use std::time::Duration;

/// What every function starts with.
pub struct Lambda {
    /// The settings, the campaigns (the bundled files, and those published
    /// to the table, kept current by `refresh`) and the members.
    pub wiring: Wiring,
    pub sdk_config: aws_config::SdkConfig,
    /// The letters table (`TABLE_NAME`).
    pub store: Arc<DynamoDbLetterStore>,
    /// How the table's stream records read back as letters.
    pub stream: DynamoDbStream,
    pub refresh: Arc<CampaignRefresh>,
}

/// How long a function waits for AWS and how often it tries again, chosen
/// so that it always answers within its own Lambda timeout.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// One attempt at one call.
    pub attempt: Duration,
    /// One call, its retries and their backoff included.
    pub operation: Duration,
    /// Attempts at one call, the first included.
    pub max_attempts: u32,
}

impl Patience {
    /// Behind API Gateway a supporter is waiting, and the function has 10
    /// s: DynamoDB answers in milliseconds, so one second an attempt is
    /// generous; three attempts (with the SDK's backoff) in three seconds
    /// ride out a throttled moment. A letter's store work as a whole is held
    /// to seven seconds (`web::submit`), leaving time to send it back.
    pub const WEB: Self = Self {
        attempt: Duration::from_secs(1),
        operation: Duration::from_secs(3),
        max_attempts: 3,
    };

    /// Consumers of queues and streams have a minute (the mailer, paced) or
    /// more, and a message not done comes back: longer attempts, more of
    /// them, so that a slow moment is ridden out rather than retried whole.
    pub const BACKGROUND: Self = Self {
        attempt: Duration::from_secs(3),
        operation: Duration::from_secs(10),
        max_attempts: 4,
    };

    /// The SDK's configuration in a Lambda function, with these timeouts
    /// and retries: the region and credentials Lambda puts in the
    /// environment, and `AWS_ENDPOINT_URL` if set. Built by hand rather than
    /// by `aws_config`'s loader, whose chains of providers (profiles, SSO,
    /// web identity through STS, containers, the instance metadata service)
    /// a function never uses: left out, each package is smaller and starts
    /// sooner (docs/performance.md).
    pub fn lambda_sdk_config(self, settings: &Settings) -> anyhow::Result<aws_config::SdkConfig> {
        let credentials = aws_config::environment::EnvironmentVariableCredentialsProvider::new();
        let mut config = aws_config::SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(settings.aws_region()?.to_owned()))
            .credentials_provider(SharedCredentialsProvider::new(credentials))
            .http_client(https_client())
            .timeout_config(self.timeouts())
            .retry_config(self.retries());
        if let Some(url) = &settings.aws_endpoint_url {
            config = config.endpoint_url(url);
        }
        Ok(config.build())
    }

    /// The SDK's loader with these timeouts and retries, for the local
    /// server and tools, which take AWS from a developer's profile as well
    /// (an endpoint set on the loader takes the place of `AWS_ENDPOINT_URL`).
    pub fn loader(self) -> aws_config::ConfigLoader {
        sdk_loader()
            .timeout_config(self.timeouts())
            .retry_config(self.retries())
    }

    fn timeouts(self) -> aws_config::timeout::TimeoutConfig {
        aws_config::timeout::TimeoutConfig::builder()
            .connect_timeout(self.attempt)
            .operation_attempt_timeout(self.attempt)
            .operation_timeout(self.operation)
            .build()
    }

    fn retries(self) -> aws_config::retry::RetryConfig {
        aws_config::retry::RetryConfig::standard().with_max_attempts(self.max_attempts)
    }
}

/// The SDK's HTTPS client: rustls on ring, the crypto the CAPTCHA and
/// delivery clients (reqwest) use too, so that a package carries one TLS
/// stack rather than two; trusting Mozilla's roots compiled in, as reqwest
/// does, rather than reading the system's at each start (docs/performance.md).
fn https_client() -> aws_sdk_dynamodb::config::SharedHttpClient {
    use aws_smithy_http_client::tls::{Provider, TlsContext, rustls_provider::CryptoMode};
    let context = TlsContext::builder()
        .with_trust_store(compiled_in_roots())
        .build()
        .expect("a trust store of certificates alone always builds");
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .tls_context(context)
        .build_https()
}

/// Mozilla's root certificates from `webpki-root-certs`, in the PEM the
/// SDK's trust store takes. The system's store, which the SDK reads by
/// default, costs a read of every file in its directory and a parse of
/// each root two or three times over (the bundle, the per-root files).
fn compiled_in_roots() -> aws_smithy_http_client::tls::TrustStore {
    use base64::Engine;
    let pem: String = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| {
            let body = base64::engine::general_purpose::STANDARD.encode(der);
            format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n")
        })
        .collect();
    aws_smithy_http_client::tls::TrustStore::empty()
        .with_native_roots(false)
        .with_pem_certificate(pem)
}

/// The SDK's loader with the SDK's own timeouts and retries and our HTTPS
/// client, for the tools and tests: AWS from a developer's profile or the
/// environment. Every SDK configuration in this workspace starts here or
/// in [`Patience`], as the SDK crates come without a client of their own.
pub fn sdk_loader() -> aws_config::ConfigLoader {
    aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(https_client())
}

/// Starts a function: JSON logs, settings read, SDK configured with
/// `patience`, store built.
pub async fn lambda(patience: Patience) -> anyhow::Result<Lambda> {
    telemetry::init(LogFormat::Json);
    let settings = Settings::from_env(&Env::from_process())?;
    let sdk_config = patience.lambda_sdk_config(&settings)?;
    let store = Arc::new(DynamoDbLetterStore::new(
        aws_sdk_dynamodb::Client::new(&sdk_config),
        settings.table_name()?,
    ));
    let wiring = Wiring {
        settings,
        catalog: campaigns()?,
        members: members()?,
    };
    let refresh = Arc::new(CampaignRefresh::new(
        wiring.catalog.clone(),
        store.clone(),
        wiring.members.clone(),
        shared::publishing::REFRESH_AFTER,
    ));
    Ok(Lambda {
        wiring,
        sdk_config,
        store,
        stream: DynamoDbStream,
        refresh,
    })
}

/// The text of the Secrets Manager secret `arn`. It is never logged, and
/// no error quotes it.
pub async fn secret_text(sdk_config: &aws_config::SdkConfig, arn: &str) -> anyhow::Result<String> {
    let value = aws_sdk_secretsmanager::Client::new(sdk_config)
        .get_secret_value()
        .secret_id(arn)
        .send()
        .await
        .with_context(|| format!("reading the secret {arn}"))?;
    Ok(value
        .secret_string()
        .with_context(|| format!("the secret {arn} holds no text"))?
        .to_owned())
}

/// The campaigns bundled into the binary, as drafts: on a stack the table
/// says what is live (a fresh one is seeded with them as drafts,
/// `publishing::seed_bundled`), so none is public before staff launch it,
/// not even before the seeding has run.
pub fn campaigns() -> anyhow::Result<CampaignCatalog> {
    let drafts = bundled_files()
        .map(|file| file.map(|(name, text)| (name, as_draft(text))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CampaignCatalog::from_sources(
        drafts
            .iter()
            .map(|(name, text)| (name.clone(), text.as_str())),
    )?)
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
/// geocoder when `CENSUS_GEOCODER_URL` is set.
pub fn district_lookup(settings: &Settings) -> anyhow::Result<Arc<dyn DistrictLookup>> {
    let table = zcta_table(settings)?;
    Ok(match &settings.census_geocoder_url {
        Some(url) => Arc::new(CensusGeocoder::new(
            &url.to_string(),
            settings.geocoder_timeout,
            table,
        )?),
        None => table,
    })
}

/// The bundled ZIP-code table alone; its date is logged.
fn zcta_table(settings: &Settings) -> anyhow::Result<Arc<dyn DistrictLookup>> {
    let table = ZctaDistrictTable::bundled()?;
    tracing::info!(
        snapshot_date = table.table_date(),
        geocoder = settings.census_geocoder_url.is_some(),
        "loaded the ZIP-code table"
    );
    Ok(Arc::new(table))
}

/// The chambers' lists of active offices bundled into the binary; when
/// they were loaded is logged.
pub fn active_offices() -> anyhow::Result<ActiveOffices> {
    let offices = ActiveOffices::bundled()?;
    tracing::info!(retrieved = offices.retrieved(), "loaded the active offices");
    Ok(offices)
}

impl Lambda {
    /// The campaigns bucket `name`, through this function's SDK configuration.
    pub fn campaign_bucket(&self, name: &str) -> S3CampaignBucket {
        S3CampaignBucket::new(aws_sdk_s3::Client::new(&self.sdk_config), name)
    }

    /// Where the pictures of campaigns published live are kept: the
    /// campaigns bucket (`CAMPAIGNS_BUCKET`), when the stack names one.
    pub fn picture_store(&self) -> Option<Arc<dyn PictureStore>> {
        let name = self.settings().campaigns_bucket.as_deref()?;
        Some(Arc::new(self.campaign_bucket(name)))
    }

    /// What a function that publishes through the admin route needs:
    /// share pictures drawn with `painter` (`share_picture::draw`, which
    /// only such a function links) and kept in the campaigns bucket, and
    /// the signing key for drafts' preview links.
    pub async fn publisher(&self, painter: Painter) -> anyhow::Result<Publisher> {
        let store = self
            .picture_store()
            .context("the environment variable CAMPAIGNS_BUCKET must be set")?;
        let pictures = Pictures { painter, store };
        Ok(self.wiring.publisher(pictures, self.signing_key().await?))
    }

    /// The warehouse's files, in the bucket `WAREHOUSE_BUCKET` names.
    pub fn warehouse_files(&self) -> anyhow::Result<crate::S3WarehouseFiles> {
        let bucket = Env::from_process()
            .get("WAREHOUSE_BUCKET")
            .map(str::to_owned)
            .context("the environment variable WAREHOUSE_BUCKET must be set")?;
        Ok(crate::S3WarehouseFiles::new(
            aws_sdk_s3::Client::new(&self.sdk_config),
            bucket,
        ))
    }

    /// The deliverer over the table, sending through the chambers' services
    /// with the keys read once from Secrets Manager.
    pub async fn deliverer(&self) -> anyhow::Result<Deliverer> {
        let settings = self.settings().delivery()?;
        let secret = settings
            .api_keys_secret
            .as_deref()
            .context("the environment variable CWC_API_KEYS_SECRET_ARN must be set")?;
        let keys = CwcApiKeys::from_secret_text(&self.secret(secret).await?)?;
        let service = Arc::new(HttpDelivery::new(&settings, keys, SERVICE_ANSWER_TIMEOUT)?);
        let offices = active_offices()?;
        Ok(self
            .wiring
            .deliverer(self.store.clone(), service, settings, offices))
    }

    /// The delivery queue's dead-letter queue
    /// (`DELIVERY_DEAD_LETTER_QUEUE_URL`), where a letter held until a
    /// setting is fixed waits for staff.
    pub fn delivery_dead_letters(&self) -> anyhow::Result<SqsDeadLetterQueue> {
        let url = self.settings().delivery_dead_letter_queue_url()?;
        Ok(SqsDeadLetterQueue::new(
            aws_sdk_sqs::Client::new(&self.sdk_config),
            url,
        ))
    }

    pub fn settings(&self) -> &Settings {
        &self.wiring.settings
    }

    /// The deployment's signing key, from the Secrets Manager secret
    /// `SIGNING_KEY_SECRET_ARN` names: read once, at start.
    pub async fn signing_key(&self) -> anyhow::Result<SigningKey> {
        let secret = self
            .settings()
            .defences
            .signing_key_secret
            .as_deref()
            .context("the environment variable SIGNING_KEY_SECRET_ARN must be set")?;
        Ok(SigningKey::from_secret(&self.secret(secret).await?)?)
    }

    /// The text of the Secrets Manager secret `arn`.
    async fn secret(&self, arn: &str) -> anyhow::Result<String> {
        secret_text(&self.sdk_config, arn).await
    }

    /// Proof of the CDN's requests, when the stack has one
    /// (`CDN_ORIGIN_SECRET_ARN`): read once, at start.
    pub async fn cdn_origin(&self) -> anyhow::Result<Option<CdnOrigin>> {
        let Some(arn) = self.settings().defences.cdn_origin_secret.as_deref() else {
            return Ok(None);
        };
        Ok(Some(CdnOrigin::new(&self.secret(arn).await?)))
    }

    /// The CAPTCHA's check, for a function that takes letters on a site
    /// that has one: its provider's secret key from `CAPTCHA_SECRET_ARN`.
    async fn human_check(&self) -> anyhow::Result<Option<Arc<dyn HumanCheck>>> {
        let Some(captcha) = &self.settings().defences.captcha else {
            return Ok(None);
        };
        let Some(arn) = captcha.secret_arn.as_deref() else {
            return Ok(None);
        };
        let check = SiteVerify::new(captcha.verify_url.clone(), self.secret(arn).await?)?;
        Ok(Some(Arc::new(check)))
    }

    /// `router`, with the published campaigns current before each request.
    pub fn refreshed(&self, router: axum::Router) -> axum::Router {
        router.layer(axum::middleware::from_fn_with_state(
            self.refresh.clone(),
            shared::publishing::refreshed,
        ))
    }

    /// `consumer`, with the published campaigns current before each letter.
    pub fn refreshed_consumer<C>(&self, consumer: C) -> Refreshed<C> {
        Refreshed {
            refresh: self.refresh.clone(),
            consumer,
        }
    }

    /// The public routes' app over the table, for a function that takes
    /// letters: districts found with the geocoder where one is set, the
    /// CAPTCHA checked where the site has one.
    pub async fn web_app(&self) -> anyhow::Result<AppState> {
        let districts = district_lookup(self.settings())?;
        self.app(districts, self.human_check().await?).await
    }

    /// The public routes' app for a function that only shows pages: it
    /// never asks the geocoder or the CAPTCHA's provider, so neither is
    /// built, nor linked into it.
    pub async fn page_app(&self) -> anyhow::Result<AppState> {
        self.app(zcta_table(self.settings())?, None).await
    }

    async fn app(
        &self,
        districts: Arc<dyn DistrictLookup>,
        human_check: Option<Arc<dyn HumanCheck>>,
    ) -> anyhow::Result<AppState> {
        self.wiring.web(WebAdapters {
            letters: self.store.clone(),
            abuse: self.store.clone(),
            districts,
            human_check,
            key: self.signing_key().await?,
            pictures: self.picture_store(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_client_takes_every_compiled_in_root() {
        // The client parses its trust store as it is built, and panics on
        // a certificate it cannot read or take as a root.
        let _client = https_client();
        assert!(webpki_root_certs::TLS_SERVER_ROOT_CERTS.len() > 100);
    }

    #[test]
    fn a_function_takes_its_region_and_endpoint_from_lambda_s_environment() {
        let env = Env::from_pairs([
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:5055"),
        ]);
        let settings = Settings::from_env(&env).unwrap();
        let config = Patience::WEB.lambda_sdk_config(&settings).unwrap();
        assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-1"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:5055"));
        assert!(config.credentials_provider().is_some());
        let retries = config.retry_config().unwrap();
        assert_eq!(retries.max_attempts(), Patience::WEB.max_attempts);
    }

    #[test]
    fn a_function_serves_the_bundled_campaigns_as_drafts_until_staff_launch_them() {
        let catalog = campaigns().unwrap();
        assert!(catalog.all().count() >= 1);
        assert!(catalog.all().all(|campaign| campaign.is_draft()));
        assert_eq!(catalog.open().count(), 0);
    }

    #[test]
    fn a_function_without_a_region_says_which_variable_is_missing() {
        let settings = Settings::from_env(&Env::from_pairs([])).unwrap();
        let error = Patience::WEB.lambda_sdk_config(&settings).unwrap_err();
        assert!(error.to_string().contains("AWS_REGION"), "{error}");
    }
}
