//! The fault drill: supporters write letters at a fixed concurrency to the
//! local server over DynamoDB in moto, through the fault proxy, pressing
//! "send" again when told to; then the table's stream is handed (twice over,
//! shuffled, as an at-least-once pipe may) to the mailer, itself through the
//! proxy, until every letter has settled, with mailers killed mid-batch on
//! the way; then to the deliverer the same way, sending to the stand-in for
//! Congress's services, which is down or slow for a share of its requests.
//! What became of every acknowledged letter is then counted from moto and
//! the stand-in directly: stored, counted, confirmed once, delivered once
//! to each office, or lost.

use crate::cwc_stand_in::{self, StandIn};
use crate::faults::{Fault, FaultProxy, Rule, Tally};
use crate::{delivery, moto};
use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use letters_aws::dynamodb::ChangeStream;
use letters_aws::queue::handle_batch;
use letters_aws::{DynamoDbLetterStore, DynamoDbStream, SesMailer};
use local::{AdminToken, Backend, Consumers, LocalSettings, ServeLimits};
use serde_json::Value;
use shared::aggregate::{StreamBatch, handle_stream_batch};
use shared::confirm::{ConfirmationSender, Pacer};
use shared::cwc::DeliveryId;
use shared::domain::CampaignSlug;
use shared::fixtures::{delivering_catalog, emails};
use shared::letter::StoredLetter;
use shared::letter::{ConfirmationStatus, Letter, OfficeDelivery};
use shared::ports::{AnalyticsStore, LetterStore};
use shared::queue::LetterConsumer;
use shared::settings::CwcVariant;
use shared::settings::Env;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a drill does.
#[derive(Debug, Clone)]
pub struct Plan {
    pub letters: usize,
    pub concurrency: usize,
    /// The share of each operation's requests that misbehave.
    pub share: f64,
    pub seed: u64,
    /// Every supporter writes from one address: one letter must come of it.
    pub one_address: bool,
}

/// What became of a drill's letters.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub letters: usize,
    pub acknowledged: usize,
    /// Answers asking the supporter to send again (503), and other answers
    /// a supporter should never see (a 500, say).
    pub sent_back: usize,
    pub unexpected: BTreeMap<u16, usize>,
    pub stored: usize,
    pub counted: u64,
    pub tallied: u64,
    /// Letters emailed at least once, and letters never emailed that were
    /// marked failed for good, with SES's reason.
    pub confirmed: usize,
    pub failed: usize,
    pub duplicates_sent: usize,
    /// Mailers killed mid-batch: each may leave one send whose outcome it
    /// never recorded.
    pub mailers_killed: usize,
    /// Letters delivered to each of their offices, and letters with an
    /// office settled otherwise (rejected, unreachable) with its reason.
    pub delivered: usize,
    pub not_delivered: usize,
    /// Messages the delivery service was sent again after it had taken
    /// them (it refused each as a duplicate, as Congress's services do),
    /// and messages it took twice for one letter and office.
    pub duplicate_deliveries_sent: usize,
    pub duplicates_delivered: usize,
    /// Deliverers killed mid-batch.
    pub deliverers_killed: usize,
    pub lost: usize,
    /// Time for the confirmations, then for the deliveries, to settle.
    pub drain: Duration,
    pub delivery_drain: Duration,
    pub injected: Tally,
    /// Requests the delivery stand-in answered 503 or late.
    pub delivery_faults: usize,
}

