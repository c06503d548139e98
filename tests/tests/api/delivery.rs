//! Delivery on the moto server, as AWS wires it, against the stand-in for
//! Congress's delivery services: each letter reaches each office once,
//! whatever the queue replays or the services answer.

use crate::helpers::{dynamodb_table, items_with_prefix};
use crate::pipeline::Pipeline;
use async_trait::async_trait;
use integration_tests::cwc_stand_in::{Fault, StandIn};
use integration_tests::delivery::deliverer;
use letters_aws::DynamoDbLetterStore;
use letters_aws::bootstrap::secret_text;
use shared::adapters::{ApiKey, CwcApiKeys};
use shared::domain::Chamber;
use shared::fixtures::delivering_letter;
use shared::letter::StoredLetter;
use shared::letter::{Letter, OfficeDelivery};
use shared::members::OfficeCode;
use shared::ports::{DeliveryState, DeliveryStore, LetterStore, StoreError};
use shared::settings::{CwcVariant, DeliverySettings};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const MAINE: [&str; 2] = ["SME01", "SME02"];

/// Settings for the stand-in, sending as fast as asked.
pub fn settings(stand_in: &StandIn, senate: CwcVariant) -> DeliverySettings {
    integration_tests::delivery::settings(stand_in, senate, 1000.0)
}

/// The table's only letter's deliveries, by office code.
pub async fn deliveries_of(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
) -> Vec<(String, OfficeDelivery)> {
    let [letter] = &items_with_prefix(client, table, "LETTER#").await[..] else {
        panic!("one letter stored");
    };
    let stored: StoredLetter = serde_dynamo::from_item(letter.clone()).unwrap();
    Letter::from(stored)
        .deliveries
        .into_iter()
        .map(|(office, delivery)| (office.to_string(), delivery))
        .collect()
}

pub fn states(deliveries: &[(String, OfficeDelivery)]) -> Vec<(&str, &str)> {
    deliveries
        .iter()
        .map(|(office, delivery)| (office.as_str(), delivery.state()))
        .collect()
}

pub fn unique_email() -> String {
    format!("supporter-{}@example.org", uuid::Uuid::new_v4())
}

/// A Maine letter stored in a fresh table, with the table's stream piped to a queue.
async fn stored_letter() -> (
    Arc<DynamoDbLetterStore>,
    aws_sdk_dynamodb::Client,
    String,
    Pipeline,
) {
    let (store, client, table) = dynamodb_table().await;
    store
        .record(&delivering_letter(&unique_email()))
        .await
        .unwrap();
    let pipeline = Pipeline::new(&table).await;
    pipeline.pump(1).await;
    (Arc::new(store), client, table, pipeline)
}

#[tokio::test]
async fn a_letter_to_two_senators_brings_two_accepted_messages_and_two_delivered_records() {
    let stand_in = StandIn::start(&MAINE).await;
    let (store, client, table, pipeline) = stored_letter().await;
    let settings = settings(&stand_in, CwcVariant::default_for(Chamber::Senate));
    pipeline
        .drain(&deliverer(store, settings, &MAINE, Duration::from_secs(5)))
        .await;

    let taken: Vec<String> = stand_in
        .taken()
        .into_iter()
        .map(|taken| taken.office)
        .collect();
    assert_eq!(taken, ["SME02", "SME01"], "senior Senator first");
    assert_eq!(stand_in.answered(201), 2);
    let deliveries = deliveries_of(&client, &table).await;
    assert_eq!(
        states(&deliveries),
        [("SME01", "delivered"), ("SME02", "delivered")]
    );
    assert!(
        matches!(&deliveries[0].1, OfficeDelivery::Delivered { answer, .. } if answer.starts_with("201 Message"))
    );
    assert_eq!(pipeline.dead_letters().await, 0);
}

#[tokio::test]
async fn an_invalid_message_is_rejected_with_the_services_words_and_not_retried() {
    let stand_in = StandIn::start(&MAINE).await;
    let (store, client, table, pipeline) = stored_letter().await;
    // Misconfigured as bare bills: our checks pass, the Senate's schema does not.
    let bare = CwcVariant::parse(Chamber::Senate, "bills=bare").unwrap();
    let settings = settings(&stand_in, bare);
    pipeline
        .drain(&deliverer(store, settings, &MAINE, Duration::from_secs(5)))
        .await;

    for (office, delivery) in deliveries_of(&client, &table).await {
        let OfficeDelivery::Rejected { error, .. } = delivery else {
            panic!("{office} rejected: {delivery:?}");
        };
        assert!(
            error.contains("Message: the element Bill is not allowed here"),
            "{error}"
        );
    }
    assert_eq!(
        stand_in.requests(),
        2,
        "one request per office, never retried"
    );
    assert_eq!(pipeline.dead_letters().await, 0);
}

