//! The promise under faults, in a short fixed-seed drill: every letter the
//! page acknowledged is stored once, counted once and confirmed once (or
//! failed for good with its reason), none is lost, and a supporter the
//! store could not serve gets their letter back to send again.

use crate::helpers::{LAUNCH, fresh_table, letter_form, moto, spawn_through};
use integration_tests::drill::{Plan, Report, run};
use integration_tests::faults::{Fault, FaultProxy, Rule};

fn assert_promise_kept(report: &Report) {
    let row = report.row("drill");
    assert!(
        report.unexpected.is_empty(),
        "answers a supporter must never see: {:?}",
        report.unexpected
    );
    assert_eq!(report.lost, 0, "{row}");
    assert_eq!(report.stored, report.acknowledged, "{row}");
    assert_eq!(report.counted, report.stored as u64, "{row}");
    assert_eq!(report.tallied, report.stored as u64, "{row}");
    assert_eq!(report.confirmed + report.failed, report.stored, "{row}");
    let lost_answers = report
        .injected
        .injected
        .iter()
        .filter(|(what, _)| what.starts_with("SendEmail DropAfter"))
        .map(|(_, n)| n)
        .sum::<u64>() as usize;
    assert!(
        report.duplicates_sent <= lost_answers + report.mailers_killed,
        "a duplicate only where a send's outcome was lost: {row}"
    );
}

#[tokio::test]
async fn letters_written_under_faults_are_stored_counted_and_confirmed_once() {
    let plan = Plan {
        letters: 30,
        concurrency: 6,
        share: 0.1,
        seed: 42,
        one_address: false,
    };
    let report = run(&moto(), &plan).await;
    assert_promise_kept(&report);
    assert!(
        report.injected.injected.values().sum::<u64>() > 0,
        "faults were injected: {:?}",
        report.injected
    );
}

#[tokio::test]
async fn fifty_at_once_from_one_address_make_one_letter_and_one_email() {
    let plan = Plan {
        letters: 50,
        concurrency: 50,
        share: 0.1,
        seed: 7,
        one_address: true,
    };
    let report = run(&moto(), &plan).await;
    assert_promise_kept(&report);
    assert_eq!((report.stored, report.counted, report.confirmed), (1, 1, 1));
}

#[tokio::test]
async fn a_letter_the_store_cannot_take_comes_back_with_everything_typed() {
    let proxy = FaultProxy::start(
        &moto(),
        1,
        vec![Rule {
            operation: "TransactWriteItems",
            share: 1.0,
            faults: vec![Fault::Unavailable],
        }],
    )
    .await;
    let app = spawn_through(&proxy.endpoint, &fresh_table()).await;
    let response = app
        .post_form(LAUNCH, &letter_form("ada@example.org", "TX"))
        .await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    let html = response.text().await.unwrap();
    assert!(html.contains("nothing was stored"));
    assert!(html.contains("value=\"Lovelace\""));
}