impl Report {
    /// The report as a table row, after [`Report::HEADER`].
    pub fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} s | {:.1} s |",
            self.letters,
            self.acknowledged,
            self.stored,
            self.counted,
            self.tallied,
            self.confirmed,
            self.failed,
            self.duplicates_sent,
            self.mailers_killed,
            self.delivered,
            self.not_delivered,
            self.duplicate_deliveries_sent,
            self.duplicates_delivered,
            self.deliverers_killed,
            self.sent_back,
            self.lost,
            self.drain.as_secs_f64(),
            self.delivery_drain.as_secs_f64()
        )
    }

    /// Each way the drill found the promise to supporters broken; none when
    /// it was kept.
    pub fn broken_promises(&self) -> Vec<String> {
        let lost_answers: u64 = self
            .injected
            .injected
            .iter()
            .filter(|(what, _)| what.starts_with("SendEmail DropAfter"))
            .map(|(_, n)| n)
            .sum();
        let stored = self.stored as u64;
        [
            (
                self.unexpected.is_empty(),
                format!("answers a supporter must never see: {:?}", self.unexpected),
            ),
            (
                self.lost == 0,
                format!("{} acknowledged letters lost", self.lost),
            ),
            (
                self.stored == self.acknowledged,
                "letters stored other than those acknowledged".to_owned(),
            ),
            (
                self.counted == stored,
                "the count differs from the letters stored".to_owned(),
            ),
            (
                self.tallied == stored,
                "the analysts' tally differs from the letters stored".to_owned(),
            ),
            (
                self.confirmed + self.failed == self.stored,
                "letters neither confirmed nor failed with a reason".to_owned(),
            ),
            (
                self.delivered + self.not_delivered == self.stored,
                "letters not settled with each office".to_owned(),
            ),
            (
                self.duplicates_delivered == 0,
                "an office took a letter twice".to_owned(),
            ),
            (
                self.duplicates_sent as u64 <= lost_answers + self.mailers_killed as u64,
                "duplicate emails beyond the sends whose outcome was lost".to_owned(),
            ),
        ]
        .into_iter()
        .filter(|(kept, _)| !kept)
        .map(|(_, broken)| broken)
        .collect()
    }

    pub const HEADER: &str = "| scenario | letters | acknowledged | stored | counted | tallied | confirmed | failed for good | duplicate emails | mailers killed | delivered | not delivered (with reason) | duplicate deliveries sent (refused) | duplicates delivered | deliverers killed | sent back (503) | lost | confirmations drained | deliveries drained |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
}

/// The faults every DynamoDB operation meets, and SES's.
fn rules(share: f64) -> Vec<Rule> {
    let store = vec![
        Fault::ThroughputExceeded,
        Fault::Throttling,
        Fault::InternalError,
        Fault::Unavailable,
        Fault::Delay(Duration::from_millis(1500)),
        Fault::DropBefore,
        Fault::DropAfter,
    ];
    let mut transactions = store.clone();
    transactions.push(Fault::TransactionConflict);
    vec![
        Rule {
            operation: "TransactWriteItems",
            share,
            faults: transactions,
        },
        Rule {
            operation: "SendEmail",
            share,
            faults: vec![
                Fault::SesThrottling,
                Fault::SesRejected,
                Fault::Unavailable,
                Fault::DropBefore,
                Fault::DropAfter,
                Fault::Delay(Duration::from_millis(2500)),
            ],
        },
        Rule {
            operation: "*",
            share,
            faults: store,
        },
    ]
}

/// The SDK as a background function has it (the mailer's patience), at `endpoint`.
async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    letters_aws::bootstrap::Patience::BACKGROUND
        .loader()
        .endpoint_url(endpoint)
        .load()
        .await
}

/// Runs `plan` against the moto server at `moto`.
pub async fn run(moto_endpoint: &str, plan: &Plan) -> Report {
    // Faults begin once the server is set up (its table made, its sender verified).
    let proxy = FaultProxy::start(moto_endpoint, plan.seed, Vec::new()).await;
    // The drill's own reads and tallying, straight to moto: not what is
    // measured, and moto scans and tallies a large table slowly, so they
    // wait as long as it takes.
    let direct = letters_aws::bootstrap::sdk_loader()
        .endpoint_url(moto_endpoint)
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(300))
                .build(),
        )
        .load()
        .await;
    let table = format!("drill-{}", uuid::Uuid::new_v4());
    let store = DynamoDbLetterStore::new(aws_sdk_dynamodb::Client::new(&direct), &table);
    store
        .create_table_if_missing(ChangeStream::NewImages)
        .await
        .unwrap();
    let ses = aws_sdk_ses::Client::new(&direct);
    ses.verify_email_identity()
        .email_address("letters@example.org")
        .send()
        .await
        .unwrap();

    let mut report = Report {
        letters: plan.letters,
        ..Report::default()
    };
    let acknowledged = write_letters(&proxy, &table, plan, &mut report).await;
    report.acknowledged = acknowledged.len();

    let started = Instant::now();
    report.mailers_killed = confirm_all(&proxy, &direct, &table, plan.seed).await;
    report.drain = started.elapsed();

    let stand_in = StandIn::start(&TEXAS).await;
    report.delivery_faults = stand_in_faults(&stand_in, plan);
    let started = Instant::now();
    report.deliverers_killed = deliver_all(&proxy, &direct, &table, &stand_in, plan.seed).await;
    report.delivery_drain = started.elapsed();
    proxy.set_rules(Vec::new());
    report.injected = proxy.tally();

    let stored = stored_letters(&direct, &table).await;
    report.stored = stored.len();
    report.lost = acknowledged
        .values()
        .filter(|id| !stored.iter().any(|letter| letter.id == **id))
        .count();
    let campaign = CampaignSlug::parse("sesta").unwrap();
    report.counted = store.count(&campaign).await.unwrap();
    let records = stream_records(&direct, &table).await;
    // As Lambda hands a failed batch of the stream back, until it is done.
    for attempt in 1.. {
        let batch = StreamBatch {
            records: records.clone(),
        };
        match handle_stream_batch(&DynamoDbStream, &store, batch).await {
            Ok(_) => break,
            Err(error) if attempt < 5 => eprintln!("tallying again after: {error:#}"),
            Err(error) => panic!("tallying failed five times: {error:#}"),
        }
    }
    report.tallied = store.tally(&campaign).await.unwrap().get("letters");
    let mut sent: HashMap<String, usize> = HashMap::new();
    for mail in moto::ses_messages(moto_endpoint).await {
        *sent.entry(mail.to).or_default() += 1;
    }
    for letter in &stored {
        match sent.get(letter.fields.email.as_ref()).copied().unwrap_or(0) {
            0 => {
                if matches!(letter.confirmation, ConfirmationStatus::Failed { .. }) {
                    report.failed += 1;
                }
            }
            // Emailed, even if SES then refused it when sent again after the
            // answer was lost (which SES would not do): confirmed.
            n => {
                report.confirmed += 1;
                report.duplicates_sent += n - 1;
            }
        }
    }
    count_deliveries(&stored, &stand_in, &mut report);
    report
}

