//! `spawn_app()` and the typed helpers every test uses.

use reqwest::{Client, Response, redirect};
use serde_json::{Value, json};
use shared::campaign::CampaignCatalog;
use shared::senators::SenatorDirectory;
use shared::store::{DynamoDbLetterStore, EmbeddedLetterStore, Store};
use shared::web::App;
use shared::web::admin::AdminApp;
use std::sync::{Arc, Once};
use tempfile::TempDir;

pub const LAUNCH: &str = "sesta";
pub const CLOSED: &str = "closed-demo";
pub const OTHER_OPEN: &str = "other-demo";

/// A running app and a client that does not follow redirects.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    _data_dir: Option<TempDir>,
}

fn init_logging() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            shared::telemetry::init(shared::telemetry::LogFormat::Text);
        }
    });
}

/// The bundled launch campaign plus a closed one and, when `several_open`,
/// a second open one, all built from the launch campaign's file.
pub fn test_catalog(several_open: bool) -> CampaignCatalog {
    let launch = include_str!("../../../shared/campaigns/sesta.toml");
    let variant = |slug: &str, status: &str| {
        launch
            .replace("slug = \"sesta\"", &format!("slug = \"{slug}\""))
            .replace("status = \"open\"", &format!("status = \"{status}\""))
    };
    let mut sources = vec![
        ("sesta.toml".to_owned(), launch.to_owned()),
        ("closed.toml".to_owned(), variant(CLOSED, "closed")),
    ];
    if several_open {
        sources.push(("other.toml".to_owned(), variant(OTHER_OPEN, "open")));
    }
    CampaignCatalog::from_sources(
        sources
            .iter()
            .map(|(name, text)| (name.clone(), text.as_str())),
    )
    .unwrap()
}

/// The app over a fresh embedded store in a temporary directory.
pub async fn spawn_app() -> TestApp {
    let data_dir = TempDir::new().unwrap();
    let store = Arc::new(EmbeddedLetterStore::open(data_dir.path()).unwrap());
    spawn_app_with(store, test_catalog(false), Some(data_dir)).await
}

/// The token the analysts' routes take in tests.
pub const ADMIN_TOKEN: &str = "test-admin-token";

pub async fn spawn_app_with(
    store: Arc<dyn Store>,
    catalog: CampaignCatalog,
    data_dir: Option<TempDir>,
) -> TestApp {
    init_logging();
    let admin = Arc::new(AdminApp {
        analytics: store.clone(),
        catalog: catalog.clone(),
        senators: SenatorDirectory::bundled().unwrap(),
    });
    let app = App::new(store, catalog).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let token = local::AdminToken::new(ADMIN_TOKEN);
        axum::serve(listener, local::router(app, admin, token, None))
            .await
            .unwrap()
    });
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        _data_dir: data_dir,
    }
}

/// A valid letter from `email` in `state`, as JSON.
pub fn letter_json(email: &str, state: &str) -> Value {
    json!({
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": email,
        "street": "1 Congress Ave",
        "city": "Austin",
        "state": state,
        "zip": "78701",
        "subject": "Please cosponsor S. 1693",
        "message": "Dear Senator, please cosponsor S. 1693.\n\nThank you.",
        "closing": "Sincerely",
        "opt_in": false,
    })
}

/// The same letter as form fields.
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

/// A DynamoDB store on a table of its own in the moto server, so tests run
/// in parallel without sharing state; with a client and the table's name to
/// read items back.
pub async fn dynamodb_table() -> (DynamoDbLetterStore, aws_sdk_dynamodb::Client, String) {
    assert!(
        std::env::var_os("AWS_ENDPOINT_URL").is_some(),
        "AWS_ENDPOINT_URL is not set: run the suite with scripts/test, which starts the moto server"
    );
    let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_dynamodb::Client::new(&sdk_config);
    let table = format!("letters-{}", uuid::Uuid::new_v4());
    let store = DynamoDbLetterStore::new(client.clone(), table.clone());
    store.create_table_if_missing().await.unwrap();
    (store, client, table)
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
