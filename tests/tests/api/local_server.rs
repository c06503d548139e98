//! The local server as `cargo run -p local` builds it: letters on disk and
//! each confirmation in the outbox; or, pointed at moto, DynamoDB and SES.

use crate::helpers::{
    ADMIN_TOKEN, LAUNCH, TEST_ENV, TestApp, fresh_table, letter_form, spawn_with,
};
use local::{Backend, Consumers, LocalSettings, ServeLimits};
use shared::campaign::CampaignCatalog;
use shared::settings::Env;
use std::path::{Path, PathBuf};

pub fn eml_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .collect()
}

/// Serves the local system on `backend` with the bundled campaigns, as
/// `cargo run -p local` builds it.
pub async fn serve_local(backend: Backend) -> TestApp {
    let catalog = CampaignCatalog::bundled().unwrap();
    spawn_with(
        backend,
        catalog,
        Consumers::InProcess,
        &TEST_ENV,
        ServeLimits::default(),
    )
    .await
}

#[tokio::test]
async fn pointed_at_an_endpoint_the_local_server_stores_mails_and_tallies_there() {
    let app = serve_local(Backend::Aws {
        table: fresh_table(),
    })
    .await;
    let email = format!("local-{}@example.org", uuid::Uuid::new_v4());
    let response = app.post_form(LAUNCH, &letter_form(&email, "TX")).await;
    assert_eq!(response.status(), 303);

    app.settled().await;
    let summary: serde_json::Value = app
        .admin_get(&format!("/admin/c/{LAUNCH}/summary"), Some(ADMIN_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["total"], 1, "{summary}");
    assert_eq!(summary["confirmations"]["sent"], 1, "{summary}");
    assert_eq!(crate::pipeline::ses_messages_to(&email).await.len(), 1);
}

#[test]
fn the_environment_chooses_the_backend_and_each_bad_variable_is_named() {
    let local = LocalSettings::from_env(&Env::from_pairs([("DATA_DIR", "/tmp/letters")])).unwrap();
    assert!(matches!(local.backend, Backend::Embedded));
    assert_eq!(local.data_dir, Path::new("/tmp/letters"));
    assert_eq!(local.port, 3000);
    assert!(local.admin_token.was_made_up());
    assert_eq!(local.mailer.public_url.to_string(), "http://127.0.0.1:3000");

    let endpoint = Env::from_pairs([
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"),
        ("PORT", "8080"),
    ]);
    let local = LocalSettings::from_env(&endpoint).unwrap();
    assert!(matches!(local.backend, Backend::Aws { ref table } if table == "letters"));
    assert_eq!(local.mailer.public_url.to_string(), "http://127.0.0.1:8080");

    let error = LocalSettings::from_env(&Env::from_pairs([
        ("PORT", "eighty"),
        ("SEND_RATE_PER_SECOND", "0"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("PORT") && error.contains("SEND_RATE_PER_SECOND"),
        "{error}"
    );
}

#[test]
fn campaigns_from_a_directory_are_checked_as_the_bundled_ones_are() {
    let dir = tempfile::TempDir::new().unwrap();
    let launch = include_str!("../../../core/campaigns/sesta.toml");
    let house = launch
        .replace("slug = \"sesta\"", "slug = \"house-demo\"")
        .replace("targets = \"senators\"", "targets = \"representative\"");
    std::fs::write(dir.path().join("house.toml"), &house).unwrap();
    let env = Env::from_pairs([("CAMPAIGNS_DIR", dir.path().to_str().unwrap())]);
    let local = LocalSettings::from_env(&env).unwrap();
    let catalog = local.campaigns().unwrap();
    assert_eq!(catalog.open().count(), 1);

    let unknown = house.replace(
        "targets = \"representative\"",
        "targets = { members = [\"Z999999\"] }",
    );
    std::fs::write(dir.path().join("house.toml"), unknown).unwrap();
    let error = local.campaigns().unwrap_err().to_string();
    assert!(
        error.contains("house.toml") && error.contains("Z999999"),
        "start-up stops with a clear message: {error}"
    );
}

/// Every file under `dir`, however deep.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .flat_map(|entry| {
            if entry.file_type().unwrap().is_dir() {
                files_under(&entry.path())
            } else {
                vec![entry.path()]
            }
        })
        .collect()
}

#[tokio::test]
async fn every_file_under_the_data_dir_is_its_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let app = serve_local(Backend::Embedded).await;
    for email in ["ada@example.org", "bob@example.org"] {
        let response = app.post_form(LAUNCH, &letter_form(email, "TX")).await;
        assert_eq!(response.status(), 303);
    }
    app.settled().await;
    // An erasure rewrites the store's files through new ones.
    let erased = app.erase("bob@example.org").await;
    assert_eq!(erased.status(), 200);

    let files = files_under(app.data_dir.path());
    for name in ["letters.jsonl", "confirmations.jsonl", "signing.key"] {
        assert!(files.iter().any(|file| file.ends_with(name)), "{name}");
    }
    for ext in ["eml", "html"] {
        let has_ext = |file: &PathBuf| file.extension().is_some_and(|e| e == ext);
        assert!(files.iter().any(has_ext), "an .{ext} file in the outbox");
    }
    for file in &files {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} is {mode:o}", file.display());
    }
}
