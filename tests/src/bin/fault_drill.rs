//! The fault drill at full size, against the moto server at
//! `AWS_ENDPOINT_URL` (start one with `.venv/bin/python scripts/moto_server.py
//! -H 127.0.0.1 -p 5055`: moto as the test command runs it, which frees what
//! each DynamoDB transaction copies), printing a table row per scenario:
//!
//!     AWS_ENDPOINT_URL=http://127.0.0.1:5055 AWS_ACCESS_KEY_ID=test \
//!       AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
//!       cargo run --release -p integration-tests --bin fault-drill -- [LETTERS] [CONCURRENCY] [SHARE]
//!
//! The defaults are the full size: 2,000 letters at concurrency 50 with 10%
//! of every operation failing, and of the delivery service's requests.

use integration_tests::drill::{Plan, Report, run};

#[tokio::main]
async fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let number = |at: usize, default: f64| {
        arguments
            .get(at)
            .map_or(default, |raw| raw.parse().expect("a number"))
    };
    let letters = number(0, 2000.0) as usize;
    let concurrency = number(1, 50.0) as usize;
    let share = number(2, 0.1);
    let moto = std::env::var("AWS_ENDPOINT_URL").expect("AWS_ENDPOINT_URL names the moto server");
    println!("{}", Report::HEADER);
    let mut kept = true;
    for (name, plan) in [
        (
            format!(
                "{letters} letters, concurrency {concurrency}, {:.0}% faults",
                share * 100.0
            ),
            Plan {
                letters,
                concurrency,
                share,
                seed: 20261128,
                one_address: false,
            },
        ),
        (
            format!("50 at once from one address, {:.0}% faults", share * 100.0),
            Plan {
                letters: 50,
                concurrency: 50,
                share,
                seed: 7,
                one_address: true,
            },
        ),
    ] {
        let report = run(&moto, &plan).await;
        println!("{}", report.row(&name));
        eprintln!("injected: {:?}", report.injected.injected);
        for broken in report.broken_promises() {
            eprintln!("PROMISE BROKEN ({name}): {broken}");
            kept = false;
        }
    }
    if !kept {
        std::process::exit(1);
    }
}