/// The offices a Texan's letter goes to, both on the stand-in's list and ours.
const TEXAS: [&str; 2] = ["STX01", "STX02"];

/// How long the deliverer waits for the service's answer; a slow answer
/// comes later, after the service has taken the message.
const DELIVERY_TIMEOUT: Duration = Duration::from_millis(400);

/// Makes a seeded `plan.share` of the stand-in's requests, over about as
/// many as the letters will need, fail: down for maintenance (503, nothing
/// taken) or answering past the deliverer's timeout (taken, the answer
/// lost). How many.
fn stand_in_faults(stand_in: &StandIn, plan: &Plan) -> usize {
    let mut state = plan.seed | 1;
    let mut faults = Vec::new();
    let requests = plan.letters * TEXAS.len() * 2;
    for _ in 0..requests {
        let drawn = xorshift(&mut state);
        let share = (drawn % 10_000) as f64 / 10_000.0;
        faults.push(if share >= plan.share {
            None
        } else if drawn.is_multiple_of(2) {
            Some(cwc_stand_in::Fault::Maintenance)
        } else {
            Some(cwc_stand_in::Fault::Slow(DELIVERY_TIMEOUT * 2))
        });
    }
    stand_in.inject_each(&faults);
    faults.iter().flatten().count()
}

/// Delivered, not delivered, and duplicates, from the letters' records and
/// what the stand-in took.
fn count_deliveries(stored: &[Letter], stand_in: &StandIn, report: &mut Report) {
    let mut taken: HashMap<String, usize> = HashMap::new();
    for message in stand_in.taken() {
        *taken.entry(message.delivery_id).or_default() += 1;
    }
    for letter in stored {
        let offices = &letter.deliveries;
        if offices.len() == TEXAS.len() && offices.values().all(OfficeDelivery::is_settled) {
            let each_delivered = offices
                .values()
                .all(|office| matches!(office, OfficeDelivery::Delivered { .. }));
            if each_delivered {
                report.delivered += 1;
            } else {
                report.not_delivered += 1;
            }
        }
        for office in offices.keys() {
            let id = DeliveryId::derive(letter.id, office).to_string();
            let times = taken.remove(&id).unwrap_or(0);
            report.duplicates_delivered += times.saturating_sub(1);
        }
    }
    // A message taken for no stored letter and office is a stray copy.
    report.duplicates_delivered += taken.values().sum::<usize>();
    report.duplicate_deliveries_sent = stand_in.answered(409);
}

