//! The benchmarks, each printing a table: `bench/run` builds what they
//! need, starts AWS on loopback and runs them all. Figures are printed,
//! never asserted: a slow machine fails nothing.

mod aws;
mod cold;
mod cost;
mod emulator;
mod events;
mod sizes;
mod stats;
mod subjects;
mod variants;
mod warm;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Cold starts, warm path, sizes, memory and a viral day's cost")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Init and first invocation over cold starts, beside the floor and Python.
    Cold {
        #[command(flatten)]
        functions: Functions,
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Peak memory over a cold start and many invocations.
    Memory {
        #[command(flatten)]
        functions: Functions,
        #[arg(long, default_value_t = 1000)]
        invocations: usize,
    },
    /// The page, count and submit handlers in process on one core.
    Warm {
        #[arg(long, default_value_t = 20_000)]
        requests: usize,
    },
    /// Stripped and zipped sizes for x86_64 (release binaries) and arm64 (SAM's build).
    Sizes {
        #[arg(long)]
        x86_dir: PathBuf,
        #[arg(long)]
        arm_dir: Option<PathBuf>,
        /// Other x86_64 builds to show beside: `NAME=DIR`.
        #[arg(long = "variant")]
        variants: Vec<variants::Variant>,
    },
    /// A viral day, priced, then cut.
    Cost,
}

/// The programs to start and the AWS they reach.
#[derive(Args)]
struct Functions {
    /// Where the release binaries are.
    #[arg(long)]
    bin_dir: PathBuf,
    /// A Python with boto3, for the reference handlers.
    #[arg(long)]
    python: Option<PathBuf>,
    /// AWS on loopback (the moto server).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    endpoint: String,
    #[arg(long, default_value = "letters-bench")]
    table: String,
    /// The functions' configured memory, as Lambda tells them.
    #[arg(long, default_value_t = 256)]
    memory_mb: u32,
    /// A build or setting to measure beside these: `NAME=DIR[,KEY=VALUE...]`.
    #[arg(long = "variant")]
    variants: Vec<variants::Variant>,
}

const FUNCTIONS: [&str; 7] = [
    "campaign-page",
    "submit-letter",
    "query-submissions",
    "aggregate-letters",
    "send-confirmation",
    "ses-feedback",
    "bench-floor",
];

impl Functions {
    async fn setup(&self) -> anyhow::Result<subjects::Setup> {
        let prepared = aws::prepare(&self.table, 20).await?;
        Ok(subjects::Setup {
            bin_dir: self.bin_dir.clone(),
            python: self.python.clone(),
            python_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python"),
            endpoint: self.endpoint.clone(),
            table: self.table.clone(),
            memory_mb: self.memory_mb,
            records: prepared.records,
            signing_key_arn: prepared.signing_key_arn,
            variants: self.variants.clone(),
        })
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Cold { functions, runs } => {
            cold::cold_starts(&functions.setup().await?.subjects(), runs).await
        }
        Command::Memory {
            functions,
            invocations,
        } => cold::memory(&functions.setup().await?.subjects(), invocations).await,
        Command::Warm { requests } => {
            tokio::task::spawn_blocking(move || warm::warm(requests)).await?
        }
        Command::Sizes {
            x86_dir,
            arm_dir,
            variants,
        } => sizes::print(&FUNCTIONS, &x86_dir, arm_dir.as_deref(), &variants),
        Command::Cost => tokio::task::spawn_blocking(price_the_day).await?,
    }
}

fn price_the_day() -> anyhow::Result<()> {
    let runtime = warm::one_core();
    let handlers = runtime.block_on(warm::measure_handlers(2_000))?;
    let median = |name: &str| {
        handlers
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or(1.0, |(_, _, t)| t.median_ms())
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
    let measured = cost::Measured {
        page_ms: median("page"),
        count_ms: median("count"),
        submit_ms: median("submit"),
        page_bytes: bytes(0),
        count_bytes: bytes(1),
        static_bytes: (bytes(2).0 + bytes(3).0, bytes(2).1 + bytes(3).1),
        thanks_bytes: bytes(4),
    };
    let traffic = cost::Traffic {
        letters: 1e6,
        page_views: 20e6,
        peak_on_page: 100e3,
        visible_seconds: 90.0,
        open_seconds: 240.0,
    };
    let scenario = |name, cdn, backoff, summary, memory_mb| cost::Scenario {
        name,
        cdn,
        polls_when_visible_with_backoff: backoff,
        summary_count: summary,
        memory_mb,
    };
    cost::print(
        &traffic,
        &measured,
        &[
            scenario("as built", false, false, false, 256.0),
            scenario("+ CDN", true, false, false, 256.0),
            scenario("+ polling", true, true, false, 256.0),
            scenario("+ summary count", true, true, true, 256.0),
            scenario("+ 128 MB", true, true, true, 128.0),
        ],
    );
    Ok(())
}
