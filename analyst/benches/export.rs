//! Export benchmark: 10,000 and then 100,000 letters seeded into a local
//! store, exported through the analysts' route by the `analyst` export code,
//! side by side in one run. Prints the time and how much the process's peak
//! memory grew during each export: bounded memory means the two peaks are
//! alike although one export is ten times the other.
//!
//!     cargo bench -p analyst --bench export

use analyst::client::{AnalystClient, Auth};
use analyst::export::{ExportOptions, export};
use local::{AdminToken, Backend, Consumers, LocalSettings};
use shared::campaign::CampaignCatalog;
use shared::fixtures::{compose_letter, letter_form};
use shared::letter::LetterForm;
use shared::letter::StoredLetter;
use shared::settings::Env;
use std::io::Write;
use std::time::Instant;

const TOKEN: &str = "benchmark-token";
const STATES: [&str; 5] = ["TX", "CA", "NY", "OH", "FL"];

/// A `/proc/self/status` figure in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Resets the peak-memory mark, so the next reading covers only what follows.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Writes `n` letters as the store's own file, much faster than `record`'s
/// one sync per letter.
fn seed(dir: &std::path::Path, n: usize) {
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(dir.join("letters.jsonl")).unwrap());
    for i in 0..n {
        let form = LetterForm {
            last_name: format!("Supporter{i}"),
            street: format!("{i} Main Street"),
            city: "Springfield".into(),
            zip: "20510".into(),
            opt_in: i % 3 == 0,
            ..letter_form(
                STATES[i % STATES.len()],
                &format!("supporter{i}@example.org"),
            )
        };
        serde_json::to_writer(&mut file, &StoredLetter::from(&compose_letter(&form))).unwrap();
        file.write_all(b"\n").unwrap();
    }
    file.flush().unwrap();
}

async fn run(n: usize, include_pii: bool) -> (f64, u64, u64) {
    let dir = tempfile::TempDir::new().unwrap();
    seed(dir.path(), n);
    let local = LocalSettings::isolated(
        dir.path(),
        Backend::Embedded,
        AdminToken::new(TOKEN),
        &Env::default(),
    );
    let router = local::build(&local, CampaignCatalog::bundled().unwrap(), Consumers::None)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let client = AnalystClient::new(&base, Auth::Token(TOKEN.into()));
    let options = ExportOptions {
        format: "csv".into(),
        include_pii,
        ..Default::default()
    };
    let mut out =
        std::io::BufWriter::new(std::fs::File::create(dir.path().join("export.csv")).unwrap());
    let rss_before = status_kib("VmRSS:");
    reset_peak();
    let started = Instant::now();
    let rows = export(&client, "sesta", &options, &mut out, |_| {})
        .await
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let peak_growth = status_kib("VmHWM:").saturating_sub(rss_before);
    server.abort();
    assert_eq!(rows, n as u64);
    (seconds, peak_growth, rows)
}

#[tokio::main]
async fn main() {
    // A first, unmeasured export warms the allocator and the connection pool,
    // so neither measured run pays for them.
    run(1_000, true).await;
    println!("letters   pii   seconds   letters/s   peak memory growth during export");
    let mut peaks = Vec::new();
    for n in [10_000, 100_000] {
        for include_pii in [false, true] {
            let (seconds, peak_kib, rows) = run(n, include_pii).await;
            println!(
                "{rows:>7}   {include_pii:<5} {seconds:>7.2}   {:>9.0}   {:>6.1} MiB",
                rows as f64 / seconds,
                peak_kib as f64 / 1024.0
            );
            peaks.push(peak_kib.max(1));
        }
    }
    println!(
        "peak growth, 100,000 over 10,000 letters: {:.2}x without personal data, {:.2}x with",
        peaks[2] as f64 / peaks[0] as f64,
        peaks[3] as f64 / peaks[1] as f64
    );
}
