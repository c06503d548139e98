//! The chambers' delivery services' stand-in as a process of its own, for
//! the deploy rehearsal's end-to-end tests (Python), which run the real
//! deliver-letter binary against it:
//!
//!     cwc-stand-in OFFICE...
//!
//! takes messages for the offices named and prints one JSON line: where
//! each chamber's service is and the key and agent it takes. Then each line
//! `taken` on its input is answered with one JSON line, the messages taken
//! so far; it stops when its input closes.

use integration_tests::cwc_stand_in::{self, Chamber, StandIn};
use serde_json::json;
use std::io::BufRead;

#[tokio::main]
async fn main() {
    let offices: Vec<String> = std::env::args().skip(1).collect();
    let offices: Vec<&str> = offices.iter().map(String::as_str).collect();
    let stand_in = StandIn::start(&offices).await;
    println!(
        "{}",
        json!({
            "senate_url": stand_in.url(Chamber::Senate),
            "house_url": stand_in.url(Chamber::House),
            "api_key": cwc_stand_in::API_KEY,
            "agent": cwc_stand_in::AGENT,
        })
    );
    // Input is read on a blocking thread, so the runtime's stay free to serve.
    tokio::task::spawn_blocking(move || answer(&stand_in))
        .await
        .expect("answering never panics on good input");
}

/// Answers each `taken` on the input with the messages taken so far.
fn answer(stand_in: &StandIn) {
    for line in std::io::stdin().lock().lines() {
        match line.expect("stdin reads").trim() {
            "taken" => {
                let taken: Vec<_> = stand_in
                    .taken()
                    .into_iter()
                    .map(|message| {
                        json!({
                            "chamber": format!("{:?}", message.chamber).to_lowercase(),
                            "office": message.office,
                            "delivery_id": message.delivery_id,
                            "xml": message.xml,
                        })
                    })
                    .collect();
                println!("{}", serde_json::Value::from(taken));
            }
            other => panic!("cwc-stand-in takes only `taken`, not {other:?}"),
        }
    }
}
