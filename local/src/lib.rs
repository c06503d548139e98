//! The whole system on one machine: the routers of every HTTP function,
//! merged and served by axum, over an embedded store on disk or, when
//! `AWS_ENDPOINT_URL` is set, over DynamoDB at that endpoint.

use anyhow::Context;
use axum::Router;
use shared::store::{DynamoDbLetterStore, EmbeddedLetterStore, LetterStore};
use shared::web::AppState;
use std::path::PathBuf;
use std::sync::Arc;

/// Where letters are kept.
#[derive(Debug, Clone)]
pub enum StoreChoice {
    /// On disk under a directory (`DATA_DIR`, default `.local/`).
    Embedded { data_dir: PathBuf },
    /// DynamoDB at `AWS_ENDPOINT_URL`, table `TABLE_NAME` (default `letters`).
    DynamoDb { table: String },
}

/// The local server's settings, from the environment.
#[derive(Debug, Clone)]
pub struct LocalConfig {
    pub port: u16,
    pub store: StoreChoice,
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
        let store = if var("AWS_ENDPOINT_URL").is_some() {
            StoreChoice::DynamoDb {
                table: var("TABLE_NAME").unwrap_or_else(|| "letters".into()),
            }
        } else {
            StoreChoice::Embedded {
                data_dir: var("DATA_DIR").unwrap_or_else(|| ".local".into()).into(),
            }
        };
        Ok(Self { port, store })
    }
}

/// Opens the chosen store, creating the DynamoDB table if it is missing.
pub async fn open_store(choice: &StoreChoice) -> anyhow::Result<Arc<dyn LetterStore>> {
    Ok(match choice {
        StoreChoice::Embedded { data_dir } => Arc::new(EmbeddedLetterStore::open(data_dir)?),
        StoreChoice::DynamoDb { table } => {
            let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
            let store = DynamoDbLetterStore::new(aws_sdk_dynamodb::Client::new(&sdk_config), table);
            store.create_table_if_missing().await?;
            Arc::new(store)
        }
    })
}

/// Every route of every function, as API Gateway would route them.
pub fn router(state: AppState) -> Router {
    campaign_page::router(state.clone()).merge(submit_letter::router(state))
}
