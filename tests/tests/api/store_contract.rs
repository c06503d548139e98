//! The store contract: what every store adapter promises, written once and
//! run against the embedded store and against DynamoDB in the moto server.

use crate::helpers::{dynamodb_table_at, moto};
use crate::pipeline::Pipeline;
use async_trait::async_trait;
use integration_tests::faults::FaultProxy;
use letters_aws::{DynamoDbLetterStore, DynamoDbStream};
use shared::adapters::EmbeddedLetterStore;
use shared::aggregate::{StreamBatch, handle_stream_batch};
use shared::analytics::ExportFilter;
use shared::domain::{CampaignSlug, EmailAddress};
use shared::fixtures::letter;
use shared::letter::{ConfirmationStatus, Deliveries, OfficeDelivery};
use shared::members::OfficeCode;
use shared::ports::{Allowance, Claim, RateLimit, Recorded, Store};
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// A store under test, and how to bring its tallies up to date.
#[async_trait]
trait Subject: Send + Sync {
    fn store(&self) -> Arc<dyn Store>;

    /// Does what the stream's consumers do for a store that needs them.
    async fn catch_up(&self);
}

struct Embedded {
    store: Arc<EmbeddedLetterStore>,
    _dir: tempfile::TempDir,
}

#[async_trait]
impl Subject for Embedded {
    fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// The embedded store keeps its tallies as it writes.
    async fn catch_up(&self) {}
}

struct DynamoDb {
    store: Arc<DynamoDbLetterStore>,
    table: String,
}

#[async_trait]
impl Subject for DynamoDb {
    fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// Feeds the table's stream to the aggregator, as its event source would.
    async fn catch_up(&self) {
        let records = Pipeline::new(&self.table).await.stream_records().await;
        handle_stream_batch(
            &DynamoDbStream,
            self.store.as_ref(),
            StreamBatch { records },
        )
        .await
        .unwrap();
    }
}

async fn embedded() -> Embedded {
    let dir = tempfile::TempDir::new().unwrap();
    Embedded {
        store: Arc::new(EmbeddedLetterStore::open(dir.path()).unwrap()),
        _dir: dir,
    }
}

/// DynamoDB in moto, its calls passed one at a time (a race in moto is not
/// one in DynamoDB: see `integration_tests::faults`).
async fn dynamodb() -> DynamoDb {
    let proxy = FaultProxy::serialising(&moto()).await;
    let (store, _, table) = dynamodb_table_at(&proxy.endpoint).await;
    DynamoDb {
        store: Arc::new(store),
        table,
    }
}

fn sesta() -> CampaignSlug {
    CampaignSlug::parse("sesta").unwrap()
}

const LEASE: Duration = Duration::from_secs(60);

async fn a_letter_is_stored_once_and_counted(subject: impl Subject) {
    let store = subject.store();
    let first = letter("ada@example.org");
    assert_eq!(
        store.record(&first).await.unwrap(),
        Recorded::Stored { id: first.id }
    );
    let repeat = store.record(&letter("ADA@example.org")).await.unwrap();
    assert_eq!(repeat, Recorded::AlreadyRecorded { id: first.id });
    assert_eq!(store.count(&sesta()).await.unwrap(), 1);
    let other = CampaignSlug::parse("other").unwrap();
    assert_eq!(store.count(&other).await.unwrap(), 0);
    store.check_health().await.unwrap();
}

async fn concurrent_repeats_store_one_letter(subject: impl Subject) {
    let store = subject.store();
    let attempts: Vec<_> = (0..6)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.record(&letter("ada@example.org")).await.unwrap() })
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

async fn a_claim_holds_for_its_lease_and_then_may_be_taken_over(subject: impl Subject) {
    let store = subject.store();
    let letter = letter("ada@example.org");
    store.record(&letter).await.unwrap();
    let now = OffsetDateTime::now_utc();
    assert_eq!(
        store.claim(&letter, now, LEASE).await.unwrap(),
        Claim::Claimed
    );
    assert_eq!(
        store.claim(&letter, now, LEASE).await.unwrap(),
        Claim::HeldElsewhere,
        "a live lease holds"
    );
    let after_lease = now + LEASE + time::Duration::seconds(1);
    assert_eq!(
        store.claim(&letter, after_lease, LEASE).await.unwrap(),
        Claim::Claimed,
        "a lease run out is taken over"
    );
}

