//! District lookup benchmark: every ZCTA in the embedded table looked up in
//! process as a supporter in its state would be, each lookup timed on its
//! own, several rounds. Prints the latency's p50, p99 and maximum beside the
//! cost of reading the clock alone (measured the same way, in the same run),
//! the mean of an untimed pass, and the memory the table takes.
//!
//!     cargo bench -p letters-core --bench district_lookup

use letters_core::districts::ZctaDistrictTable;
use letters_core::domain::{StateCode, ZipCode};
use std::hint::black_box;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{what:<22} p50 {:>6} ns   p99 {:>6} ns   max {:>8} ns   ({} samples)",
        percentile(&samples, 0.50).as_nanos(),
        percentile(&samples, 0.99).as_nanos(),
        samples.last().unwrap().as_nanos(),
        samples.len()
    );
}

fn main() {
    let table = ZctaDistrictTable::bundled().unwrap();
    let queries: Vec<(StateCode, ZipCode)> = table
        .zctas()
        .iter()
        .map(|zcta| {
            let state = table.districts(*zcta).next().unwrap().state();
            (state, ZipCode::parse(&format!("{zcta:05}")).unwrap())
        })
        .collect();
    let lookup_all = || {
        for (state, zip) in &queries {
            black_box(table.candidates(black_box(*state), black_box(zip)));
        }
    };
    lookup_all();

    let (mut lookups, mut clock) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        for (state, zip) in &queries {
            let start = Instant::now();
            black_box(table.candidates(black_box(*state), black_box(zip)));
            lookups.push(start.elapsed());
            let start = Instant::now();
            clock.push(black_box(start).elapsed());
        }
    }
    let untimed = Instant::now();
    for _ in 0..ROUNDS {
        lookup_all();
    }
    let mean = untimed.elapsed() / (ROUNDS * queries.len()) as u32;

    println!(
        "District lookup over all {} ZCTAs, {ROUNDS} rounds, in process:",
        queries.len()
    );
    report("lookup (timed alone)", lookups);
    report("clock alone", clock);
    println!(
        "untimed pass           mean {} ns a lookup",
        mean.as_nanos()
    );
    let csv = std::fs::metadata(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/zcta-districts.csv"
    ))
    .map_or(0, |m| m.len());
    println!(
        "memory: the table takes {} bytes ({:.0} KiB) in the binary, read-only; its CSV is {csv} bytes",
        table.footprint_bytes(),
        table.footprint_bytes() as f64 / 1024.0
    );
}
