//! The writer over the embedded store and a folder: what each run puts
//! where, and that a run writes only what the last did not.

use letters_warehouse::WarehouseWriter;
use parquet::file::reader::{FileReader, SerializedFileReader};
use shared::adapters::{EmbeddedLetterStore, FolderWarehouseFiles};
use shared::domain::CampaignSlug;
use shared::fixtures::letter_from;
use shared::letter::OfficeDelivery;
use shared::members::{Members, OfficeCode};
use shared::ports::{DeliveryStore, LetterStore, Store};
use std::path::Path;
use std::sync::Arc;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const WRITTEN: OffsetDateTime = datetime!(2026-11-28 14:03:07 UTC);

struct Warehouse {
    dir: tempfile::TempDir,
    store: Arc<EmbeddedLetterStore>,
    writer: WarehouseWriter,
}

fn warehouse() -> Warehouse {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(EmbeddedLetterStore::open(&dir.path().join("store")).unwrap());
    let writer = WarehouseWriter::new(
        store.clone() as Arc<dyn Store>,
        Arc::new(FolderWarehouseFiles::new(dir.path().join("warehouse"))),
        Members::bundled().unwrap(),
    );
    Warehouse { dir, store, writer }
}

fn sesta() -> Vec<CampaignSlug> {
    vec![CampaignSlug::parse("sesta").unwrap()]
}

/// Rows in every Parquet file under `dir`.
fn rows(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            if path.is_dir() {
                rows(&path)
            } else if path.extension().is_some_and(|ext| ext == "parquet") {
                let reader =
                    SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
                reader.metadata().file_metadata().num_rows() as usize
            } else {
                0
            }
        })
        .sum()
}

async fn store_at(store: &EmbeddedLetterStore, state: &str, email: &str, at: OffsetDateTime) {
    let mut letter = letter_from(state, email);
    letter.created_at = at;
    store.record(&letter).await.unwrap();
}

#[tokio::test]
async fn letters_land_in_their_campaign_and_day_once_each_and_personal_fields_apart() {
    let warehouse = warehouse();
    store_at(&warehouse.store, "TX", "ada@example.org", WRITTEN).await;
    store_at(
        &warehouse.store,
        "ME",
        "bo@example.org",
        WRITTEN + Duration::days(1),
    )
    .await;
    let root = warehouse.dir.path().join("warehouse");

    let first = warehouse
        .writer
        .run(sesta(), WRITTEN + Duration::days(1) + Duration::hours(1))
        .await
        .unwrap();
    let again = warehouse
        .writer
        .run(sesta(), WRITTEN + Duration::days(1) + Duration::hours(2))
        .await
        .unwrap();

    assert_eq!((first.letters, again.letters), (2, 0));
    assert_eq!(rows(&root.join("letters/campaign=sesta/day=2026-11-28")), 1);
    assert_eq!(rows(&root.join("letters/campaign=sesta/day=2026-11-29")), 1);
    assert_eq!(rows(&root.join("personal/campaign=sesta")), 2);
    assert_eq!(
        rows(&root.join("recipients/campaign=sesta/day=2026-11-28")),
        2,
        "two Senators"
    );
}

#[tokio::test]
async fn a_letter_written_moments_ago_waits_for_the_next_run() {
    let warehouse = warehouse();
    store_at(&warehouse.store, "TX", "ada@example.org", WRITTEN).await;

    let early = warehouse
        .writer
        .run(sesta(), WRITTEN + Duration::seconds(30))
        .await
        .unwrap();
    let later = warehouse
        .writer
        .run(sesta(), WRITTEN + Duration::minutes(5))
        .await
        .unwrap();

    assert_eq!((early.letters, later.letters), (0, 1));
}

#[tokio::test]
async fn a_days_deliveries_are_written_once_the_day_has_settled() {
    let warehouse = warehouse();
    let mut letter = letter_from("TX", "ada@example.org");
    letter.created_at = WRITTEN;
    warehouse.store.record(&letter).await.unwrap();
    let office = OfficeCode::parse("STX01").unwrap();
    let delivered = OfficeDelivery::Delivered {
        at: WRITTEN,
        answer: "accepted".into(),
    };
    assert!(
        warehouse
            .store
            .record_delivery(&letter, &office, None, &delivered)
            .await
            .unwrap()
    );
    let root = warehouse.dir.path().join("warehouse/deliveries");

    let next_day = warehouse
        .writer
        .run(sesta(), WRITTEN + Duration::days(1))
        .await
        .unwrap();
    let settled = warehouse
        .writer
        .run(sesta(), WRITTEN + Duration::days(2))
        .await
        .unwrap();

    assert_eq!((next_day.deliveries, settled.deliveries), (0, 1));
    assert_eq!(rows(&root.join("campaign=sesta/day=2026-11-28")), 1);
}
