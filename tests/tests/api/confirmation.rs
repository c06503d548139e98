//! Confirmation emails through SES on the moto server: one email per letter
//! however often its record is delivered, retries for passing failures, no
//! retries for permanent ones, nothing to suppressed addresses.

use crate::helpers::{
    LAUNCH, dynamodb_table, dynamodb_table_at, items_with_prefix, letter_json, moto, spawn_on_table,
};
use crate::pipeline::{MAX_RECEIVES, Pipeline, ses_messages_to};
use aws_lambda_events::event::sns::{SnsEvent, SnsMessage, SnsRecord};
use integration_tests::faults::FaultProxy;
use letters_aws::feedback::handle_feedback;
use letters_aws::{DynamoDbLetterStore, SesMailer};
use shared::confirm::{ConfirmationSender, Pacer, SendOutcome};
use shared::fixtures::{emails, launch_campaign, letter};
use shared::language::Language;
use shared::letter::StoredLetter;
use shared::letter::{ConfirmationStatus, Letter};
use shared::ports::{ConfirmationStore, LetterStore};
use std::sync::Arc;
use std::time::Duration;

const SENDER: &str = "Letters demo <letters@example.org>";

/// An SES client on moto, or on a port where nothing listens (`unreachable`).
async fn ses_client(unreachable: bool) -> aws_sdk_ses::Client {
    let mut loader = letters_aws::bootstrap::sdk_loader();
    if unreachable {
        loader = loader
            .endpoint_url("http://127.0.0.1:9")
            .retry_config(aws_config::retry::RetryConfig::disabled());
    }
    aws_sdk_ses::Client::new(&loader.load().await)
}

async fn verified_ses() -> aws_sdk_ses::Client {
    let ses = ses_client(false).await;
    ses.verify_email_identity()
        .email_address("letters@example.org")
        .send()
        .await
        .unwrap();
    ses
}

fn confirmer(
    store: Arc<dyn ConfirmationStore>,
    ses: aws_sdk_ses::Client,
    sender: &str,
) -> ConfirmationSender {
    ConfirmationSender::new(
        store,
        Arc::new(SesMailer::new(ses, &sender.parse().unwrap(), None)),
        emails(),
        Pacer::new(1000.0),
        Duration::from_secs(60),
    )
}

fn unique_email() -> String {
    format!("supporter-{}@example.org", uuid::Uuid::new_v4())
}

/// The table's only letter's confirmation.
async fn confirmation_of(client: &aws_sdk_dynamodb::Client, table: &str) -> ConfirmationStatus {
    let [letter] = &items_with_prefix(client, table, "LETTER#").await[..] else {
        panic!("one letter stored");
    };
    let stored: StoredLetter = serde_dynamo::from_item(letter.clone()).unwrap();
    Letter::from(stored).confirmation
}

#[tokio::test]
async fn a_letter_posted_over_http_brings_exactly_one_email_with_its_text() {
    let (store, client, table) = dynamodb_table().await;
    let store = Arc::new(store);
    let app = spawn_on_table(&table).await;
    let email = unique_email();
    let mut letter = letter_json(&email, "TX");
    letter["message"] = "I care about this <b>deeply</b>.\n\nPlease act.".into();
    assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);

    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;
    pipeline
        .drain(&confirmer(store, verified_ses().await, SENDER))
        .await;

    let sent = ses_messages_to(&email).await;
    assert_eq!(sent.len(), 1, "exactly one email");
    let (message_id, html) = &sent[0];
    assert!(
        html.contains("I care about this &#60;b&#62;deeply&#60;/b&#62;."),
        "the letter, escaped: {html}"
    );
    assert!(html.contains("Senator John Cornyn"));
    assert!(html.contains("https://letters.example.org/c/sesta"));
    assert_eq!(
        confirmation_of(&client, &table).await,
        ConfirmationStatus::Sent {
            message_id: message_id.clone()
        }
    );
    assert_eq!(pipeline.dead_letters().await, 0);
}

#[tokio::test]
async fn a_letter_written_in_spanish_is_confirmed_through_ses_in_spanish() {
    let (store, _, table) = dynamodb_table().await;
    let app = spawn_on_table(&table).await;
    let email = unique_email();
    let mut letter = letter_json(&email, "TX");
    let campaign = launch_campaign();
    let offered = campaign.copy(Language::Es);
    letter["subject"] = offered.subject.as_ref().into();
    letter["message"] = offered.body.as_ref().into();
    letter["closing"] = "Atentamente".into();
    letter["form_token"] = app.form_token(LAUNCH).await.into();
    let posted = app
        .client
        .post(format!("{}/c/{LAUNCH}/letters?lang=es", app.address))
        .json(&letter)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);

    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;
    let confirmer = confirmer(Arc::new(store), verified_ses().await, SENDER);
    pipeline.drain(&confirmer).await;

    let sent = ses_messages_to(&email).await;
    let [(_, html)] = &sent[..] else {
        panic!("one email, not {}", sent.len());
    };
    for spanish in [
        "<html lang=\"es\">",
        "Gracias por escribir a sus senadores.",
        "Senador(a) John Cornyn",
        "Como residente de su estado, le escribo",
        "Atentamente,",
        "?lang=es\">Retirar esta carta</a>",
    ] {
        assert!(html.contains(spanish), "{spanish:?} in {html}");
    }
    assert!(!html.contains("Thank you") && !html.contains("Dear Senator"));
}

