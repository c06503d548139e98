//! The secret read's share of a start, timed on its own. Each run is a
//! fresh process that builds the SDK's configuration as the functions do
//! (its HTTPS client parses the compiled-in roots), then makes the one
//! Secrets Manager read the page, submit, confirmation and delivery
//! functions make before they serve, and reports both durations.

use crate::stats::{Timings, ms, print_table};
use letters_aws::bootstrap::{Patience, secret_text};
use shared::settings::{Env, Settings};
use std::time::{Duration, Instant};

/// Times `runs` fresh processes, each reading a new secret in moto.
pub async fn run(table: &str, runs: usize) -> anyhow::Result<()> {
    let arn = crate::aws::signing_key_secret(table).await?;
    let (mut configs, mut reads) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let out = tokio::process::Command::new(std::env::current_exe()?)
            .args(["secret-read-once", "--arn", &arn])
            .output()
            .await?;
        anyhow::ensure!(
            out.status.success(),
            "a timed read failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout)?;
        let mut nanos = text.split_whitespace().map(str::parse::<u64>);
        let (Some(config), Some(read)) = (nanos.next(), nanos.next()) else {
            anyhow::bail!("a timed read printed {text:?}");
        };
        configs.push(Duration::from_nanos(config?));
        reads.push(Duration::from_nanos(read?));
    }
    let row = |what: &str, timings: Timings| {
        vec![
            what.to_owned(),
            ms(timings.median_ms()),
            ms(timings.percentile_ms(90.0)),
        ]
    };
    print_table(
        &format!("The secret read at start, {runs} fresh processes (ms)"),
        &["step", "median", "p90"],
        &[
            row("SDK configuration built", Timings::new(configs)),
            row("first secret read", Timings::new(reads)),
        ],
    );
    Ok(())
}

/// One timed start: prints the configuration's and the read's nanoseconds.
pub async fn once(arn: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    let settings = Settings::from_env(&Env::from_process())?;
    let config = Patience::WEB.lambda_sdk_config(&settings)?;
    let configured = started.elapsed();
    let started = Instant::now();
    secret_text(&config, arn).await?;
    let read = started.elapsed();
    println!("{} {}", configured.as_nanos(), read.as_nanos());
    Ok(())
}
