//! A wrong setting of ours (here an endpoint the service redirects): each
//! office is sent to once, held, and the letter set aside at once with one
//! log line naming what to fix, on AWS in the queue's dead-letter queue,
//! where a redrive after the fix delivers it; and the same on one machine.

use crate::delivery::{MAINE, deliveries_of, settings, states, unique_email};
use crate::delivery_local::{maine_form, settled, spawn_delivering};
use crate::helpers::{CapturedLogs, LAUNCH, dynamodb_table};
use crate::pipeline::Pipeline;
use integration_tests::cwc_stand_in::{API_KEY, Fault, StandIn};
use integration_tests::delivery::deliverer;
use letters_aws::queue::SqsDeadLetterQueue;
use serde_json::Value;
use shared::domain::Chamber;
use shared::fixtures::delivering_letter;
use shared::letter::OfficeDelivery;
use shared::ports::LetterStore;
use shared::settings::CwcVariant;
use std::sync::Arc;
use std::time::Duration;

/// What the supporters here typed that a log line must never hold, with
/// the key.
fn secrets(email: &str) -> [&str; 8] {
    [
        email,
        "Ada",
        "Lovelace",
        "Harbor Road",
        "Congress Ave",
        "555-0143",
        "04101",
        API_KEY,
    ]
}

fn assert_nothing_personal(lines: &[Value], email: &str) {
    for line in lines {
        let text = line.to_string();
        for secret in secrets(email) {
            assert!(!text.contains(secret), "{secret} logged: {text}");
        }
    }
}

#[tokio::test]
async fn a_redirect_sends_once_sets_the_letter_aside_and_a_redrive_after_the_fix_delivers_it() {
    let stand_in = StandIn::start(&MAINE).await;
    stand_in.inject(&[Fault::Redirect, Fault::Redirect]);
    let (store, client, table) = dynamodb_table().await;
    let email = unique_email();
    store.record(&delivering_letter(&email)).await.unwrap();
    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;
    let deliverer = deliverer(
        Arc::new(store),
        settings(&stand_in, CwcVariant::default_for(Chamber::Senate)),
        &MAINE,
        Duration::from_secs(5),
    );

    let logs = CapturedLogs::start();
    pipeline.drain(&deliverer).await;

    assert_eq!(stand_in.answered(301), 2, "each office sent to once");
    assert_eq!(stand_in.requests(), 2, "and never again");
    let held = format!(
        "held: the Senate's service answered 301, redirecting to {}/; \
         fix SenateDeliveryUrl (CWC_SENATE_URL), then send the held letters again",
        stand_in.url(integration_tests::cwc_stand_in::Chamber::Senate)
    );
    for (office, delivery) in deliveries_of(&client, &table).await {
        assert!(
            matches!(&delivery, OfficeDelivery::Retrying { attempts: 1, error, .. } if *error == held),
            "{office}: {delivery:?}"
        );
    }
    let [line] = &logs
        .with_message("letter set aside in the dead-letter queue until a setting is fixed")[..]
    else {
        panic!("one line: {:#?}", logs.lines());
    };
    assert_eq!(line["level"], "ERROR");
    let why = line["fields"]["why"].as_str().unwrap();
    assert!(
        why.starts_with("SME02, SME01 held: the Senate's service answered 301"),
        "{why}"
    );
    assert!(
        why.contains("fix SenateDeliveryUrl (CWC_SENATE_URL)"),
        "{why}"
    );
    assert!(logs.with_message("letter will be retried").is_empty());
    assert_nothing_personal(&logs.lines(), &email);

    // Staff fix the endpoint (the stand-in answers as usual now) and redrive.
    pipeline.redrive().await;
    pipeline.drain(&deliverer).await;
    assert_eq!(
        states(&deliveries_of(&client, &table).await),
        [("SME01", "delivered"), ("SME02", "delivered")]
    );
    assert_eq!(stand_in.taken().len(), 2);
    assert_eq!(pipeline.dead_letters().await, 0);
}

#[tokio::test]
async fn a_letter_the_dead_letter_queue_does_not_take_is_retried_not_lost() {
    let stand_in = StandIn::start(&MAINE).await;
    stand_in.inject(&[Fault::Redirect; 4]);
    let (store, _, table) = dynamodb_table().await;
    store
        .record(&delivering_letter(&unique_email()))
        .await
        .unwrap();
    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;
    let deliverer = deliverer(
        Arc::new(store),
        settings(&stand_in, CwcVariant::default_for(Chamber::Senate)),
        &MAINE,
        Duration::from_secs(5),
    );
    let missing = format!("{}-gone", pipeline.dead_letter_url);
    let nowhere = SqsDeadLetterQueue::new(pipeline.sqs.clone(), missing);

    let logs = CapturedLogs::start();
    pipeline
        .deliver_setting_aside_in(&deliverer, &nowhere)
        .await;
    let [line] = &logs
        .with_message("letter to set aside will be retried: the dead-letter queue did not take it")
        [..]
    else {
        panic!("{:#?}", logs.lines());
    };
    assert!(
        line["fields"]["why"]
            .as_str()
            .unwrap()
            .contains("SenateDeliveryUrl")
    );

    // Still in the queue, alone (the stream's other records are done with):
    // it comes back, and this time is set aside.
    assert_eq!(pipeline.deliver(&deliverer).await, 1);
    assert_eq!(pipeline.dead_letters().await, 1);
}

#[tokio::test]
async fn on_one_machine_a_redirect_sends_once_and_the_letter_waits_with_its_held_offices() {
    let stand_in = StandIn::start(&MAINE).await;
    stand_in.inject(&[Fault::Redirect, Fault::Redirect]);
    let app = spawn_delivering(&stand_in, &MAINE).await;

    let logs = CapturedLogs::start();
    assert_eq!(app.post_form(LAUNCH, &maine_form()).await.status(), 303);
    settled(&app, &[("SME01", "retrying"), ("SME02", "retrying")]).await;

    assert_eq!(stand_in.requests(), 2, "each office once, not retried");
    let [line] = &logs.with_message("delivery set aside until a setting is fixed")[..] else {
        panic!("{:#?}", logs.lines());
    };
    let why = line["fields"]["why"].as_str().unwrap();
    assert!(
        why.contains("fix SenateDeliveryUrl (CWC_SENATE_URL)"),
        "{why}"
    );
    assert!(logs.with_message("delivery to be retried").is_empty());
    assert_nothing_personal(&logs.lines(), "ada@example.org");
}
