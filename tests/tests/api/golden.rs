//! Stored letters outlive the code: every version's golden files
//! (`shared::fixtures::golden`), as both stores wrote them, read back
//! through this version's ports as the letters they were written from, and
//! can still be withdrawn. `capture` writes the newest version's files.

use crate::helpers::dynamodb_table;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use serde_dynamo::Item;
use shared::adapters::EmbeddedLetterStore;
use shared::analytics::{ExportFilter, Tally};
use shared::domain::CampaignSlug;
use shared::fixtures::golden::{GoldenSet, sets};
use shared::letter::StoredLetter;
use shared::letter::{ConfirmationStatus, Letter, OfficeDelivery};
use shared::members::OfficeCode;
use shared::ports::{Claim, DeliveryState, Store, TallyWriter, Withdrawal};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

const LEASE: Duration = Duration::from_secs(60);

/// A version's golden files in a store of this version.
struct Loaded {
    store: Arc<dyn Store>,
    /// The letters the aggregator had counted.
    tallied: HashSet<Uuid>,
    _dir: Option<tempfile::TempDir>,
}

/// One store's files in a version's golden set.
#[async_trait]
trait Subject {
    const NAME: &str;

    async fn load(set: &GoldenSet) -> Loaded;
}

struct Embedded;

#[async_trait]
impl Subject for Embedded {
    const NAME: &str = "embedded";

    /// A copy of the files, opened: the embedded store counts as it reads.
    async fn load(set: &GoldenSet) -> Loaded {
        let dir = tempfile::TempDir::new().unwrap();
        for file in std::fs::read_dir(set.embedded()).unwrap() {
            let file = file.unwrap();
            std::fs::copy(file.path(), dir.path().join(file.file_name())).unwrap();
        }
        Loaded {
            store: Arc::new(EmbeddedLetterStore::open(dir.path()).unwrap()),
            tallied: set.letters.iter().map(|(_, letter)| letter.id).collect(),
            _dir: Some(dir),
        }
    }
}

struct DynamoDb;

#[async_trait]
impl Subject for DynamoDb {
    const NAME: &str = "dynamodb";

    /// Every item put into a fresh table as it was captured.
    async fn load(set: &GoldenSet) -> Loaded {
        let read = |name: &str| std::fs::read_to_string(set.dynamodb().join(name)).unwrap();
        let mut items: Vec<Item> = serde_json::from_str(&read("others.json")).unwrap();
        for (name, _) in &set.letters {
            items.push(serde_json::from_str(&read(&format!("{name}.json"))).unwrap());
        }
        let (store, client, table) = dynamodb_table().await;
        let mut tallied = HashSet::new();
        for item in items {
            let item: HashMap<String, AttributeValue> = item.into();
            if let (Some(AttributeValue::S(id)), Some(_)) = (item.get("id"), item.get("tallied")) {
                tallied.insert(id.parse().unwrap());
            }
            client
                .put_item()
                .table_name(&table)
                .set_item(Some(item))
                .send()
                .await
                .unwrap();
        }
        Loaded {
            store: Arc::new(store),
            tallied,
            _dir: None,
        }
    }
}

/// The set's letters by campaign.
fn campaigns(set: &GoldenSet) -> BTreeMap<CampaignSlug, Vec<&Letter>> {
    let mut by_campaign: BTreeMap<CampaignSlug, Vec<&Letter>> = BTreeMap::new();
    for (_, letter) in &set.letters {
        by_campaign
            .entry(letter.campaign.clone())
            .or_default()
            .push(letter);
    }
    by_campaign
}

/// Every letter of `campaign` the store exports, by id.
async fn exported(store: &dyn Store, campaign: &CampaignSlug) -> BTreeMap<Uuid, Letter> {
    let (mut letters, mut cursor) = (BTreeMap::new(), None::<String>);
    loop {
        let page = store
            .export_page(campaign, &ExportFilter::default(), cursor.as_deref(), 2)
            .await
            .unwrap();
        letters.extend(page.letters.into_iter().map(|letter| (letter.id, letter)));
        match page.next {
            Some(next) => cursor = Some(next),
            None => return letters,
        }
    }
}