async fn a_settled_confirmation_is_never_claimed_again_and_is_counted(subject: impl Subject) {
    let store = subject.store();
    let letter = letter("ada@example.org");
    store.record(&letter).await.unwrap();
    let now = OffsetDateTime::now_utc();
    store.claim(&letter, now, LEASE).await.unwrap();
    store
        .settle(&letter, &ConfirmationStatus::Pending)
        .await
        .unwrap();
    assert_eq!(
        store.claim(&letter, now, LEASE).await.unwrap(),
        Claim::Claimed,
        "handed back, it may be claimed at once"
    );
    let sent = ConfirmationStatus::Sent {
        message_id: "m-1".into(),
    };
    store.settle(&letter, &sent).await.unwrap();
    assert_eq!(
        store.claim(&letter, now, LEASE).await.unwrap(),
        Claim::Settled(sent)
    );
    subject.catch_up().await;
    let tally = store.tally(&sesta()).await.unwrap();
    assert_eq!(tally.get("confirmation:sent"), 1);
    assert_eq!(tally.get("letters"), 1);
}

async fn a_suppressed_address_is_known_in_any_case(subject: impl Subject) {
    let store = subject.store();
    let email = EmailAddress::parse("Gone@Example.org").unwrap();
    assert!(!store.is_suppressed(&email).await.unwrap());
    store.suppress(&email).await.unwrap();
    store.suppress(&email).await.unwrap();
    let lower = EmailAddress::parse("gone@example.org").unwrap();
    assert!(store.is_suppressed(&lower).await.unwrap());
}

