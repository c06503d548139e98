//! `spawn_app()` and the typed helpers every test uses. The app is the
//! local server's, built by the same `local::build`.

use letters_aws::DynamoDbLetterStore;
use letters_aws::dynamodb::ChangeStream;
use local::{AdminToken, Backend, Backlog, Consumers, LocalDelivery, LocalSettings, ServeLimits};
use reqwest::{Client, Response, redirect};
use serde_json::Value;
use shared::campaign::CampaignCatalog;
use shared::clock::Clock;
use shared::fixtures::test_catalog;
use shared::settings::Env;
use std::sync::{Arc, Mutex, Once};
use tempfile::TempDir;

pub use shared::fixtures::{CLOSED, LAUNCH, OTHER_OPEN};

/// The token the analysts' routes take in tests.
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// A running app and a client that does not follow redirects.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    /// The data directory (the embedded store, the signing key), kept as
    /// long as the app.
    pub data_dir: TempDir,
    /// The app's clock: the system's unless the test stopped it.
    pub clock: Clock,
    backlog: Backlog,
}

/// The settings tests run with: those of a deployment, but that a person
/// may send a form at once (the timing check has tests of its own).
pub const TEST_ENV: [(&str, &str); 1] = [("MIN_FILL_SECONDS", "0")];

/// Read by every test's app unless its test says otherwise: the public
/// count as the store has it, not as remembered (the count's cache has
/// tests of its own, in `caught`).
const COUNT_AS_STORED: (&str, &str) = ("COUNT_CACHE_SECONDS", "0");

fn init_logging() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            shared::telemetry::init(shared::telemetry::LogFormat::Text);
        }
    });
}

/// The log lines written on the test's thread while it lives (the test's
/// runtime runs its tasks there too), as JSON objects, as on Lambda.
pub struct CapturedLogs {
    written: Appender,
    _scope: tracing::dispatcher::DefaultGuard,
}

/// Appends what it is given to a buffer shared with its clones.
#[derive(Clone, Default)]
struct Appender(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Appender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLogs {
    pub fn start() -> Self {
        use tracing_subscriber::util::SubscriberInitExt;
        let written = Appender::default();
        let writer = written.clone();
        let scope = tracing_subscriber::fmt()
            .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
            .with_writer(move || writer.clone())
            .json()
            .with_current_span(false)
            .set_default();
        Self {
            written,
            _scope: scope,
        }
    }

    /// Every line so far, each parsed.
    pub fn lines(&self) -> Vec<Value> {
        let written = self.written.0.lock().unwrap();
        String::from_utf8_lossy(&written)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    /// The lines whose message is `message`.
    pub fn with_message(&self, message: &str) -> Vec<Value> {
        let lines = self.lines();
        lines
            .into_iter()
            .filter(|line| line["fields"]["message"] == message)
            .collect()
    }
}

/// The local server over a fresh embedded store in a temporary directory,
/// confirming each letter as it does.
pub async fn spawn_app() -> TestApp {
    spawn_embedded(test_catalog(false)).await
}

/// The local server over a fresh embedded store, serving `catalog`.
pub async fn spawn_embedded(catalog: CampaignCatalog) -> TestApp {
    spawn_app_on(Backend::Embedded, catalog, Consumers::InProcess).await
}

/// The local server on `backend`, serving `catalog`, with the stream's
/// consumers run in-process or left to the test.
pub async fn spawn_app_on(
    backend: Backend,
    catalog: CampaignCatalog,
    consumers: Consumers,
) -> TestApp {
    spawn_with(
        backend,
        catalog,
        consumers,
        &TEST_ENV,
        ServeLimits::default(),
    )
    .await
}

/// The local server with settings read from `env` and served within `limits`.
pub async fn spawn_with(
    backend: Backend,
    catalog: CampaignCatalog,
    consumers: Consumers,
    env: &[(&str, &str)],
    limits: ServeLimits,
) -> TestApp {
    Spawn {
        catalog,
        consumers,
        env,
        limits,
        ..Spawn::new(backend)
    }
    .start()
    .await
}

/// A second instance beside `first`: its own data directory, but the same
/// signing key and clock, as every instance of a deployment shares one key
/// and reads one time.
pub async fn spawn_beside(
    first: &TestApp,
    backend: Backend,
    consumers: Consumers,
    env: &[(&str, &str)],
) -> TestApp {
    let spawn = Spawn {
        consumers,
        env,
        clock: first.clock.clone(),
        ..Spawn::new(backend)
    };
    let key = "signing.key";
    std::fs::copy(
        first.data_dir.path().join(key),
        spawn.data_dir.path().join(key),
    )
    .unwrap();
    spawn.start().await
}

/// How a test's local server is made.
pub struct Spawn<'a> {
    pub data_dir: TempDir,
    pub backend: Backend,
    pub catalog: CampaignCatalog,
    pub consumers: Consumers,
    pub env: &'a [(&'a str, &'a str)],
    pub limits: ServeLimits,
    /// Where AWS is reached instead of `AWS_ENDPOINT_URL` (a fault proxy).
    pub aws_endpoint: Option<String>,
    /// Where letters are delivered (a stand-in), if anywhere.
    pub delivery: Option<LocalDelivery>,
    pub clock: Clock,
}

impl Spawn<'_> {
    pub fn new(backend: Backend) -> Self {
        Self {
            data_dir: TempDir::new().unwrap(),
            backend,
            catalog: test_catalog(false),
            consumers: Consumers::InProcess,
            env: &TEST_ENV,
            limits: ServeLimits::default(),
            aws_endpoint: None,
            delivery: None,
            clock: Clock::system(),
        }
    }

    pub async fn start(self) -> TestApp {
        init_logging();
        let env = Env::from_pairs(std::iter::once(COUNT_AS_STORED).chain(self.env.iter().copied()));
        let token = AdminToken::new(ADMIN_TOKEN);
        let mut local = LocalSettings::isolated(self.data_dir.path(), self.backend, token, &env);
        local.limits = self.limits;
        local.aws_endpoint = self.aws_endpoint;
        local.delivery = self.delivery;
        local.settings.defences.clock = self.clock.clone();
        let backlog = local.backlog.clone();
        let router = local::build(&local, self.catalog, self.consumers)
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let pending = std::future::pending();
        tokio::spawn(local::serve(listener, router, local.limits, pending));
        let client = Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            address,
            client,
            data_dir: self.data_dir,
            clock: self.clock,
            backlog,
        }
    }
}