/// What `letters` have added to a tally, those in `tallied` counted
/// themselves too: each office's delivery counted as it came to stand.
fn tally_of(letters: &[&Letter], tallied: &HashSet<Uuid>) -> Tally {
    let mut tally = Tally::default();
    for letter in letters {
        let contribution = Tally::contribution(letter, tallied.contains(&letter.id));
        for (key, n) in contribution.iter() {
            tally.add(key, n);
        }
        for (office, delivery) in &letter.deliveries {
            tally.add_delivery(office, None, delivery);
        }
    }
    tally
}

/// Counts added after the golden files were captured: a store that keeps
/// its tally (DynamoDB) holds none of them for those letters, which count
/// from the version that added them on (docs/analytics.md says so).
const LATER_COUNTS: [&str; 1] = ["opt_in_ticked"];

fn without_later_counts(tally: &Tally) -> Tally {
    let mut kept = Tally::default();
    for (key, n) in tally.iter().filter(|(key, _)| !LATER_COUNTS.contains(key)) {
        kept.add(key, n);
    }
    kept
}

/// Each letter found by its reference as it was written, with its
/// deliveries and its confirmation as the mailer and delivery read them;
/// the withdrawn not found; each campaign's export, count and tally as its
/// letters say; then every letter withdrawn, as a supporter still may.
async fn every_version_reads_back<S: Subject>() {
    for set in sets() {
        let at = |name: &str| format!("v{} {}: {name}", set.version, S::NAME);
        let loaded = S::load(&set).await;
        let (store, tallied) = (&loaded.store, &loaded.tallied);
        for (name, letter) in &set.letters {
            let found = store.find(&letter.reference()).await.unwrap();
            assert_eq!(found.as_ref(), Some(letter), "{}", at(name));
            let state = store.delivery_state(letter).await.unwrap();
            let expected = DeliveryState {
                email_verified: letter.email_verified,
                deliveries: letter.deliveries.clone(),
            };
            assert_eq!(state, Some(expected), "{}", at(name));
            if letter.confirmation.is_settled() {
                let claim = store.claim(letter, OffsetDateTime::now_utc(), LEASE);
                let settled = Claim::Settled(letter.confirmation.clone());
                assert_eq!(claim.await.unwrap(), settled, "{}", at(name));
            }
            if letter.confirmation == ConfirmationStatus::Suppressed {
                let suppressed = store.is_suppressed(&letter.fields.email);
                assert!(suppressed.await.unwrap(), "{}", at(name));
            }
        }
        for letter in &set.withdrawn {
            let found = store.find(&letter.reference()).await.unwrap();
            assert_eq!(found, None, "{}", at("withdrawn"));
        }
        for (campaign, letters) in campaigns(&set) {
            let exported = exported(store.as_ref(), &campaign).await;
            let expected: BTreeMap<Uuid, Letter> = letters
                .iter()
                .map(|letter| (letter.id, (*letter).clone()))
                .collect();
            assert_eq!(exported, expected, "{}", at("export"));
            let count = store.count(&campaign).await.unwrap();
            assert_eq!(count, letters.len() as u64, "{}", at("count"));
            let tally = without_later_counts(&store.tally(&campaign).await.unwrap());
            let expected = without_later_counts(&tally_of(&letters, tallied));
            assert_eq!(tally, expected, "{}", at("tally"));
            for letter in letters {
                let withdrawn = store.withdraw(&letter.reference()).await.unwrap();
                assert_eq!(withdrawn, Withdrawal::Withdrawn, "{}", at("withdrawal"));
            }
            let count = store.count(&campaign).await.unwrap();
            assert_eq!(count, 0, "{}", at("count after withdrawal"));
        }
    }
}

#[tokio::test]
async fn every_versions_embedded_files_read_back() {
    every_version_reads_back::<Embedded>().await;
}

#[tokio::test]
async fn every_versions_dynamodb_items_read_back() {
    every_version_reads_back::<DynamoDb>().await;
}

