//! `cargo run -p local`: serves the system on http://127.0.0.1:3000.

use anyhow::Context;
use local::{LocalConfig, StoreChoice, open_store, router};
use shared::telemetry::{self, LogFormat};
use shared::web::App;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init(LogFormat::Text);
    let config = LocalConfig::from_env()?;
    let store = open_store(&config.store).await?;
    let app = App::new(store)?;
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], config.port));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| {
            format!(
                "binding {address}: is another server using that port? Set PORT to choose another"
            )
        })?;
    match &config.store {
        StoreChoice::Embedded { data_dir } => {
            tracing::info!(data_dir = %data_dir.display(), "letters kept on disk")
        }
        StoreChoice::DynamoDb { table } => {
            tracing::info!(table, "letters kept in DynamoDB at AWS_ENDPOINT_URL")
        }
    }
    tracing::info!("serving on http://{address}");
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
