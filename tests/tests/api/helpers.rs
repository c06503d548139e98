//! `spawn_app()` and the typed helpers every test uses. The app is the
//! local server's, built by the same `local::build`.

use local::{AdminToken, Backend, Consumers, LocalSettings};
use reqwest::{Client, Response, redirect};
use serde_json::Value;
use shared::adapters::DynamoDbLetterStore;
use shared::campaign::CampaignCatalog;
use shared::fixtures::test_catalog;
use std::sync::Once;
use tempfile::TempDir;

pub use shared::fixtures::{CLOSED, LAUNCH, OTHER_OPEN};

/// The token the analysts' routes take in tests.
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// A running app and a client that does not follow redirects.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    /// The embedded store's directory, kept as long as the app.
    pub data_dir: Option<TempDir>,
}

fn init_logging() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            shared::telemetry::init(shared::telemetry::LogFormat::Text);
        }
    });
}

/// The local server over a fresh embedded store in a temporary directory,
/// confirming each letter as it does.
pub async fn spawn_app() -> TestApp {
    spawn_embedded(test_catalog(false)).await
}

/// The local server over a fresh embedded store, serving `catalog`.
pub async fn spawn_embedded(catalog: CampaignCatalog) -> TestApp {
    let data_dir = TempDir::new().unwrap();
    let backend = Backend::Embedded {
        data_dir: data_dir.path().to_owned(),
    };
    let mut app = spawn_app_on(backend, catalog, Consumers::InProcess).await;
    app.data_dir = Some(data_dir);
    app
}

/// The local server on `backend`, serving `catalog`, with the stream's
/// consumers run in-process or left to the test.
pub async fn spawn_app_on(
    backend: Backend,
    catalog: CampaignCatalog,
    consumers: Consumers,
) -> TestApp {
    let local = LocalSettings::isolated(backend, AdminToken::new(ADMIN_TOKEN));
    spawn_local(&local, catalog, consumers).await
}

/// The local server with `local`'s settings (the analysts' token among
/// them), serving `catalog`.
pub async fn spawn_local(
    local: &LocalSettings,
    catalog: CampaignCatalog,
    consumers: Consumers,
) -> TestApp {
    init_logging();
    let router = local::build(local, catalog, consumers).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        data_dir: None,
    }
}

/// A valid letter from `email` in `state`, as JSON.
pub fn letter_json(email: &str, state: &str) -> Value {
    serde_json::to_value(shared::fixtures::letter_form(state, email)).unwrap()
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

impl TestApp {
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    pub async fn post_form(&self, slug: &str, fields: &[(String, String)]) -> Response {
        self.client
            .post(self.letters_url(slug))
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_json(&self, slug: &str, body: &Value) -> Response {
        self.json_request(slug, body).send().await.unwrap()
    }

    pub fn json_request(&self, slug: &str, body: &Value) -> reqwest::RequestBuilder {
        self.client.post(self.letters_url(slug)).json(body)
    }

    /// Sends `n` copies of a request at once; their statuses.
    pub async fn concurrently(
        &self,
        n: usize,
        request: impl Fn(&Self) -> reqwest::RequestBuilder,
    ) -> Vec<u16> {
        let sent: Vec<_> = (0..n).map(|_| tokio::spawn(request(self).send())).collect();
        let mut statuses = Vec::new();
        for response in sent {
            statuses.push(response.await.unwrap().unwrap().status().as_u16());
        }
        statuses
    }

    /// Posts raw bytes with the given content type (if any).
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
    let table = fresh_table();
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_dynamodb::Client::new(&sdk_config);
    let store = DynamoDbLetterStore::new(client.clone(), table.clone());
    store.create_table_if_missing().await.unwrap();
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
