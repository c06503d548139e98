//! `analyst`: a campaign's summary, an export to a file, or an HTML report,
//! from the analysts' routes, with your AWS credentials (SigV4) or, against
//! the local server, its token.

use analyst::campaign::choose;
use analyst::client::{AnalystClient, Auth, base_url};
use analyst::export::{ExportOptions, export_to_file, office_letters};
use analyst::output::is_standard_output;
use analyst::packet;
use analyst::report::ReportInput;
use analyst::summary::{self, Range};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use shared::analytics::OfficeLetters;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The API's address: the stack's AnalystApiUrl output, or http://127.0.0.1:3000 locally.
    #[arg(long, env = "ANALYST_URL", global = true)]
    url: Option<String>,
    /// The local server's token; without it, requests are signed with your AWS credentials.
    /// The same variable as the server's, so one `export ADMIN_TOKEN=...` serves both.
    #[arg(long, env = "ADMIN_TOKEN", hide_env_values = true, global = true)]
    token: Option<String>,
    /// The campaign's slug (`analyst campaigns` lists them); needed when
    /// the stack has more than one, and always to publish.
    #[arg(long, env = "ANALYST_CAMPAIGN", global = true)]
    campaign: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// A date range, on the commands that take one.
#[derive(Args)]
struct Dates {
    /// From this date (2026-11-28, midnight UTC) or time (RFC 3339).
    #[arg(long)]
    since: Option<String>,
    /// Until this date or time (exclusive).
    #[arg(long)]
    until: Option<String>,
}

impl TryFrom<Dates> for Range {
    type Error = anyhow::Error;

