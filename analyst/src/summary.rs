//! A campaign's summary: the whole campaign from its maintained counts, or
//! a date range counted from the range's letters (the counts are kept per
//! day, not per day and state); printed as a table, JSON or CSV.

use crate::client::AnalystClient;
use crate::export::{ExportOptions, export};
use anyhow::Context;
use serde::Deserialize;
use shared::analytics::{Confirmations, MemberCount, Summary};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A date range: from `since` (inclusive) until `until` (exclusive), each a
/// date (2026-11-28, midnight UTC) or an RFC 3339 time.
#[derive(Debug, Clone, Default)]
pub struct Range {
    pub since: Option<String>,
    pub until: Option<String>,
}

impl Range {
    pub fn is_whole_campaign(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }
}

/// The summary of `campaign` over `range`.
pub async fn fetch(
    client: &AnalystClient,
    campaign: &str,
    range: &Range,
) -> anyhow::Result<Summary> {
    if range.is_whole_campaign() {
        return client.summary(campaign).await;
    }
    let options = ExportOptions {
        format: "jsonl".into(),
        since: range.since.clone(),
        until: range.until.clone(),
        ..Default::default()
    };
    let mut rows = Vec::new();
    export(client, campaign, &options, &mut rows, |_| {}).await?;
    summarise(&rows)
}

/// An export row, as much of it as a summary counts.
#[derive(Deserialize)]
struct Row {
    created_at: String,
    state: String,
    district: String,
    recipients: Vec<Addressee>,
    edited: bool,
    opt_in: bool,
    confirmed: bool,
    confirmation: String,
}

#[derive(Deserialize)]
struct Addressee {
    bioguide: String,
    name: Option<String>,
    chamber: String,
}

/// Counts JSON Lines export rows into a summary, as the maintained counts would.
pub fn summarise(jsonl: &[u8]) -> anyhow::Result<Summary> {
    let mut summary = Summary {
        total: 0,
        by_state: BTreeMap::new(),
        by_district: BTreeMap::new(),
        by_day: BTreeMap::new(),
        by_senator: Vec::new(),
        by_representative: Vec::new(),
        edited: 0,
        verified: 0,
        opted_in: 0,
        confirmations: Confirmations {
            pending: 0,
            sent: 0,
            failed: 0,
            suppressed: 0,
        },
        // Export rows carry no delivery states: a ranged summary has none.
        deliveries: BTreeMap::new(),
    };
    let mut members: BTreeMap<(String, String), (String, u64)> = BTreeMap::new();
    for line in jsonl.split(|b| *b == b'\n').filter(|line| !line.is_empty()) {
        let row: Row = serde_json::from_slice(line).context("reading an exported letter")?;
        summary.total += 1;
        *summary.by_state.entry(row.state).or_default() += 1;
        if !row.district.is_empty() {
            *summary.by_district.entry(row.district).or_default() += 1;
        }
        let day = row.created_at.get(..10).unwrap_or_default().to_owned();
        *summary.by_day.entry(day).or_default() += 1;
        for addressee in row.recipients {
            let name = addressee.name.unwrap_or_else(|| addressee.bioguide.clone());
            members
                .entry((addressee.chamber, addressee.bioguide))
                .or_insert((name, 0))
                .1 += 1;
        }
        summary.edited += u64::from(row.edited);
        summary.verified += u64::from(row.confirmed);
        summary.opted_in += u64::from(row.confirmed && row.opt_in);
        let c = &mut summary.confirmations;
        match row.confirmation.as_str() {
            "sent" => c.sent += 1,
            "failed" => c.failed += 1,
            "suppressed" => c.suppressed += 1,
            _ => c.pending += 1,
        }
    }
    for ((chamber, bioguide), (name, letters)) in members {
        let count = MemberCount {
            bioguide,
            name,
            letters,
        };
        match chamber.as_str() {
            "senate" => summary.by_senator.push(count),
            _ => summary.by_representative.push(count),
        }
    }
    for list in [&mut summary.by_senator, &mut summary.by_representative] {
        list.sort_by(|a, b| b.letters.cmp(&a.letters).then_with(|| a.name.cmp(&b.name)));
    }
    Ok(summary)
}