/// A valid letter from `email` in `state`, as JSON, without the form's
/// hidden fields (the posting helpers add a token).
pub fn letter_json(email: &str, state: &str) -> Value {
    let mut letter = serde_json::to_value(shared::fixtures::letter_form(state, email)).unwrap();
    let fields = letter.as_object_mut().unwrap();
    fields.remove("form_token");
    fields.remove("website");
    letter
}

/// The same letter as form fields (the opt-in left unticked).
pub fn letter_form(email: &str, state: &str) -> Vec<(String, String)> {
    let Value::Object(fields) = letter_json(email, state) else {
        unreachable!()
    };
    fields
        .into_iter()
        .filter_map(|(name, value)| value.as_str().map(|text| (name, text.to_owned())))
        .collect()
}

/// Replaces (or adds) a form field.
pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(field, _)| field != name);
    fields.push((name.into(), value.into()));
}

/// The form token in a page the app served (empty in a page as first served).
pub fn token_in(html: &str) -> String {
    let (_, rest) = html
        .split_once("name=\"form_token\" value=\"")
        .expect("the page carries a form token");
    rest.split('"').next().unwrap().to_owned()
}

impl TestApp {
    /// Waits until the in-process stream has done all it will with every
    /// letter so far (sent its email, delivered it, tallied it), so that a
    /// test may assert what was sent, and what was not.
    pub async fn settled(&self) {
        self.backlog.settled().await;
    }

    /// `POST /admin/erase` of every letter `email` wrote, with the token.
    pub async fn erase(&self, email: &str) -> Response {
        self.client
            .post(format!("{}/admin/erase", self.address))
            .bearer_auth(ADMIN_TOKEN)
            .json(&serde_json::json!({ "email": email }))
            .send()
            .await
            .unwrap()
    }

