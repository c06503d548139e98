//! What only the embedded store does: keep letters on disk across restarts,
//! and recover from a crash mid-write.

use shared::adapters::EmbeddedLetterStore;
use shared::domain::CampaignSlug;
use shared::fixtures::letter;
use shared::ports::{LetterStore, Recorded};
use std::io::Write;

fn sesta() -> CampaignSlug {
    CampaignSlug::parse("sesta").unwrap()
}

#[tokio::test]
async fn letters_and_supporters_survive_a_restart() {
    let dir = tempfile::TempDir::new().unwrap();
    let first = letter("ada@example.org");
    {
        let store = EmbeddedLetterStore::open(dir.path()).unwrap();
        store.record(&first).await.unwrap();
        store.record(&letter("grace@example.org")).await.unwrap();
    }
    let reopened = EmbeddedLetterStore::open(dir.path()).unwrap();
    assert_eq!(reopened.count(&sesta()).await.unwrap(), 2);
    let repeat = reopened.record(&letter("ada@example.org")).await.unwrap();
    assert_eq!(repeat, Recorded::AlreadyRecorded { id: first.id });
}

#[tokio::test]
async fn a_letter_cut_short_by_a_crash_is_dropped_and_the_rest_kept() {
    let dir = tempfile::TempDir::new().unwrap();
    {
        let store = EmbeddedLetterStore::open(dir.path()).unwrap();
        store.record(&letter("ada@example.org")).await.unwrap();
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("letters.jsonl"))
        .unwrap();
    file.write_all(b"{\"id\": \"half a let").unwrap();
    drop(file);

    let store = EmbeddedLetterStore::open(dir.path()).unwrap();
    assert_eq!(store.count(&sesta()).await.unwrap(), 1);
    store.record(&letter("grace@example.org")).await.unwrap();
    let reopened = EmbeddedLetterStore::open(dir.path()).unwrap();
    assert_eq!(
        reopened.count(&sesta()).await.unwrap(),
        2,
        "the next letter starts on a clean line"
    );
}

#[tokio::test]
async fn a_damaged_store_refuses_to_open_rather_than_lose_letters() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(dir.path().join("letters.jsonl"), "not a letter\n").unwrap();
    let error = EmbeddedLetterStore::open(dir.path())
        .err()
        .expect("a damaged file is refused");
    assert!(
        format!("{error:#}").contains("line 1 is damaged"),
        "{error:#}"
    );
}

#[test]
fn a_store_file_an_earlier_version_left_readable_is_restricted_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::TempDir::new().unwrap();
    let letters = dir.path().join("letters.jsonl");
    std::fs::write(&letters, "").unwrap();
    std::fs::set_permissions(&letters, std::fs::Permissions::from_mode(0o644)).unwrap();
    EmbeddedLetterStore::open(dir.path()).unwrap();
    let mode = std::fs::metadata(&letters).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}