async fn tallies_and_exports_agree_with_the_letters(subject: impl Subject) {
    let store = subject.store();
    for (n, state) in ["TX", "TX", "CA"].iter().enumerate() {
        let form = shared::fixtures::letter_form(state, &format!("s{n}@example.org"));
        store
            .record(&shared::fixtures::compose_letter(&form))
            .await
            .unwrap();
    }
    subject.catch_up().await;
    subject.catch_up().await;
    let tally = store.tally(&sesta()).await.unwrap();
    assert_eq!(tally.get("letters"), 3, "each letter counted once");
    assert_eq!((tally.get("state:TX"), tally.get("state:CA")), (2, 1));

    let (mut ids, mut cursor) = (Vec::new(), None::<String>);
    loop {
        let page = store
            .export_page(&sesta(), &ExportFilter::default(), cursor.as_deref(), 2)
            .await
            .unwrap();
        ids.extend(page.letters.iter().map(|letter| letter.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "every letter exported once");
}

async fn an_offices_delivery_moves_only_forward_and_is_counted(subject: impl Subject) {
    let store = subject.store();
    let letter = shared::fixtures::delivering_letter("ada@example.org");
    assert_eq!(
        store.deliveries(&letter).await.unwrap(),
        None,
        "not stored yet"
    );
    store.record(&letter).await.unwrap();
    assert_eq!(
        store.deliveries(&letter).await.unwrap(),
        Some(Deliveries::new())
    );
    let (maine, king) = (
        OfficeCode::parse("SME02").unwrap(),
        OfficeCode::parse("SME01").unwrap(),
    );
    let at = OffsetDateTime::now_utc();
    let retrying = |attempts| OfficeDelivery::Retrying {
        at,
        attempts,
        error: "503".into(),
    };
    let delivered = OfficeDelivery::Delivered {
        at,
        answer: "201".into(),
    };
    let record = |office: &OfficeCode, previous: Option<OfficeDelivery>, new: OfficeDelivery| {
        let (store, letter, office) = (store.clone(), letter.clone(), office.clone());
        async move {
            store
                .record_delivery(&letter, &office, previous.as_ref(), &new)
                .await
                .unwrap()
        }
    };
    assert!(record(&maine, None, retrying(1)).await);
    assert!(
        !record(&maine, None, retrying(1)).await,
        "someone else tried it first"
    );
    assert!(record(&maine, Some(retrying(1)), retrying(2)).await);
    assert!(
        !record(&maine, Some(retrying(1)), delivered.clone()).await,
        "a stale previous is refused"
    );
    assert!(record(&maine, Some(retrying(2)), delivered.clone()).await);
    assert!(
        !record(&maine, Some(delivered), retrying(1)).await,
        "settled for good"
    );
    let unreachable = OfficeDelivery::Unreachable {
        at,
        reason: "not on the list".into(),
    };
    assert!(record(&king, None, unreachable).await);

    let stored = store.deliveries(&letter).await.unwrap().unwrap();
    assert_eq!(
        (stored[&maine].state(), stored[&king].state()),
        ("delivered", "unreachable")
    );
    subject.catch_up().await;
    let by_office = store.tally(&sesta()).await.unwrap().deliveries();
    assert_eq!(
        (by_office["SME02"].delivered, by_office["SME02"].retrying),
        (1, 0)
    );
    assert_eq!(by_office["SME01"].unreachable, 1);
    let page = store
        .export_page(&sesta(), &ExportFilter::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(
        page.letters[0].deliveries, stored,
        "exports carry each office's delivery"
    );
}

async fn a_house_letter_keeps_its_recipients_chambers_and_district(subject: impl Subject) {
    let store = subject.store();
    let catalog = shared::fixtures::catalog_with_targets(&[("congress-demo", "\"congress\"")]);
    let campaign = catalog
        .get(&CampaignSlug::parse("congress-demo").unwrap())
        .unwrap();
    let form = shared::fixtures::letter_form("TX", "ada@example.org");
    let letter = shared::fixtures::compose_for(&campaign, &form).await;
    store.record(&letter).await.unwrap();
    subject.catch_up().await;
    let tally = store.tally(&campaign.slug).await.unwrap();
    for key in [
        "district:TX-37",
        "senator:C001056",
        "senator:C001098",
        "representative:D000399",
    ] {
        assert_eq!(tally.get(key), 1, "{key}");
    }
    let page = store
        .export_page(&campaign.slug, &ExportFilter::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(page.letters, [letter], "read back as written");
}

/// A window counts the previous window's attempts from the slot (a tenth
/// of the window) it has reached, and says how long until one more fits.
async fn a_window_counts_the_previous_ones_last_attempts(subject: impl Subject) {
    let store = subject.store();
    let limit = RateLimit {
        name: RateLimit::IP,
        max: 2,
        per: Duration::from_secs(60),
    };
    let boundary = 60 * 29_000_000;
    let at = |second: i64| OffsetDateTime::from_unix_timestamp(boundary + second).unwrap();
    let (late, full) = ("a-late-client", "a-full-client");
    let hit = |subject_key, second| store.hit(&limit, subject_key, at(second));
    assert_eq!(hit(late, -1).await.unwrap(), Allowance::Allowed);
    assert_eq!(
        hit(late, 1).await.unwrap(),
        Allowance::Allowed,
        "the last window's one and this one's make two"
    );
    assert_eq!(
        hit(late, 2).await.unwrap(),
        Allowance::Limited {
            retry_after: Duration::from_secs(58)
        },
        "the last window's attempt counts to this window's end"
    );
    assert_eq!(
        hit(late, 60).await.unwrap(),
        Allowance::Allowed,
        "the next window counts only this one's"
    );
    for _ in 0..2 {
        assert_eq!(hit(full, -1).await.unwrap(), Allowance::Allowed);
    }
    assert_eq!(
        hit(full, 1).await.unwrap(),
        Allowance::Limited {
            retry_after: Duration::from_secs(59)
        },
        "a burst at a window's end fills the next"
    );
    store.forget(&limit, full, at(1)).await.expect("forgotten");
    assert_eq!(
        hit(full, 2).await.unwrap(),
        Allowance::Allowed,
        "a forgotten subject starts afresh"
    );
}

/// Runs each contract test against both adapters.
macro_rules! contract {
    ($($test:ident),+ $(,)?) => {
        mod embedded {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::embedded().await).await
                }
            )+
        }
        mod dynamodb {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::dynamodb().await).await
                }
            )+
        }
    };
}

contract!(
    a_letter_is_stored_once_and_counted,
    concurrent_repeats_store_one_letter,
    a_claim_holds_for_its_lease_and_then_may_be_taken_over,
    a_settled_confirmation_is_never_claimed_again_and_is_counted,
    a_suppressed_address_is_known_in_any_case,
    tallies_and_exports_agree_with_the_letters,
    an_offices_delivery_moves_only_forward_and_is_counted,
    a_house_letter_keeps_its_recipients_chambers_and_district,
    a_window_counts_the_previous_ones_last_attempts,
);
