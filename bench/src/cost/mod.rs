//! A viral day, priced: the traffic through the system as the code
//! serves it, at the durations and sizes measured here, then with each cut
//! applied in turn. Every assumption that is not a measurement is a named
//! constant.

mod day;
mod prices;
mod store;

use crate::stats::print_table;
pub use prices::Prices;
use prices::US_EAST_1;

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

/// What the benchmarks measured.
pub struct Measured {
    /// CPU time per request on one core of this machine: page, count, submit.
    pub page_ms: f64,
    pub count_ms: f64,
    pub submit_ms: f64,
    /// Bytes `(plain, gzipped)` of the page, the count, the script and
    /// stylesheet together, and the thank-you page.
    pub page_bytes: (f64, f64),
    pub count_bytes: (f64, f64),
    pub static_bytes: (f64, f64),
    pub thanks_bytes: (f64, f64),
    /// A letter's item as DynamoDB bills it.
    pub letter_item_bytes: f64,
    /// The campaign counted, and its assumptions (`store::Shares`).
    pub campaign: String,
    pub shares: store::Shares,
    /// Requests for assets per page view, as the counted page named them.
    pub statics_per_view: f64,
    /// Count polls per page view, as the counted page made them.
    pub polls_per_view: f64,
    /// Form-token fetches per letter, and their bytes `(plain, gzipped)`,
    /// as the counted writer made them.
    pub tokens_per_letter: f64,
    pub token_bytes: (f64, f64),
    /// DynamoDB units per letter and per count read, counted.
    pub write_units_per_letter: f64,
    pub read_units_per_letter: f64,
    pub count_read_units: f64,
    /// Write units by phase of a letter's life, counted.
    pub writes_by_phase: Vec<(&'static str, f64)>,
}

/// How the page asks for the count.
#[derive(Clone, Copy, PartialEq)]
pub enum Polling {
    /// Every 15 s while the page is open, hidden or not (before this issue).
    EveryFifteenSeconds,
    /// Only while visible: 15 s, then each wait twice the last, and once
    /// more on coming back into view (`shared/static/app.js`).
    VisibleBackingOff,
    /// As the counted page polled: at most once per visible view, after
    /// the page's own value.
    AsCounted,
}

/// One way of running the day.
pub struct Scenario {
    pub name: &'static str,
    pub polling: Polling,
    pub cdn: bool,
    /// The page the same for every visitor, cached at the edge, its form
    /// token fetched on its own route by a writer.
    pub page_cached: bool,
    pub memory_mb: f64,
}

/// Lambda gives a whole core at 1,769 MB and a proportional share below.
const ONE_CORE_MB: f64 = 1769.0;
/// A letter's waits on DynamoDB in submit: rate limits, the token, the
/// transaction (ms, assumed in-region).
const SUBMIT_WAIT_MS: f64 = 25.0;
/// One count read: 500 shards in batches of 100 (ms, assumed).
const COUNT_READ_WAIT_MS: f64 = 50.0;
/// The mailer's wait per letter: four DynamoDB calls and an SES send (ms, assumed).
const MAILER_WAIT_MS: f64 = 60.0;
/// The aggregator's share of a batch's transaction per letter (ms, assumed).
const AGGREGATOR_MS: f64 = 1.0;
/// Background invocations per letter: the mailer's batches of 10 and the
/// aggregator's of about 10 at this rate.
const BACKGROUND_INVOCATIONS_PER_LETTER: f64 = 0.2;
/// Page environments kept per request in flight at the peak (Lambda
/// spreads a burst over more environments than the average needs).
const ENVIRONMENTS_PER_CONCURRENT_REQUEST: f64 = 2.0;
/// Log bytes per invocation (Lambda's start and report records and ours)
/// and per API request (the access log).
const LOG_BYTES_PER_INVOCATION: f64 = 1000.0;
const ACCESS_LOG_BYTES: f64 = 250.0;
/// CloudFront's regional caches that each fill from the origin, and how
/// many distinct cached paths there are with each lifetime (s): the count,
/// the script and stylesheet, the share picture.
const REGIONAL_CACHES: f64 = 13.0;
const CACHED_PATHS: [(f64, f64); 3] = [(1.0, 5.0), (2.0, 3600.0), (1.0, 86_400.0)];
/// Cached copies of a campaign's page, one per language it is served in
/// (assumed two); each lives as long as the count's cache (`s-maxage`).
const CACHED_PAGES: f64 = 2.0;
/// Delivery's optional VPC: two NAT gateways, and 10 KB per office per
/// letter, two offices.
const NAT_GATEWAYS: f64 = 2.0;
const DELIVERY_GB_PER_LETTER: f64 = 2.0 * 10e3 / 1e9;

impl Traffic {
    /// Count requests per page view; `counted` is what the counted page made.
    fn polls_per_view(&self, polling: Polling, counted: f64) -> f64 {
        match polling {
            Polling::AsCounted => counted,
            Polling::EveryFifteenSeconds => (self.open_seconds / 15.0).floor(),
            Polling::VisibleBackingOff => {
                let (mut at, mut wait, mut polls) = (0.0, 15.0, 0.0);
                while at + wait <= self.visible_seconds {
                    at += wait;
                    wait *= 2.0;
                    polls += 1.0;
                }
                // Half the visitors come back to the tab once.
                polls + 0.5
            }
        }
    }
}

/// Billed seconds of one invocation: `cpu_ms` of this machine's core at
/// Lambda's share for `memory_mb`, plus `wait_ms`, rounded up to 1 ms.
fn billed_seconds(cpu_ms: f64, wait_ms: f64, memory_mb: f64) -> f64 {
    (cpu_ms * ONE_CORE_MB / memory_mb + wait_ms).ceil() / 1e3
}

/// The day's line items under `scenario`, in dollars.
pub fn price(t: &Traffic, m: &Measured, s: &Scenario, p: &Prices) -> Vec<(&'static str, f64)> {
    let views = t.page_views;
    let polls = views * t.polls_per_view(s.polling, m.polls_per_view);
    let statics = m.statics_per_view * views;
    let (thanks, posts) = (t.letters, t.letters);
    // Before the page was cached its token came inside it.
    let tokens = if s.page_cached {
        t.letters * m.tokens_per_letter
    } else {
        0.0
    };
    let requests = views + polls + statics + thanks + posts + tokens;
    // Behind the CDN, only what is the same for everyone is cached: the
    // count, the assets, and the page once it carries no form token.
    let refills: f64 = CACHED_PATHS
        .iter()
        .map(|(paths, lifetime)| paths * 86_400.0 / lifetime * REGIONAL_CACHES)
        .sum();
    let (origin_polls, origin_statics) = if s.cdn {
        (refills.min(polls), 0.0)
    } else {
        (polls, statics)
    };
    let origin_views = if s.page_cached {
        (CACHED_PAGES * 86_400.0 / store::COUNT_TTL_SECONDS * REGIONAL_CACHES).min(views)
    } else {
        views
    };
    let origin = origin_views + origin_polls + origin_statics + thanks + posts + tokens;

    let mb = s.memory_mb;
    let page_s = billed_seconds(m.page_ms, 0.0, mb);
    let count_s = billed_seconds(m.count_ms, 0.0, mb);
    let peak_views_per_s = t.peak_on_page / t.open_seconds;
    let environments = (peak_views_per_s * page_s * ENVIRONMENTS_PER_CONCURRENT_REQUEST)
        .ceil()
        .max(1.0);
    let count_reads = environments * 86_400.0 / store::COUNT_TTL_SECONDS;
    let lambda_seconds = (origin_views + tokens) * page_s
        + (origin_polls + origin_statics + thanks) * count_s
        + count_reads * COUNT_READ_WAIT_MS / 1e3
        + posts * billed_seconds(m.submit_ms, SUBMIT_WAIT_MS, mb)
        + t.letters * (MAILER_WAIT_MS + AGGREGATOR_MS) / 1e3;
    let invocations = origin + t.letters * BACKGROUND_INVOCATIONS_PER_LETTER;

    let bytes = |(plain, gzipped): (f64, f64)| if s.cdn { gzipped } else { plain };
    let transfer_gb = (views * bytes(m.page_bytes)
        + polls * bytes(m.count_bytes)
        + views * bytes(m.static_bytes)
        + thanks * bytes(m.thanks_bytes)
        + tokens * bytes(m.token_bytes))
        / 1e9;

    let write_units = t.letters * m.write_units_per_letter;
    let read_units = count_reads * m.count_read_units + t.letters * m.read_units_per_letter;
    let per_million = |n: f64, price: f64| n / 1e6 * price;
    vec![
        (
            "API Gateway",
            per_million(origin, p.api_gateway_per_million),
        ),
        (
            "CloudFront requests",
            if s.cdn {
                per_million(requests, p.cloudfront_requests_per_million)
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
            per_million(invocations, p.lambda_requests_per_million),
        ),
        (
            "Lambda duration",
            lambda_seconds * mb / 1024.0 * p.lambda_arm_per_gb_second,
        ),
        (
            "DynamoDB writes",
            per_million(write_units, p.dynamodb_write_units_per_million),
        ),
        (
            "DynamoDB reads",
            per_million(read_units, p.dynamodb_read_units_per_million),
        ),
        (
            "SQS and the pipe",
            per_million(
                t.letters,
                1.2 * p.sqs_requests_per_million + p.pipes_requests_per_million,
            ),
        ),
        ("SES", t.letters / 1e3 * p.ses_per_thousand),
        (
            "CloudWatch Logs",
            (invocations * LOG_BYTES_PER_INVOCATION + origin * ACCESS_LOG_BYTES) / 1e9
                * p.logs_per_gb,
        ),
        (
            "Delivery VPC/NAT (optional)",
            NAT_GATEWAYS * 24.0 * p.nat_gateway_per_hour
                + t.letters * DELIVERY_GB_PER_LETTER * p.nat_processed_per_gb,
        ),
    ]
}

/// Prints the prices, the day as built before this issue, each cut in turn,
/// and what the last column's money goes to.
pub fn print(t: &Traffic, m: &Measured, scenarios: &[Scenario]) {
    println!("\nPrices: {}", prices::TAKEN);
    for (what, price) in US_EAST_1.listed() {
        println!("  {what}: ${price}");
    }
    println!(
        "\nMeasured here: CPU per request on one core {:.3} ms (page), {:.3} ms (count), \
         {:.3} ms (submit); bytes plain/gzipped: page {:.0}/{:.0}, count {:.0}/{:.0}, \
         script and stylesheet {:.0}/{:.0}, thank-you page {:.0}/{:.0}.",
        m.page_ms,
        m.count_ms,
        m.submit_ms,
        m.page_bytes.0,
        m.page_bytes.1,
        m.count_bytes.0,
        m.count_bytes.1,
        m.static_bytes.0,
        m.static_bytes.1,
        m.thanks_bytes.0,
        m.thanks_bytes.1
    );
    let shares = m.shares;
    println!(
        "
{}: a letter's item {:.0} bytes. Write units per letter, as `bench counts` counted \
         them (docs/performance-counts.json), the tally at {} KB shared by a batch, \
         {} of supporters pressing the confirm link and {} withdrawing (assumed):",
        m.campaign, m.letter_item_bytes, shares.tally_kb, shares.click, shares.withdraw
    );
    for (phase, units) in &m.writes_by_phase {
        println!("  {units:>6.2}  {phase}");
    }
    println!(
        "  {:>6.2}  a letter, its shares of clicks and withdrawals included; reads {:.2}",
        m.write_units_per_letter, m.read_units_per_letter
    );
    let priced: Vec<Vec<(&str, f64)>> = scenarios
        .iter()
        .map(|s| price(t, m, s, &US_EAST_1))
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
    let row =
        |name: &str, values: Vec<String>| std::iter::once(name.to_owned()).chain(values).collect();
    rows.push(row(
        "total",
        totals.iter().map(|t| format!("{t:.2}")).collect(),
    ));
    rows.push(row(
        "per million letters",
        totals
            .iter()
            .map(|total| format!("{:.2}", total / (t.letters / 1e6)))
            .collect(),
    ));
    let ses_floor = t.letters / 1e3 * US_EAST_1.ses_per_thousand;
    rows.push(row(
        "SES floor's share",
        totals
            .iter()
            .map(|total| format!("{:.0}%", 100.0 * ses_floor / total))
            .collect(),
    ));
    let header: Vec<&str> = std::iter::once("line (US $ a day)")
        .chain(scenarios.iter().map(|s| s.name))
        .collect();
    print_table(
        &format!(
            "A viral day: {:.0} letters, {:.0} page views, {:.0} on the page at the peak \
             (each column adds one cut to the one before; target < $200 with the SES floor, \
             ${ses_floor:.0}, its largest part)",
            t.letters, t.page_views, t.peak_on_page
        ),
        &header,
        &rows,
    );
    if let Some(last) = priced.last() {
        let mut items = last.clone();
        items.sort_by(|a, b| b.1.total_cmp(&a.1));
        let leading: Vec<String> = items
            .iter()
            .take(4)
            .map(|(line, dollars)| format!("{line} ${dollars:.0}"))
            .collect();
        println!("\nLargest lines of the last column: {}", leading.join(", "));
    }
}

/// Latency of each handler at Lambda's CPU share for each memory size,
/// scaled from one core of this machine.
pub fn print_memory_sizes(handlers: &[(&str, f64)], sizes: &[f64]) {
    let rows: Vec<Vec<String>> = handlers
        .iter()
        .map(|(name, cpu_ms)| {
            std::iter::once((*name).to_owned())
                .chain(std::iter::once(format!("{cpu_ms:.3}")))
                .chain(
                    sizes
                        .iter()
                        .map(|mb| format!("{:.2}", cpu_ms * ONE_CORE_MB / mb)),
                )
                .collect()
        })
        .collect();
    let headers: Vec<String> = ["handler".to_owned(), "one core (ms)".to_owned()]
        .into_iter()
        .chain(sizes.iter().map(|mb| format!("{mb:.0} MB (ms)")))
        .collect();
    print_table(
        "CPU time per request at Lambda's share of a core (a whole one at 1,769 MB), before any wait on AWS",
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
        &rows,
    );
}

/// What serving the count from one summary item would save, per the last scenario.
pub fn summary_item_saving(t: &Traffic, m: &Measured, s: &Scenario) -> (f64, f64) {
    let page_s = billed_seconds(m.page_ms, 0.0, s.memory_mb);
    let environments =
        (t.peak_on_page / t.open_seconds * page_s * ENVIRONMENTS_PER_CONCURRENT_REQUEST)
            .ceil()
            .max(1.0);
    let reads_a_day = environments * 86_400.0 / store::COUNT_TTL_SECONDS;
    let saved_units = reads_a_day * (m.count_read_units - 0.5);
    (
        environments,
        saved_units / 1e6 * US_EAST_1.dynamodb_read_units_per_million,
    )
}

pub use day::run;
