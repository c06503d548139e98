//! `analyst`: a campaign's summary, an export to a file, or an HTML report,
//! from the analysts' routes, with your AWS credentials (SigV4) or, against
//! the local server, its token.

use analyst::client::{AnalystClient, Auth};
use analyst::export::{ExportOptions, export, unreachable};
use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::BufWriter;
use std::path::PathBuf;

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The API's address: the stack's AnalystApiUrl output, or http://127.0.0.1:3000 locally.
    #[arg(long, env = "ANALYST_URL")]
    url: String,
    /// The local server's token (ADMIN_TOKEN); without it, requests are signed with your AWS credentials.
    #[arg(long, env = "ANALYST_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// The campaign's slug.
    #[arg(long, default_value = "sesta")]
    campaign: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Prints the campaign's summary as JSON.
    Summary,
    /// Writes the campaign's letters to a file, with a progress bar.
    Export {
        /// csv or jsonl.
        #[arg(long, default_value = "csv")]
        format: String,
        /// From this date (2026-11-28) or time (RFC 3339).
        #[arg(long)]
        since: Option<String>,
        /// Until this date or time (exclusive).
        #[arg(long)]
        until: Option<String>,
        /// Only letters from this state (USPS code).
        #[arg(long)]
        state: Option<String>,
        /// Include names, email, street and the letter's text. The export is logged.
        #[arg(long)]
        pii: bool,
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Writes the letters an office's delivery service cannot reach, for
    /// delivering them another way: CSV, or printable letters (HTML, one a
    /// page, 1,000 a file). The export is logged.
    Unreachable {
        /// The office's code, as in the summary: SME01, HTX07.
        #[arg(long)]
        office: String,
        /// csv or html.
        #[arg(long, default_value = "csv")]
        format: String,
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Erases every letter an address wrote, to any campaign (logged, without the address).
    Erase {
        #[arg(long)]
        email: String,
    },
    /// Writes a self-contained HTML report with charts.
    Report {
        #[arg(long, short, default_value = "report.html")]
        out: PathBuf,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let auth = match cli.token {
        Some(token) => Auth::Token(token),
        None => Auth::from_aws_environment().await?,
    };
    let client = AnalystClient::new(&cli.url, auth);
    match cli.command {
        Command::Summary => {
            let summary = client.summary(&cli.campaign).await?;
            println!("{}", serde_json::to_string_pretty(&summary)?);
        }
        Command::Export {
            format,
            since,
            until,
            state,
            pii,
            out,
        } => {
            let total = client.summary(&cli.campaign).await?.total;
            let bar = ProgressBar::new(total).with_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} letters ({per_sec}, {eta} left)",
                )
                .context("a progress template")?,
            );
            let file = std::fs::File::create(&out)
                .with_context(|| format!("creating {}", out.display()))?;
            let options = ExportOptions {
                format,
                since,
                until,
                state,
                include_pii: pii,
            };
            let rows = export(
                &client,
                &cli.campaign,
                &options,
                &mut BufWriter::new(file),
                |rows| bar.set_position(rows),
            )
            .await?;
            bar.finish_and_clear();
            eprintln!("Wrote {rows} letters to {}", out.display());
        }
        Command::Unreachable {
            office,
            format,
            out,
        } => {
            let rows = unreachable(&client, &cli.campaign, &office, &format, &out).await?;
            eprintln!("Wrote {rows} letters to {} to {}", office, out.display());
        }
        Command::Erase { email } => {
            let erased = client.erase(&email).await?;
            eprintln!("Erased {erased} letters written from that address.");
        }
        Command::Report { out } => {
            let summary = client.summary(&cli.campaign).await?;
            let now = time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)?;
            let html = analyst::report::render(&cli.campaign, &summary, now)?;
            std::fs::write(&out, html).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("Wrote the report to {}", out.display());
        }
    }
    Ok(())
}
