//! The day as `bench cost` prices it: the handlers measured in process,
//! the responses' sizes, a letter's item, then the scenarios.

use super::store::{self, Shares};
use super::{Measured, Polling, Scenario, Traffic};
use crate::counts::{CountsFile, Life};
use crate::warm;
use std::path::Path;

/// The day.
const DAY: Traffic = Traffic {
    letters: 1e6,
    page_views: 20e6,
    peak_on_page: 100e3,
    visible_seconds: 90.0,
    open_seconds: 240.0,
};

/// Each campaign counted, and what its pricing assumes: the tally's size
/// at scale (the audit), a fifth of supporters pressing the
/// confirm link, one in a hundred withdrawing.
const CAMPAIGNS: [(&str, &str, Shares); 2] = [
    (
        "Senate",
        "sesta",
        Shares {
            tally_kb: 3.0,
            click: 0.2,
            withdraw: 0.01,
        },
    ),
    (
        "congress",
        "congress-demo",
        Shares {
            tally_kb: 20.0,
            click: 0.2,
            withdraw: 0.01,
        },
    ),
];

/// How many requests `phase` made to `route`.
fn calls(life: &Life, phase: &str, route: &str) -> f64 {
    life.phases
        .get(phase)
        .and_then(|p| p.http.get(route))
        .map_or(0.0, |r| r.requests as f64)
}

/// A route's responses in `phase`, `(plain, gzipped)` bytes
/// each, headers included.
fn bytes(life: &Life, phase: &str, route: &str) -> (f64, f64) {
    life.phases
        .get(phase)
        .and_then(|p| p.http.get(route))
        .map_or((0.0, 0.0), |r| {
            let n = r.requests.max(1) as f64;
            let headers = r.response_header_bytes as f64;
            (
                (headers + r.response_body_bytes as f64) / n,
                (headers + r.response_body_gzip_bytes as f64) / n,
            )
        })
}

fn measure(life: &Life, campaign: &str, shares: Shares) -> anyhow::Result<Measured> {
    let runtime = warm::one_core();
    let handlers = runtime.block_on(warm::measure_handlers(2_000))?;
    let median = |name: &str| {
        handlers
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or(f64::NAN, |(_, _, t)| t.median_ms())
    };
    let view = life
        .phases
        .get("page view")
        .ok_or_else(|| anyhow::anyhow!("no page view counted"))?;
    let assets: Vec<&String> = view
        .http
        .keys()
        .filter(|route| {
            route.starts_with("GET /static/") || route.starts_with("GET /c/{slug}/share")
        })
        .collect();
    let static_bytes = assets.iter().fold((0.0, 0.0), |sum, route| {
        let (plain, gzipped) = bytes(life, "page view", route);
        (sum.0 + plain, sum.1 + gzipped)
    });
    Ok(Measured {
        page_ms: median("page"),
        count_ms: median("count"),
        submit_ms: median("submit"),
        page_bytes: bytes(life, "page view", "GET /c/{slug}"),
        count_bytes: bytes(life, "page view", "GET /c/{slug}/count"),
        static_bytes,
        thanks_bytes: bytes(life, "submit", "GET /c/{slug}/thanks"),
        letter_item_bytes: life.letter_item_bytes as f64,
        campaign: campaign.to_owned(),
        shares,
        statics_per_view: assets.len() as f64,
        polls_per_view: calls(life, "page view", "GET /c/{slug}/count"),
        tokens_per_letter: calls(life, "submit", "GET /c/{slug}/form-token"),
        token_bytes: bytes(life, "submit", "GET /c/{slug}/form-token"),
        write_units_per_letter: store::writes_per_letter(life, shares),
        read_units_per_letter: store::reads_per_letter(life, shares),
        count_read_units: store::count_read_units(life),
        writes_by_phase: store::writes_by_phase(life, shares.tally_kb),
    })
}

/// Measures, then prints the day under each cut in turn, for each
/// campaign of the counted run in `counts`.
pub fn run(counts: &Path) -> anyhow::Result<()> {
    let file: CountsFile = serde_json::from_str(&std::fs::read_to_string(counts)?)?;
    println!("Counts: {} ({})", counts.display(), file.recorded);
    for (campaign, slug, shares) in CAMPAIGNS {
        let life = file
            .lives
            .iter()
            .find(|life| life.campaign == slug)
            .ok_or_else(|| anyhow::anyhow!("{slug} was not counted"))?;
        day(&measure(life, campaign, shares)?)?;
    }
    Ok(())
}

fn day(measured: &Measured) -> anyhow::Result<()> {
    let scenario = |name, polling, cdn, memory_mb| Scenario {
        name,
        polling,
        cdn,
        page_cached: false,
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
        Scenario {
            page_cached: true,
            ..scenario("+ page cached, one poll", Polling::AsCounted, true, 128.0)
        },
    ];
    super::print(&DAY, measured, &scenarios);
    let last = &scenarios[scenarios.len() - 1];
    let (environments, saving) = super::summary_item_saving(&DAY, measured, last);
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