/// Every figure of the summary as `(section, label, letters)`, in the
/// order the table prints them.
fn figures(summary: &Summary) -> Vec<(&'static str, String, u64)> {
    let c = &summary.confirmations;
    let mut figures = vec![
        ("total", "Letters".to_owned(), summary.total),
        ("total", "Edited by the writer".into(), summary.edited),
        ("total", "Confirmed from the email".into(), summary.verified),
        ("total", "Opted in to updates".into(), summary.opted_in),
        ("confirmation", "sent".into(), c.sent),
        ("confirmation", "pending".into(), c.pending),
        ("confirmation", "failed".into(), c.failed),
        ("confirmation", "suppressed".into(), c.suppressed),
    ];
    let keyed = |section, map: &BTreeMap<String, u64>| {
        map.iter()
            .map(move |(key, n)| (section, key.clone(), *n))
            .collect::<Vec<_>>()
    };
    figures.extend(keyed("day", &summary.by_day));
    figures.extend(keyed("state", &summary.by_state));
    figures.extend(keyed("district", &summary.by_district));
    for (section, members) in [
        ("senator", &summary.by_senator),
        ("representative", &summary.by_representative),
    ] {
        figures.extend(members.iter().map(|m| {
            let label = format!("{} ({})", m.name, m.bioguide);
            (section, label, m.letters)
        }));
    }
    figures
}

/// The summary as a table for a terminal: a heading per section, labels
/// left, counts right-aligned.
pub fn table(summary: &Summary) -> String {
    let figures = figures(summary);
    let label_width = figures
        .iter()
        .map(|(_, l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let mut section = "";
    for (this, label, n) in &figures {
        if *this != section {
            section = this;
            let _ = writeln!(
                out,
                "{}{}",
                if out.is_empty() { "" } else { "\n" },
                heading(this)
            );
        }
        let _ = writeln!(out, "  {label:<label_width$}  {n:>9}");
    }
    out
}

fn heading(section: &str) -> &'static str {
    match section {
        "total" => "Letters",
        "confirmation" => "Confirmation emails",
        "day" => "By day (UTC)",
        "state" => "By state",
        "district" => "By House district",
        "senator" => "By Senator",
        _ => "By member of the House",
    }
}

/// The summary as CSV: `section,label,letters`, one figure a row.
pub fn csv(summary: &Summary) -> String {
    let mut out = String::from("section,label,letters\n");
    for (section, label, n) in figures(summary) {
        let label = if label.contains([',', '"']) {
            format!("\"{}\"", label.replace('"', "\"\""))
        } else {
            label
        };
        let _ = writeln!(out, "{section},{label},{n}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROWS: &str = concat!(
        r#"{"created_at":"2026-11-27T23:59:59Z","state":"TX","district":"TX-37","recipients":[{"bioguide":"C001056","name":"John Cornyn","chamber":"senate"},{"bioguide":"D000399","name":"Lloyd Doggett","chamber":"house"}],"edited":true,"opt_in":true,"confirmed":true,"confirmation":"sent"}"#,
        "\n",
        r#"{"created_at":"2026-11-28T00:00:00Z","state":"CA","district":"","recipients":[{"bioguide":"X000001","name":null,"chamber":"senate"}],"edited":false,"opt_in":true,"confirmed":false,"confirmation":"pending"}"#,
        "\n",
    );

    #[test]
    fn rows_add_up_as_the_maintained_counts_do() {
        let summary = summarise(ROWS.as_bytes()).unwrap();
        assert_eq!(summary.total, 2);
        assert_eq!(summary.by_day["2026-11-27"], 1);
        assert_eq!(summary.by_day["2026-11-28"], 1);
        assert_eq!(summary.by_district.len(), 1);
        assert_eq!(
            (summary.verified, summary.opted_in, summary.edited),
            (1, 1, 1)
        );
        assert_eq!(summary.confirmations.pending, 1);
        assert_eq!(summary.by_senator.len(), 2);
        assert_eq!(summary.by_representative[0].name, "Lloyd Doggett");
        assert!(
            summary.by_senator.iter().any(|m| m.name == "X000001"),
            "a member no longer in the data keeps their id"
        );
    }

    #[test]
    fn the_table_aligns_its_counts_and_the_csv_quotes_labels() {
        let summary = summarise(ROWS.as_bytes()).unwrap();
        let table = table(&summary);
        assert!(table.starts_with("Letters\n"));
        assert!(table.contains("By Senator\n"));
        let widths: Vec<usize> = table
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(str::len)
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{table}");
        let csv = csv(&summary);
        assert!(csv.contains("senator,John Cornyn (C001056),1\n"), "{csv}");
        assert!(csv.contains("total,Letters,2\n"));
    }
}
