//! The day as `bench cost` prices it: the handlers measured in process,
//! the responses' sizes, a letter's item, then the scenarios.

use super::{Measured, Polling, Scenario, Traffic};
use crate::warm;
use shared::letter::StoredLetter;

/// The day.
const DAY: Traffic = Traffic {
    letters: 1e6,
    page_views: 20e6,
    peak_on_page: 100e3,
    visible_seconds: 90.0,
    open_seconds: 240.0,
};

/// The DynamoDB item of a letter is the letter's fields plus three key
/// attributes (`pk`, `export_pk`, `export_sk`) of about this many bytes.
const KEY_BYTES: usize = 150;

fn measure() -> anyhow::Result<Measured> {
    let runtime = warm::one_core();
    let handlers = runtime.block_on(warm::measure_handlers(2_000))?;
    let median = |name: &str| {
        handlers
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or(f64::NAN, |(_, _, t)| t.median_ms())
    };
    let paths = [
        "/c/sesta",
        "/c/sesta/count",
        "/static/app.js",
        "/static/site.css",
        "/c/sesta/thanks?state=TX",
    ];
    let sizes = runtime.block_on(warm::response_sizes(&paths))?;
    let bytes = |i: usize| (sizes[i].1 as f64, sizes[i].2 as f64);
    let letter: serde_dynamo::Item = serde_dynamo::to_item(StoredLetter::from(
        &shared::fixtures::letter("ada.lovelace@example.org"),
    ))?;
    Ok(Measured {
        page_ms: median("page"),
        count_ms: median("count"),
        submit_ms: median("submit"),
        page_bytes: bytes(0),
        count_bytes: bytes(1),
        static_bytes: (bytes(2).0 + bytes(3).0, bytes(2).1 + bytes(3).1),
        thanks_bytes: bytes(4),
        letter_item_bytes: (super::item_bytes(&letter) + KEY_BYTES) as f64,
    })
}

/// Measures, then prints the day under each cut in turn.
pub fn run(counts: &std::path::Path) -> anyhow::Result<()> {
    let _ = counts;
    let measured = measure()?;
    let scenario = |name, polling, cdn, memory_mb| Scenario {
        name,
        polling,
        cdn,
        memory_mb,
    };
    let scenarios = [
        scenario(
            "before: polls every 15 s, 256 MB",
            Polling::EveryFifteenSeconds,
            false,
            256.0,
        ),
        scenario(
            "+ polls while visible, backing off",
            Polling::VisibleBackingOff,
            false,
            256.0,
        ),
        scenario("+ CDN", Polling::VisibleBackingOff, true, 256.0),
        scenario("+ 128 MB", Polling::VisibleBackingOff, true, 128.0),
    ];
    super::print(&DAY, &measured, &scenarios);
    let last = &scenarios[scenarios.len() - 1];
    let (environments, saving) = super::summary_item_saving(&DAY, &measured, last);
    println!(
        "The count read from one summary item instead of 500 shards would save ${saving:.2} a day \
         ({environments:.0} page environments at the peak, each reading every 5 s)."
    );
    super::print_memory_sizes(
        &[
            ("page", measured.page_ms),
            ("count", measured.count_ms),
            ("submit", measured.submit_ms),
        ],
        &[128.0, 256.0],
    );
    Ok(())
}