    fn try_from(dates: Dates) -> anyhow::Result<Self> {
        Range::parse(dates.since, dates.until)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Lists the campaigns: open, closed and retired.
    Campaigns,
    /// Prints the campaign's summary as a table (or JSON, or CSV).
    Summary {
        #[command(flatten)]
        dates: Dates,
        /// Print JSON instead of a table.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV (section,label,letters) instead of a table.
        #[arg(long)]
        csv: bool,
    },
    /// Writes the campaign's letters to a file, with a progress bar.
    Export {
        /// csv or jsonl.
        #[arg(long, default_value = "csv")]
        format: String,
        #[command(flatten)]
        dates: Dates,
        /// Only letters from this state (USPS code).
        #[arg(long)]
        state: Option<String>,
        /// Only letters that came with this source code (one the campaign lists).
        #[arg(long)]
        source: Option<String>,
        /// Include names, email, street and the letter's text. The export is logged.
        #[arg(long)]
        pii: bool,
        /// CSV for spreadsheet programs: a byte-order mark, ZIP codes kept as
        /// text, formulas neutralised. Without it, values are as stored.
        #[arg(long)]
        spreadsheet: bool,
        /// A row per letter and office written to, with the office's member,
        /// party, district and delivery, instead of a row per letter.
        #[arg(long)]
        per_office: bool,
        /// The file to write, or - for standard output; CAMPAIGN-letters.FORMAT
        /// (CAMPAIGN-offices.FORMAT with --per-office) if not given.
        #[arg(long, short)]
        out: Option<PathBuf>,
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
        /// The file to write (- for standard output, CSV only);
        /// CAMPAIGN-OFFICE-unreachable.FORMAT if not given.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Writes one office's letters, every one addressed to it whatever its
    /// delivery, to take to the office by hand or by email: CSV, or
    /// printable letters (HTML, one a page, 1,000 a file); or with
    /// --all-offices, a CSV and an HTML file for every office into --dir.
    /// The export is logged.
    Packet {
        /// The office's code, as in the summary: SME01, HTX07.
        #[arg(long, required_unless_present = "all_offices")]
        office: Option<String>,
        /// csv or html.
        #[arg(long, default_value = "csv", conflicts_with = "all_offices")]
        format: String,
        /// The file to write (- for standard output, CSV only);
        /// CAMPAIGN-OFFICE.csv (or .html) if not given.
        #[arg(long, short, conflicts_with = "all_offices")]
        out: Option<PathBuf>,
        /// Every office the campaign's letters are addressed to.
        #[arg(long, conflicts_with = "office", requires = "dir")]
        all_offices: bool,
        /// The folder for --all-offices: OFFICE.csv and OFFICE.html each; made if missing.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Publishes a campaign's TOML file as --campaign (new, changed, closed,
    /// reopened or retired): checked first, live at once locally and within 30 seconds on AWS.
    Publish {
        /// The campaign's TOML file.
        file: PathBuf,
    },
    /// Erases every letter an address wrote, to any campaign (logged, without the address).
    Erase {
        #[arg(long)]
        email: String,
    },
    /// Writes a self-contained HTML report with charts.
    Report {
        #[command(flatten)]
        dates: Dates,
        /// The file to write, or - for standard output; CAMPAIGN-report.html if not given.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let url = cli
        .url
        .context("which API? pass --url, or set ANALYST_URL (http://127.0.0.1:3000 locally)")?;
    let url = base_url(&url)?;
    let auth = Auth::for_url(&url, cli.token).await?;
    let client = AnalystClient::new(url.as_str(), auth);
    let given = cli.campaign;
    match cli.command {
        Command::Campaigns => {
            for listing in client.campaigns().await? {
                println!(
                    "{:<24} {:<7} v{:<4} goal {:>9}  {}",
                    listing.slug,
                    listing.status.as_str(),
                    listing.version,
                    listing.goal,
                    listing.title
                );
            }
        }
        Command::Summary { dates, json, csv } => {
            let campaign = choose(&client, given).await?;
            let summary = summary::fetch(&client, &campaign, &dates.try_into()?).await?;
            if json {
                println!("{}", summary::json(&summary, &campaign)?);
            } else if csv {
                print!("{}", summary::csv(&summary, &campaign));
            } else {
                print!("{}", summary::table(&summary, &campaign));
            }
        }
        Command::Export {
            format,
            dates,
            state,
            source,
            pii,
            spreadsheet,
            per_office,
            out,
        } => {
            let campaign = choose(&client, given).await?;
            let rows_are = if per_office { "offices" } else { "letters" };
            let out = out.unwrap_or_else(|| format!("{campaign}-{rows_are}.{format}").into());
            let range = Range::try_from(dates)?;
            let options = ExportOptions {
                format,
                since: range.since,
                until: range.until,
                state,
                source,
                include_pii: pii,
                spreadsheet,
                per_office,
            };
            let expected = options.expected_rows(&client.summary(&campaign).await?);
            let bar = progress_bar(expected, "letters", &out)?;
            let rows = export_to_file(&client, &campaign, &options, &out, |rows| {
                bar.set_position(rows)
            })
            .await?;
            bar.finish_and_clear();
            let per = if per_office {
                ", a row per office each"
            } else {
                ""
            };
            done(&out, format!("Wrote {rows} letters of {campaign}{per}"));
        }
        Command::Unreachable {
            office,
            format,
            out,
        } => {
            let campaign = choose(&client, given).await?;
            let office = packet::office_code(&office)?;
            let out =
                out.unwrap_or_else(|| format!("{campaign}-{office}-unreachable.{format}").into());
            let letters = OfficeLetters::Unreachable;
            let rows =
                office_letters(&client, &campaign, &office, letters, &format, &out, |_| {}).await?;
            done(
                &out,
                format!("Wrote {rows} letters of {campaign} to {office}"),
            );
        }
        Command::Packet {
            office: Some(office),
            format,
            out,
            ..
        } => {
            let campaign = choose(&client, given).await?;
            let office = packet::office_code(&office)?;
            let expected = packet::offices(&client.summary(&campaign).await?)
                .into_iter()
                .find_map(|(known, letters)| (known == office).then_some(letters));
            let out = out.unwrap_or_else(|| format!("{campaign}-{office}.{format}").into());
            let bar = progress_bar(expected, "letters", &out)?;
            let letters = OfficeLetters::Addressed;
            let rows = office_letters(&client, &campaign, &office, letters, &format, &out, |n| {
                bar.set_position(n)
            })
            .await?;
            bar.finish_and_clear();
            done(
                &out,
                format!("Wrote {rows} letters of {campaign} to {office}"),
            );
        }
        Command::Packet { dir, .. } => {
            let dir = dir.context("--all-offices needs --dir, the folder to write into")?;
            let campaign = choose(&client, given).await?;
            let offices = packet::offices(&client.summary(&campaign).await?);
            let bar = progress_bar(Some(offices.len() as u64), "offices", &dir)?;
            let written =
                packet::all_offices(&client, &campaign, &offices, &dir, |office, done| {
                    bar.set_message(office.to_string());
                    bar.set_position(done as u64);
                })
                .await?;
            bar.finish_and_clear();
            let letters: u64 = written.iter().map(|(_, rows)| rows).sum();
            println!(
                "Wrote the letters of {campaign} to {} offices ({letters} letters) to {}",
                written.len(),
                dir.display()
            );
        }
        Command::Publish { file } => {
            let campaign = given.context(
                "publish needs --campaign (or ANALYST_CAMPAIGN): the slug to publish the file as",
            )?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let answer = client.publish(&campaign, text).await?;
            println!("{}", client.publication_message(&campaign, &answer));
        }
        Command::Erase { email } => {
            let erased = client.erase(&email).await?;
            println!("Erased {erased} letters written from that address.");
        }
        Command::Report { dates, out } => {
            let campaign = choose(&client, given).await?;
            let out = out.unwrap_or_else(|| format!("{campaign}-report.html").into());
            let range = Range::try_from(dates)?;
            let summary = summary::fetch(&client, &campaign, &range).await?;
            let listing = client
                .campaigns()
                .await?
                .into_iter()
                .find(|listing| listing.slug == campaign)
                .with_context(|| {
                    format!(
                        "{campaign} is not a campaign served now (`analyst campaigns` lists \
                         them), so it has no report; its letters, if any, can still be exported"
                    )
                })?;
            let campaign_total = if range.is_whole_campaign() {
                summary.total
            } else {
                client.summary(&campaign).await?.total
            };
            let html = analyst::report::render(&ReportInput {
                campaign: &listing,
                summary: &summary,
                range: &range,
                campaign_total,
                generated_at: time::OffsetDateTime::now_utc(),
            })?;
            analyst::output::replace(&out, html.as_bytes())?;
            done(&out, format!("Wrote the report on {campaign}"));
        }
    }
    Ok(())
}

/// Says, on standard output, that `what` went to `out`; on standard error
/// when `out` is standard output, so the message stays out of the data.
fn done(out: &Path, what: String) {
    if is_standard_output(out) {
        eprintln!("{what} to standard output");
    } else {
        println!("{what} to {}", out.display());
    }
}

/// A bar counting `things` up to `total`, or a spinner counting them when
/// the total is not known; drawn only for a person at a terminal: nothing
/// when either output goes to a file or a pipe (indicatif, drawing on
/// standard error, checks only that one), or when the data itself goes to
/// standard output (`out` is `-`).
fn progress_bar(total: Option<u64>, things: &str, out: &Path) -> anyhow::Result<ProgressBar> {
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            format!("{{bar:40}} {{pos}}/{{len}} {things} {{msg}} ({{per_sec}}, {{eta}} left)"),
        ),
        None => (
            ProgressBar::new_spinner(),
            format!("{{spinner}} {{pos}} {things} {{msg}} ({{per_sec}})"),
        ),
    };
    if !std::io::stdout().is_terminal() || is_standard_output(out) {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    Ok(bar.with_style(ProgressStyle::with_template(&template)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_go_before_or_after_the_subcommand() {
        let after = [
            "analyst",
            "summary",
            "--campaign",
            "other",
            "--token",
            "t",
            "--url",
            "http://x",
        ];
        let before = [
            "analyst",
            "--campaign",
            "other",
            "--token",
            "t",
            "--url",
            "http://x",
            "summary",
        ];
        for args in [&after[..], &before[..]] {
            let cli = Cli::try_parse_from(args).unwrap();
            assert_eq!(cli.campaign.as_deref(), Some("other"));
            assert_eq!(cli.token.as_deref(), Some("t"));
            assert_eq!(cli.url.as_deref(), Some("http://x"));
        }
    }

    #[test]
    fn summary_takes_a_date_range_and_one_output_format() {
        let cli =
            Cli::try_parse_from(["analyst", "summary", "--since", "2026-11-01", "--csv"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Summary {
                csv: true,
                json: false,
                ..
            }
        ));
        assert!(Cli::try_parse_from(["analyst", "summary", "--json", "--csv"]).is_err());
    }

    #[test]
    fn a_packet_is_one_office_to_a_file_or_every_office_into_a_folder() {
        let parse = |args: &[&str]| Cli::try_parse_from([&["analyst", "packet"], args].concat());
        let one = parse(&["--office", "SME01", "--format", "html"]).unwrap();
        assert!(matches!(
            one.command,
            Command::Packet {
                office: Some(_),
                all_offices: false,
                out: None,
                ..
            }
        ));
        assert!(parse(&["--all-offices", "--dir", "packets"]).is_ok());
        for refused in [
            &[][..],
            &["--all-offices"],
            &["--all-offices", "--dir", "d", "--office", "SME01"],
            &["--all-offices", "--dir", "d", "--format", "html"],
            &["--all-offices", "--dir", "d", "--out", "f.csv"],
        ] {
            assert!(parse(refused).is_err(), "{refused:?}");
        }
    }

    #[test]
    fn a_range_that_ends_before_it_begins_is_refused_by_name() {
        let range = |since: &str, until: &str| Range::parse(Some(since.into()), Some(until.into()));
        let error = range("2026-11-28", "2026-11-01").unwrap_err().to_string();
        assert!(
            error.contains("--until (2026-11-01) must come after --since"),
            "{error}"
        );
        assert!(range("2026-11-28", "2026-11-28").is_err());
        assert!(range("2026-11-28", "2026-11-28T00:00:01Z").is_ok());
        let error = range("28/11/2026", "2026-12-01").unwrap_err().to_string();
        assert!(
            error.contains("\"28/11/2026\" is neither a date"),
            "{error}"
        );
    }
}