    /// A fresh form token, as the page's script fetches it.
    pub async fn form_token(&self, slug: &str) -> String {
        let response = self.get(&format!("/c/{slug}/form-token")).await;
        let body: Value = response.json().await.unwrap();
        body["form_token"].as_str().unwrap().to_owned()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    /// Posts the form's fields, with a fresh form token unless they hold one.
    pub async fn post_form(&self, slug: &str, fields: &[(String, String)]) -> Response {
        let mut fields = fields.to_vec();
        if !fields.iter().any(|(name, _)| name == "form_token") {
            fields.push(("form_token".into(), self.form_token(slug).await));
        }
        self.client
            .post(self.letters_url(slug))
            .form(&fields)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_json(&self, slug: &str, body: &Value) -> Response {
        self.json_request(slug, body).await.send().await.unwrap()
    }

    /// A JSON letter, with a fresh form token unless it holds one.
    pub async fn json_request(&self, slug: &str, body: &Value) -> reqwest::RequestBuilder {
        let mut body = body.clone();
        if body["form_token"].as_str().unwrap_or_default().is_empty() {
            body["form_token"] = self.form_token(slug).await.into();
        }
        self.client.post(self.letters_url(slug)).json(&body)
    }

    /// Sends `n` copies of a request at once; their statuses.
    pub async fn concurrently(&self, n: usize, request: reqwest::RequestBuilder) -> Vec<u16> {
        let sent: Vec<_> = (0..n)
            .map(|_| tokio::spawn(request.try_clone().unwrap().send()))
            .collect();
        let mut statuses = Vec::new();
        for response in sent {
            statuses.push(response.await.unwrap().unwrap().status().as_u16());
        }
        statuses
    }

    /// Posts raw bytes with the given content type (if any), as they are.
    pub async fn post_raw(
        &self,
        slug: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Response {
        let mut request = self.client.post(self.letters_url(slug)).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        request.send().await.unwrap()
    }

    /// A GET with the analysts' bearer token, or with `token` if given.
    pub async fn admin_get(&self, path: &str, token: Option<&str>) -> Response {
        let mut request = self.client.get(format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    pub async fn count(&self, slug: &str) -> u64 {
        let body: Value = self
            .get(&format!("/c/{slug}/count"))
            .await
            .json()
            .await
            .unwrap();
        body["count"].as_u64().unwrap()
    }

    fn letters_url(&self, slug: &str) -> String {
        format!("{}/c/{slug}/letters", self.address)
    }
}

/// A fresh table's name in the moto server, so tests run in parallel
/// without sharing state.
pub fn fresh_table() -> String {
    assert!(
        std::env::var_os("AWS_ENDPOINT_URL").is_some(),
        "AWS_ENDPOINT_URL is not set: run the suite with scripts/test, which starts the moto server"
    );
    format!("letters-{}", uuid::Uuid::new_v4())
}

/// A DynamoDB store on a table of its own in the moto server; with a client
/// and the table's name to read items back.
pub async fn dynamodb_table() -> (DynamoDbLetterStore, aws_sdk_dynamodb::Client, String) {
    dynamodb_table_at(&moto()).await
}

/// The moto server's address.
pub fn moto() -> String {
    std::env::var("AWS_ENDPOINT_URL").expect("AWS_ENDPOINT_URL is set by scripts/test")
}

/// A DynamoDB store on a fresh table, reached through `endpoint` (a fault
/// proxy in front of moto, say).
pub async fn dynamodb_table_at(
    endpoint: &str,
) -> (DynamoDbLetterStore, aws_sdk_dynamodb::Client, String) {
    let table = fresh_table();
    let sdk_config = letters_aws::bootstrap::sdk_loader()
        .endpoint_url(endpoint)
        .load()
        .await;
    let client = aws_sdk_dynamodb::Client::new(&sdk_config);
    let store = DynamoDbLetterStore::new(client.clone(), table.clone());
    store
        .create_table_if_missing(ChangeStream::NewImages)
        .await
        .unwrap();
    (store, client, table)
}

/// The local server over `table` in the moto server, leaving the stream's
/// consumers to the test.
pub async fn spawn_on_table(table: &str) -> TestApp {
    let backend = Backend::Aws {
        table: table.to_owned(),
    };
    spawn_app_on(backend, test_catalog(false), Consumers::None).await
}

/// The table's items whose key starts with `prefix`, read back by a test's
/// own scan (the application never scans).
pub async fn items_with_prefix(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    prefix: &str,
) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
    let items = client
        .scan()
        .table_name(table)
        .send()
        .await
        .unwrap()
        .items
        .unwrap();
    items
        .into_iter()
        .filter(|item| item["pk"].as_s().unwrap().starts_with(prefix))
        .collect()
}

/// The share picture `slug`'s page (with any query after it: `sesta?lang=es`)
/// names in `og:image` (and, the same, in `twitter:image`), fetched and
/// checked to be a 1200×630 PNG: its path and its bytes.
pub async fn share_picture_of(app: &TestApp, slug: &str) -> (String, Vec<u8>) {
    let page = app.get(&format!("/c/{slug}")).await.text().await.unwrap();
    let meta = |attribute: &str| {
        let pattern =
            regex_lite::Regex::new(&format!(r#"{attribute}" content="([^"]+)""#)).unwrap();
        pattern.captures(&page).map(|found| found[1].to_owned())
    };
    let picture = meta("og:image").expect("the page names a share picture");
    assert_eq!(meta("twitter:image").as_ref(), Some(&picture));
    // The page's address is the site's (PUBLIC_URL), not the test server's.
    let path = &picture[picture.find("/c/").expect("a campaign's path")..];
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{picture}");
    assert_eq!(response.headers()["content-type"], "image/png");
    let png = response.bytes().await.unwrap().to_vec();
    let info = png::Decoder::new(std::io::Cursor::new(&png))
        .read_info()
        .unwrap()
        .info()
        .clone();
    assert_eq!((info.width, info.height), (1200, 630), "{picture}");
    (path.to_owned(), png)
}

/// The CSV's header and rows, each row a map from column to cell, past
/// the byte-order mark of a spreadsheet's.
pub fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let bytes = bytes
        .strip_prefix(shared::analytics::UTF8_BOM)
        .unwrap_or(bytes);
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader.headers().unwrap().iter().map(Into::into).collect();
    let rows = reader
        .records()
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.unwrap().iter().map(Into::into))
                .collect()
        })
        .collect();
    (header, rows)
}
