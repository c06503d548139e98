//! `cargo run -p local`: serves the system on http://127.0.0.1:3000.

use anyhow::Context;
use local::{Backend, Consumers, LocalSettings, build, serve};
use shared::settings::Env;
use shared::telemetry::{self, LogFormat};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init(LogFormat::Text);
    let local = LocalSettings::from_env(&Env::from_process())?;
    let router = build(&local, local.campaigns()?, Consumers::InProcess).await?;
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], local.port));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| {
            format!(
                "binding {address}: is another server using that port? Set PORT to choose another"
            )
        })?;
    match &local.backend {
        Backend::Embedded => tracing::info!(
            data_dir = %local.data_dir.display(),
            "letters kept on disk; emails at http://{address}/_outbox?token=<the admin token>"
        ),
        Backend::Aws { table } => tracing::info!(
            table,
            "letters in DynamoDB and emails through SES at AWS_ENDPOINT_URL"
        ),
    }
    tracing::info!("serving on http://{address}");
    if local.admin_token.was_made_up() {
        // Printed, not logged: it is for the person at this terminal.
        let token = local.admin_token.expose();
        println!(
            "Analysts' routes (/admin/...) take: Authorization: Bearer {token} (set ADMIN_TOKEN to choose it)"
        );
        if let Backend::Embedded = local.backend {
            println!("The outbox: http://{address}/_outbox?token={token}");
        }
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    serve(listener, router, local.limits, shutdown).await?;
    Ok(())
}