/// Every supporter writes and presses "send" again while told to; the id
/// each was given, by address. Addresses are named after the table, so
/// emails from other runs on the same moto are not counted.
async fn write_letters(
    proxy: &FaultProxy,
    table: &str,
    plan: &Plan,
    report: &mut Report,
) -> HashMap<String, uuid::Uuid> {
    let data_dir = tempfile::TempDir::new().unwrap();
    // Limits no supporter reaches, even one address pressing "send" each time.
    let rate = (plan.letters * (SENDS_AT_MOST + 1)).to_string();
    let env = Env::from_pairs([
        ("MIN_FILL_SECONDS", "0"),
        ("RATE_LIMIT_PER_IP_PER_MINUTE", rate.as_str()),
        ("RATE_LIMIT_PER_EMAIL_PER_HOUR", rate.as_str()),
        // Every drill address is at one domain.
        ("RATE_LIMIT_PER_DOMAIN_PER_MINUTE", rate.as_str()),
    ]);
    let mut local = LocalSettings::isolated(
        data_dir.path(),
        Backend::Aws {
            table: table.to_owned(),
        },
        AdminToken::new("drill"),
        &env,
    );
    local.aws_endpoint = Some(proxy.endpoint.clone());
    let router = local::build(&local, delivering_catalog(), Consumers::None)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(local::serve(
        listener,
        router,
        ServeLimits::default(),
        std::future::pending(),
    ));
    proxy.set_rules(rules(plan.share));

    let client = reqwest::Client::new();
    let gate = Arc::new(tokio::sync::Semaphore::new(plan.concurrency));
    let mut writers = tokio::task::JoinSet::new();
    for n in 0..plan.letters {
        let email = if plan.one_address {
            format!("{table}@example.org")
        } else {
            format!("{table}-{n}@example.org")
        };
        let (client, base, gate) = (client.clone(), base.clone(), gate.clone());
        writers.spawn(async move {
            let _turn = gate.acquire_owned().await.unwrap();
            let answers = write_one(&client, &base, &email).await;
            (email, answers)
        });
    }
    let mut acknowledged = HashMap::new();
    while let Some(joined) = writers.join_next().await {
        let (email, answers) = joined.unwrap();
        for (status, body) in answers {
            match status {
                201 => {
                    let id = body["id"].as_str().unwrap().parse().unwrap();
                    let earlier = acknowledged.insert(email.clone(), id);
                    assert!(
                        earlier.is_none_or(|earlier| earlier == id),
                        "one address, one letter: {earlier:?} then {id}"
                    );
                }
                503 => report.sent_back += 1,
                other => *report.unexpected.entry(other).or_default() += 1,
            }
        }
    }
    acknowledged
}

/// How often a supporter presses "send" before giving up.
const SENDS_AT_MOST: usize = 30;

/// One supporter: a token as the page's script fetches it, then the
/// letter, sent again (as a person would, about when the answer's
/// `Retry-After` says) while the answer says to.
async fn write_one(client: &reqwest::Client, base: &str, email: &str) -> Vec<(u16, Value)> {
    let mut answers = Vec::new();
    let token = loop {
        let asked = client.get(format!("{base}/c/sesta/form-token")).send();
        if let Ok(body) = async { asked.await?.json::<Value>().await }.await
            && let Some(token) = body["form_token"].as_str()
        {
            break token.to_owned();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut letter = serde_json::to_value(shared::fixtures::letter_form("TX", email)).unwrap();
    letter["form_token"] = token.into();
    // The campaign delivers its letters, so its form asks for a prefix.
    letter["prefix"] = "Ms.".into();
    for _ in 0..SENDS_AT_MOST {
        let response = client
            .post(format!("{base}/c/sesta/letters"))
            .json(&letter)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let wait = retry_after(&response);
        let body: Value = response.json().await.unwrap_or(Value::Null);
        answers.push((status, body));
        if status != 503 {
            break;
        }
        tokio::time::sleep(wait.mul_f64(0.5 + spread(email, answers.len()))).await;
    }
    answers
}

/// The wait an answer asks for (`Retry-After`, in seconds), else a second.
fn retry_after(response: &reqwest::Response) -> Duration {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok()?.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_secs)
}

/// A fixed share in [0, 1) for a supporter's `attempt`: as people do, they
/// press "send" again some time around when they were asked to, not all at
/// once (fifty at once, again and again, would keep every one waiting past
/// the server's timeouts), and the same in every run.
fn spread(email: &str, attempt: usize) -> f64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (email, attempt).hash(&mut hasher);
    (hasher.finish() % 1000) as f64 / 1000.0
}

/// The SDK as a consumer reaching AWS through the proxy has it, and the
/// letters table through it.
async fn through_proxy(
    proxy: &FaultProxy,
    table: &str,
) -> (aws_config::SdkConfig, Arc<DynamoDbLetterStore>) {
    let through = sdk_config(&proxy.endpoint).await;
    let store = Arc::new(DynamoDbLetterStore::new(
        aws_sdk_dynamodb::Client::new(&through),
        table,
    ));
    (through, store)
}

