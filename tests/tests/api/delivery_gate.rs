//! The delivery gate on the moto server: a withdrawn letter is never
//! delivered, whatever the queue holds; a letter waiting for its
//! supporter's confirmation goes when the stream's record of it comes, and
//! delivery's own writes never feed delivery again.

use crate::delivery::{MAINE, deliveries_of, settings, states, unique_email};
use crate::helpers::dynamodb_table;
use crate::pipeline::Pipeline;
use integration_tests::cwc_stand_in::StandIn;
use integration_tests::delivery::deliverer;
use shared::domain::Chamber;
use shared::fixtures::{VERIFYING, delivering_letter, delivering_letter_to};
use shared::ports::LetterStore;
use shared::settings::CwcVariant;
use std::sync::Arc;
use std::time::Duration;

/// Whether the pipe, with delivery on, forwards `record` (the filters of
/// `LetterPipe` in infra/template.yaml, held to these cases by the deploy
/// rehearsal): a letter's insert, or its confirmation before any delivery.
fn the_pipe_forwards(record: &serde_json::Value) -> bool {
    let image = &record["dynamodb"]["NewImage"];
    let is_letter = image["pk"]["S"]
        .as_str()
        .is_some_and(|pk| pk.starts_with("LETTER#"));
    let confirmed_before_delivery =
        image["email_verified"]["BOOL"] == true && image.get("delivery_started").is_none();
    is_letter
        && match record["eventName"].as_str() {
            Some("INSERT") => true,
            Some("MODIFY") => confirmed_before_delivery,
            _ => false,
        }
}

#[tokio::test]
async fn a_letter_waits_for_its_confirmation_and_the_record_of_it_brings_it_back() {
    let stand_in = StandIn::start(&MAINE).await;
    let (store, client, table) = dynamodb_table().await;
    let store = Arc::new(store);
    let letter = delivering_letter_to(VERIFYING, &unique_email()).await;
    store.record(&letter).await.unwrap();
    let pipeline = Pipeline::new(&table).await;
    let settings = settings(&stand_in, CwcVariant::default_for(Chamber::Senate));
    let deliverer = deliverer(store.clone(), settings, &MAINE, Duration::from_secs(5));
    pipeline.pump_only(the_pipe_forwards).await;
    pipeline.drain(&deliverer).await;
    assert_eq!(
        stand_in.requests(),
        0,
        "nothing goes before the confirmation"
    );
    assert!(deliveries_of(&client, &table).await.is_empty());

    store.verify(&letter.reference()).await.unwrap();
    let records = pipeline.stream_records().await;
    let [insert, confirmation] = &records
        .iter()
        .filter(|record| the_pipe_forwards(record))
        .collect::<Vec<_>>()[..]
    else {
        panic!("the insert and the confirmation forwarded: {records:#?}");
    };
    assert_eq!(
        (
            insert["eventName"].as_str(),
            confirmation["eventName"].as_str()
        ),
        (Some("INSERT"), Some("MODIFY"))
    );
    pipeline.send(&confirmation.to_string()).await;
    pipeline.drain(&deliverer).await;
    assert_eq!(
        states(&deliveries_of(&client, &table).await),
        [("SME01", "delivered"), ("SME02", "delivered")]
    );
    assert!(
        stand_in
            .taken()
            .iter()
            .all(|taken| taken.xml.contains("<EmailValidation>Y</EmailValidation>"))
    );
    let forwarded = pipeline
        .stream_records()
        .await
        .into_iter()
        .filter(the_pipe_forwards)
        .count();
    assert_eq!(forwarded, 2, "delivery's own writes never come back to it");
}

#[tokio::test]
async fn a_withdrawn_letter_is_never_delivered_whatever_the_queue_holds() {
    let stand_in = StandIn::start(&MAINE).await;
    let (store, _, table) = dynamodb_table().await;
    let letter = delivering_letter(&unique_email());
    store.record(&letter).await.unwrap();
    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;
    store.withdraw(&letter.reference()).await.unwrap();
    let store = Arc::new(store);
    let settings = settings(&stand_in, CwcVariant::default_for(Chamber::Senate));
    pipeline
        .drain(&deliverer(store, settings, &MAINE, Duration::from_secs(5)))
        .await;
    assert_eq!(stand_in.requests(), 0);
    assert_eq!(pipeline.dead_letters().await, 0);
}
