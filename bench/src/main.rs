//! The benchmarks, each printing a table: `bench/run` builds what they
//! need, starts AWS on loopback and runs them all. Figures are printed,
//! never asserted: a slow machine fails nothing.

mod aws;
mod cold;
mod cost;
mod counts;
mod emulator;
mod events;
mod secret;
mod sizes;
mod stats;
mod subjects;
mod variants;
mod warm;

use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

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
    /// A viral day, priced from the counted life of a letter, then cut.
    Cost {
        /// The counts `bench counts` wrote.
        #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/performance-counts.json"))]
        counts: PathBuf,
    },
    /// One letter's life through the real handlers against moto, every AWS
    /// call and HTTP request counted, written for `bench cost`.
    Counts {
        /// AWS on loopback (the moto server).
        #[arg(long, env = "AWS_ENDPOINT_URL")]
        endpoint: String,
        #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/performance-counts.json"))]
        out: PathBuf,
        /// What the file says it was recorded from (commit, date, command).
        #[arg(long)]
        recorded: String,
    },
    /// The Secrets Manager read a function makes at start, timed on its
    /// own in fresh processes (AWS on loopback, from `AWS_ENDPOINT_URL`).
    SecretRead {
        #[arg(long, default_value = "letters-bench")]
        table: String,
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// One process of `secret-read`.
    #[command(hide = true)]
    SecretReadOnce {
        #[arg(long)]
        arn: String,
    },
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

/// Every package whose size is printed: each function (a folder under
/// `functions/`, the one list of them), and the floor.
fn packages() -> anyhow::Result<Vec<String>> {
    let functions = Path::new(env!("CARGO_MANIFEST_DIR")).join("../functions");
    let mut packages = Vec::new();
    for entry in std::fs::read_dir(&functions)? {
        let path = entry?.path();
        if path.join("Cargo.toml").is_file()
            && let Some(name) = path.file_name().and_then(|name| name.to_str())
        {
            packages.push(name.to_owned());
        }
    }
    packages.sort();
    packages.push("bench-floor".to_owned());
    Ok(packages)
}

impl Functions {
    /// The subjects' setup, and what clears what they write.
    async fn setup(&self) -> anyhow::Result<(subjects::Setup, aws::Pruner)> {
        let prepared = aws::prepare(&self.table, 20).await?;
        let setup = subjects::Setup {
            bin_dir: self.bin_dir.clone(),
            python: self.python.clone(),
            python_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python"),
            endpoint: self.endpoint.clone(),
            table: self.table.clone(),
            memory_mb: self.memory_mb,
            records: prepared.records,
            signing_key_arn: prepared.signing_key_arn,
            delivery_keys_arn: prepared.delivery_keys_arn,
            variants: self.variants.clone(),
        };
        Ok((setup, prepared.pruner))
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Cold { functions, runs } => {
            let (setup, _) = functions.setup().await?;
            cold::cold_starts(&setup.subjects(), runs).await
        }
        Command::Memory {
            functions,
            invocations,
        } => {
            let (setup, pruner) = functions.setup().await?;
            cold::memory(&setup.subjects(), invocations, &pruner).await
        }
        Command::Warm { requests } => {
            tokio::task::spawn_blocking(move || warm::warm(requests)).await?
        }
        Command::Sizes {
            x86_dir,
            arm_dir,
            variants,
        } => {
            let packages = packages()?;
            let packages: Vec<&str> = packages.iter().map(String::as_str).collect();
            sizes::print(&packages, &x86_dir, arm_dir.as_deref(), &variants)
        }
        Command::Cost { counts } => tokio::task::spawn_blocking(move || cost::run(&counts)).await?,
        Command::Counts {
            endpoint,
            out,
            recorded,
        } => counts::run(&endpoint, &out, recorded).await,
        Command::SecretRead { table, runs } => secret::run(&table, runs).await,
        Command::SecretReadOnce { arn } => secret::once(&arn).await,
    }
}
