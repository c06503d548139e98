//! What only the DynamoDB adapter does: its items and keys, the count spread
//! over shards, and the HTTP contract on top of it.

use crate::helpers::{LAUNCH, dynamodb_table, items_with_prefix, letter_json, spawn_on_table};
use aws_sdk_dynamodb::types::AttributeValue;
use shared::analytics::ExportFilter;
use shared::domain::CampaignSlug;
use shared::fixtures::letter;
use shared::ports::{AnalyticsStore, LetterLog, LetterStore, TallyWriter};

#[tokio::test]
async fn a_letter_is_stored_with_its_recipients_and_a_pending_confirmation() {
    let (store, client, table) = dynamodb_table().await;
    let letter = letter("ada@example.org");
    store.record(&letter).await.unwrap();

    let [stored] = &items_with_prefix(&client, &table, "LETTER#sesta#").await[..] else {
        panic!("one letter stored");
    };
    assert_eq!(stored["id"], AttributeValue::S(letter.id.to_string()));
    assert_eq!(stored["recipients"].as_l().unwrap().len(), 2);
    assert_eq!(
        stored["confirmation"].as_m().unwrap()["status"],
        AttributeValue::S("pending".into())
    );
    assert_eq!(
        stored["body"],
        AttributeValue::S(letter.fields.body.to_string())
    );
    assert!(
        !stored["pk"].as_s().unwrap().contains("ada"),
        "the key holds no email address"
    );
}

#[tokio::test]
async fn the_count_sums_every_shard_exactly() {
    let (store, client, table) = dynamodb_table().await;
    for n in 0..40 {
        store
            .record(&letter(&format!("supporter{n}@example.org")))
            .await
            .unwrap();
    }
    store
        .record(&letter("supporter0@example.org"))
        .await
        .unwrap();
    let sesta = CampaignSlug::parse("sesta").unwrap();
    assert_eq!(store.count(&sesta).await.unwrap(), 40);

    let shards = items_with_prefix(&client, &table, "COUNT#sesta#")
        .await
        .len();
    assert!(shards > 1, "the count is spread over shards, here {shards}");
}

#[tokio::test]
async fn the_http_contract_holds_over_dynamodb() {
    let (_, _, table) = dynamodb_table().await;
    let app = spawn_on_table(&table).await;
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
    let (_, client, table) = dynamodb_table().await;
    let app = spawn_on_table(&table).await;
    let mut letter = letter_json("ada@example.org", "TX");
    letter["form_token"] = app.form_token(LAUNCH).await.into();
    client
        .delete_table()
        .table_name(&table)
        .send()
        .await
        .unwrap();
    assert_eq!(app.get("/healthz").await.status(), 503);
    let response = app.post_json(LAUNCH, &letter).await;
    assert_eq!(response.status(), 500);
    let body = response.text().await.unwrap();
    assert!(
        !body.contains(&table),
        "internal details stay out of responses"
    );
}

#[tokio::test]
async fn a_letter_stored_before_the_house_still_reads_back() {
    let (store, client, table) = dynamodb_table().await;
    let letter = letter("ada@example.org");
    store.record(&letter).await.unwrap();
    // The export walks the days the tally knows.
    store
        .tally_letters(std::slice::from_ref(&letter))
        .await
        .unwrap();
    let [stored] = &items_with_prefix(&client, &table, "LETTER#sesta#").await[..] else {
        panic!("one letter stored");
    };
    let senators = ["C001056", "C001098"].map(|id| AttributeValue::S(id.into()));
    client
        .update_item()
        .table_name(&table)
        .key("pk", stored["pk"].clone())
        .update_expression("SET recipients = :ids REMOVE district")
        .expression_attribute_values(":ids", AttributeValue::L(senators.to_vec()))
        .send()
        .await
        .unwrap();
    let page = store
        .export_page(
            &CampaignSlug::parse("sesta").unwrap(),
            &ExportFilter::default(),
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        page.letters,
        [letter],
        "bare ids read back as the Senators they were"
    );
}

#[tokio::test]
async fn a_campaigns_letters_in_a_time_range_read_back_whole_in_time_order() {
    let (store, _, _) = dynamodb_table().await;
    let start = time::macros::datetime!(2026-11-28 23:59:00 UTC);
    let written: Vec<_> = (0..5)
        .map(|n| {
            let mut written = letter(&format!("supporter{n}@example.org"));
            written.created_at = start + time::Duration::seconds(30 * n);
            written
        })
        .collect();
    for letter in written.iter().rev() {
        store.record(letter).await.unwrap();
    }
    let sesta = CampaignSlug::parse("sesta").unwrap();
    let from = start + time::Duration::seconds(30);
    let until = start + time::Duration::seconds(120);
    let found = store.written(&sesta, from, until).await.unwrap();
    assert_eq!(found, written[1..4], "across midnight, the end left out");
}