#[tokio::test]
async fn a_maintenance_window_is_waited_out_and_retried_to_success() {
    let stand_in = StandIn::start(&MAINE).await;
    stand_in.inject(&[Fault::Maintenance]);
    let (store, client, table, pipeline) = stored_letter().await;
    let deliverer = deliverer(
        store,
        settings(&stand_in, CwcVariant::default_for(Chamber::Senate)),
        &MAINE,
        Duration::from_secs(5),
    );

    pipeline.deliver(&deliverer).await;
    let deliveries = deliveries_of(&client, &table).await;
    assert_eq!(
        states(&deliveries),
        [("SME01", "delivered"), ("SME02", "retrying")]
    );
    assert!(
        matches!(&deliveries[1].1, OfficeDelivery::Retrying { attempts: 1, error, .. } if error.contains("503"))
    );

    pipeline.drain(&deliverer).await;
    assert_eq!(
        states(&deliveries_of(&client, &table).await),
        [("SME01", "delivered"), ("SME02", "delivered")]
    );
    assert_eq!(stand_in.taken().len(), 2);
    assert_eq!(pipeline.dead_letters().await, 0);
}

#[tokio::test]
async fn a_timeout_is_retried_and_delivers_once() {
    let stand_in = StandIn::start(&MAINE).await;
    stand_in.inject(&[Fault::Slow(Duration::from_secs(3))]);
    let (store, client, table, pipeline) = stored_letter().await;
    let deliverer = deliverer(
        store,
        settings(&stand_in, CwcVariant::default_for(Chamber::Senate)),
        &MAINE,
        Duration::from_millis(300),
    );

    pipeline.deliver(&deliverer).await;
    let deliveries = deliveries_of(&client, &table).await;
    assert!(
        matches!(&deliveries[1].1, OfficeDelivery::Retrying { error, .. } if error.contains("timed out")),
        "{deliveries:?}"
    );
    pipeline.drain(&deliverer).await;
    assert_eq!(
        states(&deliveries_of(&client, &table).await),
        [("SME01", "delivered"), ("SME02", "delivered")]
    );
    assert_eq!(stand_in.taken().len(), 2);
    assert_eq!(
        stand_in.answered(409),
        1,
        "the message taken while its sender stopped waiting, refused when sent again"
    );
}

#[tokio::test]
async fn a_record_replayed_three_times_delivers_nothing_twice() {
    let stand_in = StandIn::start(&MAINE).await;
    let (store, client, table, pipeline) = stored_letter().await;
    pipeline.pump(2).await;
    let deliverer = deliverer(
        store,
        settings(&stand_in, CwcVariant::default_for(Chamber::Senate)),
        &MAINE,
        Duration::from_secs(5),
    );
    pipeline.drain(&deliverer).await;

    assert_eq!(stand_in.taken().len(), 2);
    assert_eq!(
        stand_in.requests(),
        2,
        "settled offices are not even asked again"
    );
    assert_eq!(
        states(&deliveries_of(&client, &table).await),
        [("SME01", "delivered"), ("SME02", "delivered")]
    );
}

/// A store that loses its first `crashes` records, as a deliverer that
/// crashed right after sending would.
struct CrashingAfterSend {
    inner: Arc<DynamoDbLetterStore>,
    crashes: AtomicUsize,
}

#[async_trait]
impl DeliveryStore for CrashingAfterSend {
    async fn delivery_state(&self, letter: &Letter) -> Result<Option<DeliveryState>, StoreError> {
        self.inner.delivery_state(letter).await
    }

    async fn record_delivery(
        &self,
        letter: &Letter,
        office: &OfficeCode,
        previous: Option<&OfficeDelivery>,
        new: &OfficeDelivery,
    ) -> Result<bool, StoreError> {
        if self
            .crashes
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(StoreError::Unexpected(anyhow::anyhow!(
                "crashed between send and record"
            )));
        }
        self.inner
            .record_delivery(letter, office, previous, new)
            .await
    }
}