/// Stores the newest set's letters through the store's ports, bringing
/// each to where it stands, and withdraws the withdrawn.
async fn write(store: &dyn Store, set: &GoldenSet) {
    for (_, letter) in &set.letters {
        let recorded = Letter {
            email_verified: false,
            opt_in_confirmed: false,
            confirmation: ConfirmationStatus::Pending,
            deliveries: Default::default(),
            ..letter.clone()
        };
        store.record(&recorded).await.unwrap();
        match &letter.confirmation {
            ConfirmationStatus::Pending => {}
            ConfirmationStatus::Sending { claimed_at } => {
                let now = OffsetDateTime::from_unix_timestamp(*claimed_at).unwrap();
                store.claim(&recorded, now, LEASE).await.unwrap();
            }
            settled => {
                store
                    .claim(&recorded, letter.created_at, LEASE)
                    .await
                    .unwrap();
                store.settle(&recorded, settled).await.unwrap();
                if *settled == ConfirmationStatus::Suppressed {
                    store.suppress(&letter.fields.email).await.unwrap();
                }
            }
        }
        if letter.email_verified {
            store.verify(&letter.reference()).await.unwrap();
        }
        for (office, delivery) in &letter.deliveries {
            // A retrying office got there one failed attempt at a time.
            let mut previous = None;
            if let OfficeDelivery::Retrying {
                at,
                attempts,
                error,
            } = delivery
            {
                for attempts in 1..*attempts {
                    let retrying = OfficeDelivery::Retrying {
                        at: *at,
                        attempts,
                        error: error.clone(),
                    };
                    move_on(store, &recorded, office, previous.as_ref(), &retrying).await;
                    previous = Some(retrying);
                }
            }
            move_on(store, &recorded, office, previous.as_ref(), delivery).await;
        }
    }
    for letter in &set.withdrawn {
        store.record(letter).await.unwrap();
        let withdrawn = store.withdraw(&letter.reference()).await.unwrap();
        assert_eq!(withdrawn, Withdrawal::Withdrawn);
    }
}

async fn move_on(
    store: &dyn Store,
    letter: &Letter,
    office: &OfficeCode,
    previous: Option<&OfficeDelivery>,
    new: &OfficeDelivery,
) {
    let moved = store.record_delivery(letter, office, previous, new).await;
    assert!(moved.unwrap(), "{office}: {new:?}");
}

/// Captures the newest version's golden files, as this code's adapters
/// write its set: `cargo test -p integration-tests --test api --
/// --ignored golden::capture`, once, with a version's new set.
#[tokio::test]
#[ignore = "writes the newest version's golden files, once"]
async fn capture() {
    let set = sets().pop().unwrap();
    assert_eq!(
        set.version,
        StoredLetter::NEWEST,
        "the newest version's set is the last of shared::fixtures::golden::sets()"
    );
    let dir = set.dir();
    assert!(
        !dir.exists(),
        "{} exists: a version's golden files are never rewritten",
        dir.display()
    );

    let (store, client, table) = dynamodb_table().await;
    write(&store, &set).await;
    // The aggregator counted every letter but the first, as if it had only
    // just been stored.
    let counted: Vec<Letter> = set.letters[1..]
        .iter()
        .map(|(_, letter)| letter.clone())
        .collect();
    store.tally_letters(&counted).await.unwrap();
    write_items(&set, &client, &table).await;

    let embedded = tempfile::TempDir::new().unwrap();
    write(&EmbeddedLetterStore::open(embedded.path()).unwrap(), &set).await;
    let files = set.embedded();
    std::fs::create_dir_all(&files).unwrap();
    for file in std::fs::read_dir(embedded.path()).unwrap() {
        let file = file.unwrap();
        std::fs::copy(file.path(), files.join(file.file_name())).unwrap();
    }
}

/// Every item of the table as DynamoDB JSON: a letter's in a file named
/// after it, the rest together in `others.json`, in key order.
async fn write_items(set: &GoldenSet, client: &aws_sdk_dynamodb::Client, table: &str) {
    let dir = set.dynamodb();
    std::fs::create_dir_all(&dir).unwrap();
    let names: HashMap<String, &str> = set
        .letters
        .iter()
        .map(|(name, letter)| (letter.id.to_string(), *name))
        .collect();
    let scan = client.scan().table_name(table).send().await.unwrap();
    let mut others = BTreeMap::new();
    for item in scan.items.unwrap() {
        let name = match item.get("id") {
            Some(AttributeValue::S(id)) => names.get(id).copied(),
            _ => None,
        };
        let pk = item["pk"].as_s().unwrap().clone();
        let json = serde_json::to_value(Item::from(item)).unwrap();
        match name {
            Some(name) => write_json(&dir.join(format!("{name}.json")), &json),
            None => {
                others.insert(pk, json);
            }
        }
    }
    let others: Vec<_> = others.into_values().collect();
    write_json(&dir.join("others.json"), &serde_json::json!(others));
}

fn write_json(path: &Path, json: &serde_json::Value) {
    let mut text = serde_json::to_string_pretty(json).unwrap();
    text.push('\n');
    std::fs::write(path, text).unwrap();
}
