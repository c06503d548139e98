//! A viral day, priced: the traffic through the system as the code
//! serves it, at the durations measured here, then with each cut applied in
//! turn. Every assumption that is not a measurement is a named constant.

mod prices;

use crate::stats::print_table;
use prices::{Prices, US_EAST_1};

/// The day the issue asks about, and how people behave on the page.
pub struct Traffic {
    pub letters: f64,
    pub page_views: f64,
    pub peak_on_page: f64,
    /// Average seconds a page is visible (assumed).
    pub visible_seconds: f64,
    /// Average seconds a page stays open, hidden tabs included (assumed).
    pub open_seconds: f64,
}

/// What the benchmarks measured, per request.
pub struct Measured {
    /// CPU time on one core of this machine: page, count, submit.
    pub page_ms: f64,
    pub count_ms: f64,
    pub submit_ms: f64,
    /// Bytes `(plain, gzipped)` of the page, count, script plus stylesheet, thanks page.
    pub page_bytes: (f64, f64),
    pub count_bytes: (f64, f64),
    pub static_bytes: (f64, f64),
    pub thanks_bytes: (f64, f64),
}

/// One way of running the day.
pub struct Scenario {
    pub name: &'static str,
    pub cdn: bool,
    pub polls_when_visible_with_backoff: bool,
    pub summary_count: bool,
    pub memory_mb: f64,
}

/// Lambda gives a whole core at 1,769 MB and a proportional share below.
const ONE_CORE_MB: f64 = 1769.0;
/// Waiting on DynamoDB for a letter's transaction (ms, assumed in-region).
const SUBMIT_WAIT_MS: f64 = 8.0;
/// The mailer's wait per letter: three DynamoDB calls and an SES send (ms, assumed).
const MAILER_WAIT_MS: f64 = 60.0;
/// The aggregator's share of a batch per letter (ms, assumed).
const AGGREGATOR_MS: f64 = 1.0;
/// Write units per letter as the code does them: the letter (2 KB, 2 units)
/// and its count shard (1) in a transaction (doubled), and the export index (2).
const SUBMIT_WRITE_UNITS: f64 = (2.0 + 1.0) * 2.0 + 2.0;
/// The aggregator marks the letter (transaction: 2 × 2) and the index follows (2).
const AGGREGATOR_WRITE_UNITS: f64 = 6.0;
/// The mailer claims and settles (2 + 2, the settle in a transaction with
/// its tally: 2 × 3) and the index follows both (2 + 2).
const MAILER_WRITE_UNITS: f64 = 12.0;
/// Per campaign-page environment every 5 s: 500 shards, eventually consistent.
const COUNT_READ_UNITS: f64 = 500.0 * 0.5;
/// The same from one summary item.
const SUMMARY_READ_UNITS: f64 = 0.5;
/// Log bytes per invocation (Lambda's start and report records) and per API request.
const LOG_BYTES_PER_INVOCATION: f64 = 700.0;
const ACCESS_LOG_BYTES: f64 = 250.0;
/// The regional caches a CDN fills from the origin, and how long each path stays cached (s).
const REGIONAL_CACHES: f64 = 13.0;
const CACHED_PATHS_PER_DAY: [(f64, f64); 4] =
    [(1.0, 60.0), (1.0, 5.0), (2.0, 3600.0), (56.0, 3600.0)];
/// Delivery's optional VPC: two NAT gateways, and 10 KB per office per letter, two offices.
const NAT_GATEWAYS: f64 = 2.0;
const DELIVERY_GB_PER_LETTER: f64 = 2.0 * 10e3 / 1e9;

impl Traffic {
    fn polls_per_view(&self, backoff: bool) -> f64 {
        if !backoff {
            return self.open_seconds / 15.0;
        }
        // 15 s, then doubling, only while visible; one more on coming back.
        let (mut at, mut wait, mut polls) = (0.0, 15.0, 0.0);
        while at + wait <= self.visible_seconds {
            at += wait;
            wait *= 2.0;
            polls += 1.0;
        }
        polls + 0.5
    }
}

/// Billed Lambda seconds for `cpu_ms` of this machine's core plus `wait_ms`.
fn billed_seconds(cpu_ms: f64, wait_ms: f64, memory_mb: f64) -> f64 {
    (cpu_ms * ONE_CORE_MB / memory_mb + wait_ms).ceil() / 1e3
}