#[tokio::test]
async fn a_record_delivered_three_times_still_sends_one_email() {
    let (store, _, table) = dynamodb_table().await;
    let email = unique_email();
    store.record(&letter(&email)).await.unwrap();

    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(3).await;
    let confirmer = confirmer(Arc::new(store), verified_ses().await, SENDER);
    pipeline.drain(&confirmer).await;
    pipeline.pump(1).await;
    pipeline.drain(&confirmer).await;

    assert_eq!(ses_messages_to(&email).await.len(), 1);
}

#[tokio::test]
async fn a_passing_failure_is_retried_to_success() {
    let (store, client, table) = dynamodb_table().await;
    let store = Arc::new(store);
    let email = unique_email();
    store.record(&letter(&email)).await.unwrap();
    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;

    let failing = confirmer(store.clone(), ses_client(true).await, SENDER);
    while pipeline.deliver(&failing).await > 0 {
        if confirmation_of(&client, &table).await == ConfirmationStatus::Pending {
            break;
        }
    }
    assert_eq!(
        confirmation_of(&client, &table).await,
        ConfirmationStatus::Pending,
        "handed back for a retry"
    );
    assert!(ses_messages_to(&email).await.is_empty());

    pipeline
        .drain(&confirmer(store, verified_ses().await, SENDER))
        .await;
    assert_eq!(ses_messages_to(&email).await.len(), 1);
    assert!(matches!(
        confirmation_of(&client, &table).await,
        ConfirmationStatus::Sent { .. }
    ));
}

#[tokio::test]
async fn an_unverified_sender_marks_the_letter_failed_with_the_reason_and_is_not_retried() {
    let (store, client, table) = dynamodb_table().await;
    let email = unique_email();
    store.record(&letter(&email)).await.unwrap();
    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;

    let unverified = format!("nobody-{}@example.org", uuid::Uuid::new_v4());
    pipeline
        .drain(&confirmer(
            Arc::new(store),
            ses_client(false).await,
            &unverified,
        ))
        .await;

    let ConfirmationStatus::Failed { reason } = confirmation_of(&client, &table).await else {
        panic!("the letter is marked failed");
    };
    assert!(reason.starts_with("MessageRejected"), "{reason}");
    assert!(reason.contains("not verified"), "{reason}");
    assert_eq!(
        pipeline.dead_letters().await,
        0,
        "a permanent failure is settled, not retried"
    );
    assert!(ses_messages_to(&email).await.is_empty());
}

#[tokio::test]
async fn a_bounced_address_is_suppressed_and_gets_nothing() {
    let (store, client, table) = dynamodb_table().await;
    let email = unique_email();
    let bounce = serde_json::json!({
        "notificationType": "Bounce",
        "bounce": { "bounceType": "Permanent", "bouncedRecipients": [{ "emailAddress": email.to_uppercase() }] },
    });
    let mut sns = SnsMessage::default();
    sns.message = bounce.to_string();
    let mut record = SnsRecord::default();
    record.sns = sns;
    let mut event = SnsEvent::default();
    event.records.push(record);
    handle_feedback(&store, event).await.unwrap();

    store.record(&letter(&email)).await.unwrap();
    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;
    pipeline
        .drain(&confirmer(Arc::new(store), verified_ses().await, SENDER))
        .await;

    assert!(ses_messages_to(&email).await.is_empty());
    assert_eq!(
        confirmation_of(&client, &table).await,
        ConfirmationStatus::Suppressed
    );
}

#[tokio::test]
async fn a_message_that_can_never_be_processed_ends_in_the_dead_letter_queue() {
    let (store, _, table) = dynamodb_table().await;
    let pipeline = Pipeline::new(&table).await;
    pipeline.send("this is not a stream record").await;
    let confirmer = confirmer(Arc::new(store), verified_ses().await, SENDER);
    for _ in 0..=MAX_RECEIVES {
        pipeline.deliver(&confirmer).await;
    }
    assert_eq!(pipeline.dead_letters().await, 1);
}

#[tokio::test]
async fn records_that_are_not_new_letters_are_skipped() {
    let (store, _, table) = dynamodb_table().await;
    let store: Arc<DynamoDbLetterStore> = Arc::new(store);
    store
        .suppress(&shared::domain::EmailAddress::parse("x@example.org").unwrap())
        .await
        .unwrap();
    let pipeline = Pipeline::new(&table).await;
    // moto's key-only INSERT, the count shard's INSERT and the suppression's.
    pipeline.pump(1).await;
    pipeline
        .drain(&confirmer(store, verified_ses().await, SENDER))
        .await;
    assert_eq!(pipeline.dead_letters().await, 0);
}

#[tokio::test]
async fn two_mailers_handed_the_same_letter_at_once_send_one_email() {
    // moto's conditional writes race where DynamoDB's do not: one at a time.
    let proxy = FaultProxy::serialising(&moto()).await;
    let (store, _, _) = dynamodb_table_at(&proxy.endpoint).await;
    let email = unique_email();
    let letter = letter(&email);
    store.record(&letter).await.unwrap();
    let confirmer = Arc::new(confirmer(Arc::new(store), verified_ses().await, SENDER));

    let attempts: Vec<_> = (0..4)
        .map(|_| {
            let (confirmer, letter) = (confirmer.clone(), letter.clone());
            tokio::spawn(async move { confirmer.confirm(&letter).await })
        })
        .collect();
    let mut sent = 0;
    for attempt in attempts {
        if let Ok(SendOutcome::Sent) = attempt.await.unwrap() {
            sent += 1;
        }
    }
    assert_eq!(sent, 1);
    assert_eq!(ses_messages_to(&email).await.len(), 1);
}
