//! The promise under faults, in a short fixed-seed drill: every letter the
//! page acknowledged is stored once, counted once, confirmed once (or
//! failed for good with its reason) and delivered once to each office, none
//! is lost, and a supporter the
//! store could not serve gets their letter back to send again.
//!
//! A test binary of its own: cargo runs test binaries one after another, so
//! the drills' load on moto never slows the other tests past their timeouts.

// The api tests' helpers, of which the drills use a few.
#[allow(dead_code, unused_imports)]
#[path = "../api/helpers.rs"]
mod helpers;

use crate::helpers::{LAUNCH, Spawn, TestApp, fresh_table, letter_form, moto};
use integration_tests::drill::{Plan, Report, run};
use integration_tests::faults::{Fault, FaultProxy, Rule};
use local::{Backend, Consumers};

/// The local server over `table`, reaching AWS through `endpoint` (a fault
/// proxy), leaving the stream's consumers to the test.
pub async fn spawn_through(endpoint: &str, table: &str) -> TestApp {
    let backend = Backend::Aws {
        table: table.to_owned(),
    };
    Spawn {
        consumers: Consumers::None,
        aws_endpoint: Some(endpoint.to_owned()),
        ..Spawn::new(backend)
    }
    .start()
    .await
}

fn assert_promise_kept(report: &Report) {
    let broken = report.broken_promises();
    assert!(broken.is_empty(), "{broken:?}: {}", report.row("drill"));
}

/// One test at a time: two drills at once, on one moto that runs a Python
/// thread at a time, slow each other past the functions' timeouts. What is
/// measured must be our code, not moto.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test]
async fn letters_written_under_faults_are_stored_counted_and_confirmed_once() {
    let _turn = ONE_AT_A_TIME.lock().await;
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
    assert!(
        report.delivery_faults > 0,
        "the delivery service failed too"
    );
    assert_eq!(report.delivered, report.stored, "{}", report.row("drill"));
}

#[tokio::test]
async fn fifty_at_once_from_one_address_make_one_letter_and_one_email() {
    let _turn = ONE_AT_A_TIME.lock().await;
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
    let _turn = ONE_AT_A_TIME.lock().await;
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