/// The table's stream, twice over and shuffled, handed to mailers (through
/// the proxy) in batches of ten until every letter has settled; each round
/// one mailer is killed mid-batch. How many were killed.
async fn confirm_all(
    proxy: &FaultProxy,
    direct: &aws_config::SdkConfig,
    table: &str,
    seed: u64,
) -> usize {
    let (through, store) = through_proxy(proxy, table).await;
    let mailer = Arc::new(SesMailer::new(
        aws_sdk_ses::Client::new(&through),
        &"Letters demo <letters@example.org>".parse().unwrap(),
        None,
    ));
    // A short lease, so a killed mailer's letters are taken over soon.
    let lease = Duration::from_secs(2);
    let sender = Arc::new(ConfirmationSender::new(
        store.clone(),
        mailer,
        emails(),
        Pacer::new(1000.0),
        lease,
    ));
    drain(sender, stream_records(direct, table).await, seed, lease).await
}

/// The table's stream handed to a deliverer (reaching AWS through the
/// proxy, and the stand-in directly) the same way as to the mailers.
async fn deliver_all(
    proxy: &FaultProxy,
    direct: &aws_config::SdkConfig,
    table: &str,
    stand_in: &StandIn,
    seed: u64,
) -> usize {
    let (_, store) = through_proxy(proxy, table).await;
    let settings = delivery::settings(
        stand_in,
        CwcVariant::default_for(shared::domain::Chamber::Senate),
        1000.0,
    );
    let deliverer = Arc::new(delivery::deliverer(
        store,
        settings,
        &TEXAS,
        DELIVERY_TIMEOUT,
    ));
    // A message whose letter waits for an office comes back after as long.
    let pause = Duration::from_secs(2);
    drain(deliverer, stream_records(direct, table).await, seed, pause).await
}

/// Hands `records` twice over, shuffled, to `consumer` in batches of ten
/// until every one is done, killing one consumer mid-batch each round and
/// waiting `pause` before a round that retries (as SQS hides a message
/// that failed for a while). How many were killed.
async fn drain(
    consumer: Arc<impl LetterConsumer + 'static>,
    records: Vec<Value>,
    seed: u64,
    pause: Duration,
) -> usize {
    let mut queue: Vec<Value> = records.iter().chain(records.iter()).cloned().collect();
    shuffle(&mut queue, seed);
    let mut killed = 0;
    for round in 0..60 {
        if queue.is_empty() {
            return killed;
        }
        let mut retry = Vec::new();
        for (n, batch) in queue.chunks(10).enumerate() {
            let event = sqs_event(batch);
            let consumer = consumer.clone();
            let task = tokio::spawn(async move {
                handle_batch(&*consumer, &DynamoDbStream, None, event).await
            });
            if n == round % 7 {
                // A consumer dies mid-batch: every message of the batch comes back.
                tokio::time::sleep(Duration::from_millis(5)).await;
                task.abort();
                killed += 1;
                retry.extend(batch.iter().cloned());
                continue;
            }
            let response = task.await.unwrap();
            for failure in response.batch_item_failures {
                let at: usize = failure.item_identifier.parse().unwrap();
                retry.push(batch[at].clone());
            }
        }
        if !retry.is_empty() {
            tokio::time::sleep(pause).await;
        }
        queue = retry;
    }
    panic!("the queue did not drain");
}

fn sqs_event(batch: &[Value]) -> SqsEvent {
    let mut event = SqsEvent::default();
    for (at, record) in batch.iter().enumerate() {
        let mut message = SqsMessage::default();
        message.message_id = Some(at.to_string());
        message.body = Some(record.to_string());
        event.records.push(message);
    }
    event
}

/// A seeded shuffle: Fisher-Yates over an xorshift sequence.
fn shuffle(items: &mut [Value], seed: u64) {
    let mut state = seed | 1;
    for at in (1..items.len()).rev() {
        items.swap(at, (xorshift(&mut state) % (at as u64 + 1)) as usize);
    }
}

/// The next number of a seeded sequence (`state` never zero).
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

async fn stream_records(config: &aws_config::SdkConfig, table: &str) -> Vec<Value> {
    moto::stream_records(
        &aws_sdk_dynamodb::Client::new(config),
        &aws_sdk_dynamodbstreams::Client::new(config),
        table,
    )
    .await
}

/// Every letter in the table, read back by a scan (the application never
/// scans; the drill checks it).
async fn stored_letters(config: &aws_config::SdkConfig, table: &str) -> Vec<Letter> {
    let client = aws_sdk_dynamodb::Client::new(config);
    let mut letters = Vec::new();
    let mut start = None;
    loop {
        let page = client
            .scan()
            .table_name(table)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        for item in page.items.unwrap_or_default() {
            if item["pk"].as_s().unwrap().starts_with("LETTER#") {
                let stored: StoredLetter = serde_dynamo::from_item(item).unwrap();
                letters.push(stored.into());
            }
        }
        start = page.last_evaluated_key;
        if start.is_none() {
            return letters;
        }
    }
}
