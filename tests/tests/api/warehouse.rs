//! The warehouse on this machine: letters taken by the local server,
//! written by the real writer into its data directory, and every saved
//! query (infra/queries) run on DuckDB over it gives the summary's figures.

use crate::helpers::{ADMIN_TOKEN, LAUNCH, letter_json, spawn_app_on};
use local::{Backend, Consumers};
use serde_json::{Value, json};
use shared::adapters::EmbeddedLetterStore;
use shared::domain::CampaignSlug;
use shared::fixtures::{launch_campaign, launch_catalog_with};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

/// Every saved query's rows for the launch campaign, as scripts/warehouse-sql
/// prints them (DuckDB, from the test venv scripts/test installs).
fn saved_queries(warehouse: &Path) -> BTreeMap<String, Vec<Vec<Value>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join(".venv/bin/python");
    let output = Command::new(&python)
        .arg(root.join("scripts/warehouse-sql"))
        .arg(warehouse)
        .arg(LAUNCH)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e} (scripts/test makes the venv)", python.display()));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Rows of `(label, letters)` as a map.
fn counts(rows: &[Vec<Value>]) -> BTreeMap<String, u64> {
    rows.iter()
        .map(|row| {
            (
                row[0].as_str().unwrap().to_owned(),
                row[row.len() - 1].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_saved_query_on_duckdb_gives_the_summarys_figures() {
    let app = spawn_app_on(
        Backend::Embedded,
        launch_catalog_with(r#"sources = ["acme", "beacon"]"#),
        Consumers::InProcess,
    )
    .await;
    let campaign = launch_campaign();
    for (n, (state, source)) in [
        ("TX", "acme"),
        ("TX", ""),
        ("CA", "acme"),
        ("ME", "beacon"),
        ("TX", ""),
    ]
    .into_iter()
    .enumerate()
    {
        let mut letter = letter_json(&format!("w{n}@example.org"), state);
        letter["subject"] = campaign.letter.subject.as_ref().into();
        letter["message"] = campaign.letter.body.as_ref().into();
        letter["source"] = source.into();
        if n == 1 {
            letter["message"] = "In my own words.".into();
        }
        if n == 3 {
            letter["own_words"] = "It happened in my town.".into();
        }
        assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    }
    app.settled().await;
    let summary: Value = app
        .admin_get(&format!("/admin/c/{LAUNCH}/summary"), Some(ADMIN_TOKEN))
        .await
        .json()
        .await
        .unwrap();

    // The same writer as the server's timer, over the same files, run as
    // if days had passed, so that every day and its deliveries are in.
    let store = EmbeddedLetterStore::open(app.data_dir.path()).unwrap();
    let writer = local::warehouse::writer(
        app.data_dir.path(),
        Arc::new(store),
        shared::members::Members::bundled().unwrap(),
    );
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(3);
    let written = writer
        .run([CampaignSlug::parse(LAUNCH).unwrap()], later)
        .await
        .unwrap();
    assert_eq!(written.letters, 5);
    let queries = saved_queries(&app.data_dir.path().join("warehouse"));

    let as_counts =
        |value: &Value| -> BTreeMap<String, u64> { serde_json::from_value(value.clone()).unwrap() };
    assert_eq!(
        counts(&queries["letters_by_day"]),
        as_counts(&summary["by_day"])
    );
    assert_eq!(
        counts(&queries["letters_by_state"]),
        as_counts(&summary["by_state"])
    );
    assert_eq!(
        counts(&queries["letters_by_district"]),
        as_counts(&summary["by_district"])
    );
    assert_eq!(
        counts(&queries["letters_by_source"]),
        as_counts(&summary["by_source"])
    );
    let members: Vec<&Value> = summary["by_senator"]
        .as_array()
        .unwrap()
        .iter()
        .chain(summary["by_representative"].as_array().unwrap())
        .collect();
    let by_member: BTreeMap<String, u64> = members
        .iter()
        .map(|m| {
            (
                m["bioguide"].as_str().unwrap().to_owned(),
                m["letters"].as_u64().unwrap(),
            )
        })
        .collect();
    let by_office: BTreeMap<String, u64> = members
        .iter()
        .filter_map(|m| {
            Some((
                m["office"].as_str()?.to_owned(),
                m["letters"].as_u64().unwrap(),
            ))
        })
        .collect();
    assert_eq!(counts(&queries["letters_by_member"]), by_member);
    assert_eq!(counts(&queries["letters_by_office"]), by_office);
    let deliveries: BTreeMap<String, u64> = queries["delivery_outcomes_by_office"]
        .iter()
        .map(|row| {
            (
                format!("{}:{}", row[0].as_str().unwrap(), row[1].as_str().unwrap()),
                row[2].as_u64().unwrap(),
            )
        })
        .collect();
    let mut summary_deliveries = BTreeMap::new();
    for (office, states) in summary["deliveries"].as_object().unwrap() {
        for (state, n) in states.as_object().unwrap() {
            if n.as_u64().unwrap() > 0 {
                summary_deliveries.insert(format!("{office}:{state}"), n.as_u64().unwrap());
            }
        }
    }
    assert_eq!(deliveries, summary_deliveries);
    assert_eq!(
        queries["own_words"],
        vec![vec![
            summary["total"].clone(),
            summary["edited"].clone(),
            summary["own_words"].clone()
        ]]
    );
    assert_eq!(
        queries["own_words"],
        vec![vec![json!(5), json!(1), json!(2)]],
        "the figures are not all zero"
    );
    let languages: serde_json::Map<String, Value> = queries["letters_by_language"]
        .iter()
        .map(|row| (row[0].as_str().unwrap().to_owned(), row[1].clone()))
        .collect();
    assert_eq!(Value::Object(languages), summary["by_language"]);
}