#[tokio::test]
async fn a_crash_between_send_and_record_is_settled_by_the_services_409_as_delivered() {
    let stand_in = StandIn::start(&MAINE).await;
    let (store, client, table, pipeline) = stored_letter().await;
    let crashing = Arc::new(CrashingAfterSend {
        inner: store,
        crashes: AtomicUsize::new(1),
    });
    let deliverer = deliverer(
        crashing,
        settings(&stand_in, CwcVariant::default_for(Chamber::Senate)),
        &MAINE,
        Duration::from_secs(5),
    );
    pipeline.drain(&deliverer).await;

    assert_eq!(
        stand_in.taken().len(),
        2,
        "each office took the letter once"
    );
    assert_eq!(stand_in.answered(409), 1, "the resend was the same message");
    let deliveries = deliveries_of(&client, &table).await;
    assert_eq!(
        states(&deliveries),
        [("SME01", "delivered"), ("SME02", "delivered")]
    );
    assert!(deliveries.iter().any(
        |(_, d)| matches!(d, OfficeDelivery::Delivered { answer, .. } if answer.starts_with("409"))
    ));
}

#[tokio::test]
async fn an_office_off_our_list_is_unreachable_and_never_sent_to() {
    let stand_in = StandIn::start(&MAINE).await;
    let (store, client, table, pipeline) = stored_letter().await;
    let deliverer = deliverer(
        store,
        settings(&stand_in, CwcVariant::default_for(Chamber::Senate)),
        &["SME02"],
        Duration::from_secs(5),
    );
    pipeline.drain(&deliverer).await;

    let deliveries = deliveries_of(&client, &table).await;
    assert_eq!(
        states(&deliveries),
        [("SME01", "unreachable"), ("SME02", "delivered")]
    );
    assert!(
        matches!(&deliveries[0].1, OfficeDelivery::Unreachable { reason, .. } if reason.contains("not on the Senate's list"))
    );
    assert_eq!(stand_in.requests(), 1);
}

#[tokio::test]
async fn a_letter_stored_before_deliveries_were_kept_is_delivered() {
    let stand_in = StandIn::start(&MAINE).await;
    let (store, client, table, pipeline) = stored_letter().await;
    let [item] = &items_with_prefix(&client, &table, "LETTER#").await[..] else {
        panic!("one letter stored");
    };
    client
        .update_item()
        .table_name(&table)
        .key("pk", item["pk"].clone())
        .update_expression("REMOVE deliveries")
        .send()
        .await
        .unwrap();
    let settings = settings(&stand_in, CwcVariant::default_for(Chamber::Senate));
    pipeline
        .drain(&deliverer(store, settings, &MAINE, Duration::from_secs(5)))
        .await;
    assert_eq!(
        states(&deliveries_of(&client, &table).await),
        [("SME01", "delivered"), ("SME02", "delivered")]
    );
}

#[tokio::test]
async fn the_api_keys_are_read_from_their_secret_and_never_printed() {
    let sdk_config = letters_aws::bootstrap::sdk_loader().load().await;
    let secrets = aws_sdk_secretsmanager::Client::new(&sdk_config);
    let name = format!("cwc-keys-{}", uuid::Uuid::new_v4());
    let created = secrets
        .create_secret()
        .name(&name)
        .secret_string(r#"{"senate": "senate-s3cret", "house": ""}"#)
        .send()
        .await
        .unwrap();
    let text = secret_text(&sdk_config, created.arn().unwrap())
        .await
        .unwrap();
    let keys = CwcApiKeys::from_secret_text(&text).unwrap();
    assert_eq!(keys.senate, Some(ApiKey::new("senate-s3cret")));
    assert_eq!(keys.house, None, "an empty key is no key");
    assert!(!format!("{keys:?}").contains("s3cret"));

    let malformed = format!("{name}-malformed");
    secrets
        .create_secret()
        .name(&malformed)
        .secret_string("senate-s3cret")
        .send()
        .await
        .unwrap();
    let text = secret_text(&sdk_config, &malformed).await.unwrap();
    let error = CwcApiKeys::from_secret_text(&text).unwrap_err();
    assert!(!format!("{error:#}").contains("s3cret"), "{error:#}");
}
