//! The DynamoDB adapter against the moto server: conditional write, exact
//! count, and the whole HTTP contract on top of it.

use crate::embedded_store::letter_from;
use crate::helpers::{
    LAUNCH, dynamodb_table, items_with_prefix, letter_json, spawn_app_with, test_catalog,
};
use aws_sdk_dynamodb::types::AttributeValue;
use shared::domain::CampaignSlug;
use shared::store::{LetterStore, Recorded};
use std::sync::Arc;

fn sesta() -> CampaignSlug {
    CampaignSlug::parse("sesta").unwrap()
}

#[tokio::test]
async fn a_letter_is_stored_with_its_recipients_and_a_pending_confirmation() {
    let (store, client, table) = dynamodb_table().await;
    let letter = letter_from("ada@example.org");
    assert_eq!(
        store.record(&letter).await.unwrap(),
        Recorded::Stored { id: letter.id }
    );

    let [stored] = &items_with_prefix(&client, &table, "LETTER#sesta#").await[..] else {
        panic!("one letter stored");
    };
    assert_eq!(stored["id"], AttributeValue::S(letter.id.to_string()));
    assert_eq!(stored["recipients"].as_l().unwrap().len(), 2);
    assert_eq!(
        stored["confirmation"].as_m().unwrap()["status"],
        AttributeValue::S("pending".into())
    );
    assert!(
        !stored["pk"].as_s().unwrap().contains("ada"),
        "the key holds no email address"
    );
    assert_eq!(store.count(&sesta()).await.unwrap(), 1);
}

#[tokio::test]
async fn a_repeat_is_refused_by_the_conditional_write_and_keeps_the_first_id() {
    let (store, _, _) = dynamodb_table().await;
    let first = letter_from("ada@example.org");
    store.record(&first).await.unwrap();
    let repeat = store.record(&letter_from("ADA@example.org")).await.unwrap();
    assert_eq!(repeat, Recorded::AlreadyRecorded { id: first.id });
    assert_eq!(store.count(&sesta()).await.unwrap(), 1);
}

#[tokio::test]
async fn concurrent_repeats_store_one_letter() {
    let (store, _, _) = dynamodb_table().await;
    let store = Arc::new(store);
    let attempts: Vec<_> = (0..6)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(
                async move { store.record(&letter_from("ada@example.org")).await.unwrap() },
            )
        })
        .collect();
    let mut stored = 0;
    for attempt in attempts {
        if matches!(attempt.await.unwrap(), Recorded::Stored { .. }) {
            stored += 1;
        }
    }
    assert_eq!(stored, 1);
    assert_eq!(store.count(&sesta()).await.unwrap(), 1);
}

#[tokio::test]
async fn the_count_sums_every_shard_exactly() {
    let (store, client, table) = dynamodb_table().await;
    for n in 0..40 {
        store
            .record(&letter_from(&format!("supporter{n}@example.org")))
            .await
            .unwrap();
    }
    store
        .record(&letter_from("supporter0@example.org"))
        .await
        .unwrap();
    assert_eq!(store.count(&sesta()).await.unwrap(), 40);

    let shards = items_with_prefix(&client, &table, "COUNT#sesta#")
        .await
        .len();
    assert!(shards > 1, "the count is spread over shards, here {shards}");
    let other = CampaignSlug::parse("other").unwrap();
    assert_eq!(store.count(&other).await.unwrap(), 0);
}

#[tokio::test]
async fn the_http_contract_holds_over_dynamodb() {
    let (store, _, _) = dynamodb_table().await;
    let app = spawn_app_with(Arc::new(store), test_catalog(false), None).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let first = app
        .post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
        .await;
    assert_eq!(first.status(), 201);
    let repeat = app
        .post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
        .await;
    assert_eq!(repeat.status(), 201);
    let (first, repeat): (serde_json::Value, serde_json::Value) =
        (first.json().await.unwrap(), repeat.json().await.unwrap());
    assert_eq!(first, repeat);
    assert_eq!(app.count(LAUNCH).await, 1);
}

#[tokio::test]
async fn health_fails_when_the_table_is_gone() {
    let (store, client, table) = dynamodb_table().await;
    client
        .delete_table()
        .table_name(&table)
        .send()
        .await
        .unwrap();
    let app = spawn_app_with(Arc::new(store), test_catalog(false), None).await;
    assert_eq!(app.get("/healthz").await.status(), 503);
    let response = app
        .post_json(LAUNCH, &letter_json("ada@example.org", "TX"))
        .await;
    assert_eq!(response.status(), 500);
    let body = response.text().await.unwrap();
    assert!(
        !body.contains(&table),
        "internal details stay out of responses"
    );
}
