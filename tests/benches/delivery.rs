//! The delivery function's throughput against the stand-in: letters from
//! Maine (two offices each), fed to the function's handler as its queue
//! would, in batches of five stream records, over the embedded store.
//!
//!   cargo bench -p integration-tests --bench delivery
//!
//! First unpaced, which measures the function's own work (build, check,
//! XML, HTTP to the stand-in on loopback, a durable record per office);
//! then paced as production is, which shows the pacer holding the rate.
//! `BENCH_LETTERS` sets the unpaced run's size (default 500). The last
//! lines print one message as sent, with the fixtures' made-up person.

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use integration_tests::cwc_stand_in::StandIn;
use integration_tests::delivery::{deliverer, settings};
use letters_aws::DynamoDbStream;
use letters_aws::queue::handle_batch;
use shared::adapters::EmbeddedLetterStore;
use shared::domain::Chamber;
use shared::fixtures::delivering_letter;
use shared::letter::Letter;
use shared::letter::StoredLetter;
use shared::ports::LetterStore;
use shared::settings::CwcVariant;
use std::sync::Arc;
use std::time::{Duration, Instant};

const MAINE: [&str; 2] = ["SME01", "SME02"];
/// The event source mapping's batch size (infra/template.yaml).
const BATCH: usize = 5;

/// `letter`'s stream record as the queue carries it.
fn record(letter: &Letter) -> String {
    let mut image: serde_dynamo::Item = serde_dynamo::to_item(StoredLetter::from(letter)).unwrap();
    let pk = format!("LETTER#{}#{}", letter.campaign, letter.supporter_key());
    image.insert("pk".into(), serde_dynamo::AttributeValue::S(pk));
    serde_json::json!({
        "eventID": letter.id.to_string(),
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": { "Keys": {}, "NewImage": image, "SequenceNumber": "1", "SizeBytes": 1, "StreamViewType": "NEW_IMAGE" },
    })
    .to_string()
}

/// Delivers `n` letters at `rate` messages a second; the time it took.
async fn run(stand_in: &StandIn, n: usize, rate: f64) -> Duration {
    let dir = tempfile::TempDir::new().unwrap();
    let store = Arc::new(EmbeddedLetterStore::open(dir.path()).unwrap());
    let mut records = Vec::new();
    for i in 0..n {
        let letter = delivering_letter(&format!("bench-{i}-{}@example.org", uuid::Uuid::new_v4()));
        store.record(&letter).await.unwrap();
        records.push(record(&letter));
    }
    let settings = settings(stand_in, CwcVariant::default_for(Chamber::Senate), rate);
    let deliverer = deliverer(store, settings, &MAINE, Duration::from_secs(10));
    let start = Instant::now();
    for batch in records.chunks(BATCH) {
        let mut event = SqsEvent::default();
        for (i, body) in batch.iter().enumerate() {
            let mut message = SqsMessage::default();
            message.message_id = Some(i.to_string());
            message.body = Some(body.clone());
            event.records.push(message);
        }
        let response = handle_batch(&deliverer, &DynamoDbStream, None, event).await;
        assert!(
            response.batch_item_failures.is_empty(),
            "every letter delivered"
        );
    }
    start.elapsed()
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("BENCH_LETTERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let stand_in = StandIn::start(&MAINE).await;
    // Warm up: connections, the stand-in's first requests.
    run(&stand_in, 10, 1e9).await;
    let runs = [("unpaced", n, 1e9), ("paced at 20 messages/s", 40, 20.0)];
    for (label, letters, rate) in runs {
        let elapsed = run(&stand_in, letters, rate).await.as_secs_f64();
        println!(
            "{label}: {letters} letters, {} messages in {elapsed:.2} s: {:.0} letters/s, {:.0} messages/s",
            letters * 2,
            letters as f64 / elapsed,
            (letters * 2) as f64 / elapsed,
        );
    }
    let taken = stand_in.taken();
    assert_eq!(taken.len(), (10 + n + 40) * 2, "each message taken once");
    println!(
        "\nOne message as sent to {}:\n{}",
        taken[0].office, taken[0].xml
    );
}