/// The day's line items under `scenario`, in dollars.
pub fn price(
    traffic: &Traffic,
    m: &Measured,
    s: &Scenario,
    p: &Prices,
) -> Vec<(&'static str, f64)> {
    let views = traffic.page_views;
    let polls = views * traffic.polls_per_view(s.polls_when_visible_with_backoff);
    let statics = 2.0 * views;
    let gets = views + polls + statics + traffic.letters;
    let requests = gets + traffic.letters;
    let origin_gets = if s.cdn {
        let misses: f64 = CACHED_PATHS_PER_DAY
            .iter()
            .map(|(paths, ttl)| paths * 86_400.0 / ttl)
            .sum();
        (misses * REGIONAL_CACHES).min(gets)
    } else {
        gets
    };
    // The origin's GETs in proportion to what was asked.
    let share = origin_gets / gets;
    let gb_per_s = s.memory_mb / 1024.0;
    let page_seconds = share
        * (views * billed_seconds(m.page_ms, 0.0, s.memory_mb)
            + polls * billed_seconds(m.count_ms, 0.0, s.memory_mb)
            + (statics + traffic.letters) * billed_seconds(m.count_ms, 0.0, s.memory_mb));
    let letter_seconds = traffic.letters
        * (billed_seconds(m.submit_ms, SUBMIT_WAIT_MS, s.memory_mb)
            + billed_seconds(0.0, MAILER_WAIT_MS, s.memory_mb)
            + billed_seconds(0.0, AGGREGATOR_MS, s.memory_mb));
    let invocations = origin_gets + traffic.letters * 3.0;
    let bytes = |(plain, gzipped): (f64, f64)| if s.cdn { gzipped } else { plain };
    let transfer_gb = (views * bytes(m.page_bytes)
        + polls * bytes(m.count_bytes)
        + views * bytes(m.static_bytes)
        + traffic.letters * bytes(m.thanks_bytes))
        / 1e9;
    // Page environments alive through the day: the peak's concurrency.
    let peak_rps = (origin_gets / 86_400.0) * traffic.peak_on_page
        / (views * traffic.visible_seconds / 86_400.0);
    let environments = (peak_rps * billed_seconds(m.count_ms, 0.0, s.memory_mb))
        .max(1.0)
        .ceil();
    let count_units = if s.summary_count {
        SUMMARY_READ_UNITS
    } else {
        COUNT_READ_UNITS
    };
    let write_units =
        traffic.letters * (SUBMIT_WRITE_UNITS + AGGREGATOR_WRITE_UNITS + MAILER_WRITE_UNITS);
    let read_units = environments * 86_400.0 / 5.0 * count_units + traffic.letters;
    let api_requests = origin_gets + traffic.letters;
    vec![
        (
            "API Gateway",
            api_requests * p.api_gateway_per_million / 1e6,
        ),
        (
            "CloudFront requests",
            if s.cdn {
                requests * p.cloudfront_requests_per_million / 1e6
            } else {
                0.0
            },
        ),
        (
            "Data transfer out",
            transfer_gb
                * if s.cdn {
                    p.cloudfront_transfer_per_gb
                } else {
                    p.transfer_out_per_gb
                },
        ),
        (
            "Lambda requests",
            invocations * p.lambda_requests_per_million / 1e6,
        ),
        (
            "Lambda duration",
            (page_seconds + letter_seconds) * gb_per_s * p.lambda_arm_per_gb_second,
        ),
        (
            "DynamoDB writes",
            write_units * p.dynamodb_write_units_per_million / 1e6,
        ),
        (
            "DynamoDB reads",
            read_units * p.dynamodb_read_units_per_million / 1e6,
        ),
        (
            "SQS and the pipe",
            traffic.letters * (1.2 * p.sqs_requests_per_million + p.pipes_requests_per_million)
                / 1e6,
        ),
        ("SES", traffic.letters / 1e3 * p.ses_per_thousand),
        (
            "CloudWatch Logs",
            (invocations * LOG_BYTES_PER_INVOCATION + api_requests * ACCESS_LOG_BYTES) / 1e9
                * p.logs_per_gb,
        ),
        (
            "Delivery VPC/NAT (optional)",
            NAT_GATEWAYS * 24.0 * p.nat_gateway_per_hour
                + traffic.letters * DELIVERY_GB_PER_LETTER * p.nat_processed_per_gb,
        ),
    ]
}

/// Prints the prices, the day as today, and each cut in turn.
pub fn print(traffic: &Traffic, measured: &Measured, scenarios: &[Scenario]) {
    println!("\nPrices: {}", prices::TAKEN);
    for (what, price) in US_EAST_1.listed() {
        println!("  {what}: ${price}");
    }
    let priced: Vec<Vec<(&str, f64)>> = scenarios
        .iter()
        .map(|s| price(traffic, measured, s, &US_EAST_1))
        .collect();
    let mut rows: Vec<Vec<String>> = priced[0]
        .iter()
        .enumerate()
        .map(|(i, (line, _))| {
            std::iter::once((*line).to_owned())
                .chain(priced.iter().map(|items| format!("{:.2}", items[i].1)))
                .collect()
        })
        .collect();
    let totals: Vec<f64> = priced
        .iter()
        .map(|items| items.iter().map(|(_, d)| d).sum())
        .collect();
    rows.push(
        std::iter::once("total".to_owned())
            .chain(totals.iter().map(|t| format!("{t:.2}")))
            .collect(),
    );
    rows.push(
        std::iter::once("per million letters".to_owned())
            .chain(
                totals
                    .iter()
                    .map(|t| format!("{:.2}", t / (traffic.letters / 1e6))),
            )
            .collect(),
    );
    let header: Vec<&str> = std::iter::once("line (US $)")
        .chain(scenarios.iter().map(|s| s.name))
        .collect();
    print_table(
        &format!(
            "A viral day: {} letters, {} page views, {} on the page at the peak (each column adds one cut; target < $200, SES floor ${:.0})",
            traffic.letters,
            traffic.page_views,
            traffic.peak_on_page,
            traffic.letters / 1e3 * US_EAST_1.ses_per_thousand
        ),
        &header,
        &rows,
    );
}
