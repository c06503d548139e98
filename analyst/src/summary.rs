//! A campaign's summary: the whole campaign from its maintained counts, or
//! a date range counted from the range's letters (the counts are kept per
//! day, not per day and state); printed as a table, JSON or CSV.

use crate::client::AnalystClient;
use crate::export::{ExportOptions, export};
use anyhow::{Context, bail};
use serde::Deserialize;
use shared::analytics::{MemberCount, Summary, range_bound};
use std::collections::BTreeMap;
use std::fmt::Write;
use time::OffsetDateTime;

/// A date range: from `since` (inclusive) until `until` (exclusive), each a
/// date (2026-11-28, midnight UTC) or an RFC 3339 time.
#[derive(Debug, Clone, Default)]
pub struct Range {
    pub since: Option<String>,
    pub until: Option<String>,
}

impl Range {
    /// A range as given on the command line: each bound a date or a time,
    /// and `until` after `since` (else nothing could match, silently).
    pub fn parse(since: Option<String>, until: Option<String>) -> anyhow::Result<Self> {
        let bound = |text: &Option<String>| -> anyhow::Result<Option<OffsetDateTime>> {
            text.as_deref()
                .map(|text| {
                    range_bound(text).with_context(|| {
                        format!(
                            "{text:?} is neither a date (2026-11-28) nor an RFC 3339 time \
                             (2026-11-28T14:00:00Z)"
                        )
                    })
                })
                .transpose()
        };
        if let (Some(first), Some(last)) = (bound(&since)?, bound(&until)?)
            && last <= first
        {
            bail!(
                "--until ({}) must come after --since ({}): the range holds no time",
                until.unwrap_or_default(),
                since.unwrap_or_default()
            );
        }
        Ok(Self { since, until })
    }

    pub fn is_whole_campaign(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }
}

/// The summary of `campaign` over `range`: a range is counted from its
/// letters as each page of the export arrives, so any range takes the
/// memory of one page.
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
    let mut counter = RowCounter::default();
    export(client, campaign, &options, &mut counter, |_| {}).await?;
    counter.finish()
}

/// An export row, as much of it as a summary counts.
#[derive(Deserialize)]
struct Row {
    created_at: String,
    state: String,
    district: String,
    recipients: Vec<Addressee>,
    /// Absent from servers older than the column.
    #[serde(default)]
    source: String,
    /// The language the letter was written in; an older server's rows,
    /// which do not say, were all English.
    #[serde(default = "english")]
    language: String,
    edited: bool,
    /// Absent from servers older than the column.
    #[serde(default)]
    in_own_words: bool,
    opt_in: bool,
    confirmed: bool,
    confirmation: String,
}

#[derive(Deserialize)]
struct Addressee {
    bioguide: String,
    name: Option<String>,
    chamber: String,
    office: Option<String>,
    /// Absent from servers older than the field.
    #[serde(default)]
    party: Option<String>,
    #[serde(default)]
    district: Option<String>,
}

/// Counts JSON Lines export rows, written to it in pieces of any size,
/// into a summary as the maintained counts would.
#[derive(Default)]
struct RowCounter {
    /// The start of a row whose end has not arrived yet.
    partial: Vec<u8>,
    summary: Summary,
    /// Letters per `(chamber, bioguide)`, with the member as named.
    members: BTreeMap<(String, String), MemberCount>,
}

impl std::io::Write for RowCounter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.partial.extend_from_slice(bytes);
        let mut start = 0;
        while let Some(end) = self.partial[start..].iter().position(|b| *b == b'\n') {
            let line = &self.partial[start..start + end];
            if !line.is_empty() {
                let row: Row = serde_json::from_slice(line).map_err(|error| {
                    std::io::Error::other(format!("reading an exported letter: {error}"))
                })?;
                add(&mut self.summary, &mut self.members, row);
            }
            start += end + 1;
        }
        self.partial.drain(..start);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl RowCounter {
    fn finish(self) -> anyhow::Result<Summary> {
        anyhow::ensure!(
            self.partial.is_empty(),
            "the export ended in the middle of a letter"
        );
        let mut summary = self.summary;
        for ((chamber, _), count) in self.members {
            match chamber.as_str() {
                "senate" => summary.by_senator.push(count),
                _ => summary.by_representative.push(count),
            }
        }
        for list in [&mut summary.by_senator, &mut summary.by_representative] {
            list.sort_by(|a, b| b.letters.cmp(&a.letters).then_with(|| a.name.cmp(&b.name)));
        }
        // Export rows carry no delivery states: a ranged summary has none.
        Ok(summary)
    }
}

fn english() -> String {
    shared::language::Language::En.tag().to_owned()
}

fn add(summary: &mut Summary, members: &mut BTreeMap<(String, String), MemberCount>, row: Row) {
    summary.total += 1;
    *summary.by_state.entry(row.state).or_default() += 1;
    if !row.district.is_empty() {
        *summary.by_district.entry(row.district).or_default() += 1;
    }
    let day = row.created_at.get(..10).unwrap_or_default().to_owned();
    *summary.by_day.entry(day).or_default() += 1;
    for addressee in row.recipients {
        let key = (addressee.chamber, addressee.bioguide.clone());
        let count = members.entry(key).or_insert_with(|| MemberCount {
            name: addressee.name.unwrap_or_else(|| addressee.bioguide.clone()),
            bioguide: addressee.bioguide,
            office: addressee.office,
            party: addressee.party,
            district: addressee.district,
            letters: 0,
        });
        count.letters += 1;
    }
    if !row.source.is_empty() {
        *summary.by_source.entry(row.source).or_default() += 1;
    }
    *summary.by_language.entry(row.language).or_default() += 1;
    summary.edited += u64::from(row.edited);
    summary.own_words += u64::from(row.in_own_words);
    summary.verified += u64::from(row.confirmed);
    summary.opt_in_ticked += u64::from(row.opt_in);
    summary.opted_in += u64::from(row.confirmed && row.opt_in);
    let c = &mut summary.confirmations;
    match row.confirmation.as_str() {
        "sent" => c.sent += 1,
        "failed" => c.failed += 1,
        "suppressed" => c.suppressed += 1,
        _ => c.pending += 1,
    }
}

/// Every figure of the summary as `(section, label, letters)`, in the
/// order the table prints them.
fn figures(summary: &Summary) -> Vec<(&'static str, String, u64)> {
    let c = &summary.confirmations;
    let mut figures = vec![
        ("total", "Letters".to_owned(), summary.total),
        ("total", "Edited by the writer".into(), summary.edited),
        (
            "total",
            "In the writer's own words".into(),
            summary.own_words,
        ),
        ("total", "Confirmed from the email".into(), summary.verified),
        (
            "total",
            "Opted in to updates: ticked the box".into(),
            summary.opt_in_ticked,
        ),
        (
            "total",
            "Opted in to updates: confirmed by email".into(),
            summary.opted_in,
        ),
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
    for (office, states) in &summary.deliveries {
        figures.extend([
            ("delivery", format!("{office} delivered"), states.delivered),
            ("delivery", format!("{office} retrying"), states.retrying),
            ("delivery", format!("{office} rejected"), states.rejected),
            (
                "delivery",
                format!("{office} unreachable"),
                states.unreachable,
            ),
        ]);
    }
    figures.extend(keyed("day", &summary.by_day));
    figures.extend(keyed("state", &summary.by_state));
    figures.extend(keyed("district", &summary.by_district));
    figures.extend(keyed("source", &summary.by_source));
    figures.extend(keyed("language", &summary.by_language));
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

/// The summary as a table for a terminal: the campaign first, then a
/// heading per section, labels left, counts right-aligned.
pub fn table(summary: &Summary, campaign: &str) -> String {
    let figures = figures(summary);
    let label_width = figures
        .iter()
        .map(|(_, l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!("Campaign {campaign}\n\n");
    let mut section = "";
    for (this, label, n) in &figures {
        if *this != section {
            section = this;
            let _ = writeln!(
                out,
                "{}{}",
                if out.ends_with("\n\n") { "" } else { "\n" },
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
        "delivery" => "Delivery, by office",
        "day" => "By day (UTC)",
        "state" => "By state",
        "district" => "By House district",
        "source" => "By source (the codes the campaign lists)",
        "senator" => "By Senator",
        _ => "By member of the House",
    }
}

/// The summary as CSV: `campaign,section,label,letters`, one figure a row.
pub fn csv(summary: &Summary, campaign: &str) -> String {
    let quoted = |text: &str| {
        if text.contains([',', '"']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    let mut out = String::from("campaign,section,label,letters\n");
    let campaign = quoted(campaign);
    for (section, label, n) in figures(summary) {
        let _ = writeln!(out, "{campaign},{section},{},{n}", quoted(&label));
    }
    out
}

/// The summary as JSON, its campaign's slug under `campaign` beside the
/// route's fields.
pub fn json(summary: &Summary, campaign: &str) -> anyhow::Result<String> {
    let mut value = serde_json::to_value(summary)?;
    value["campaign"] = campaign.into();
    Ok(serde_json::to_string_pretty(&value)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    /// Counts rows handed over in pieces of `piece` bytes.
    fn summarise_in_pieces(jsonl: &[u8], piece: usize) -> anyhow::Result<Summary> {
        let mut counter = RowCounter::default();
        for bytes in jsonl.chunks(piece) {
            counter.write_all(bytes)?;
        }
        counter.finish()
    }

    fn summarise(jsonl: &[u8]) -> anyhow::Result<Summary> {
        summarise_in_pieces(jsonl, jsonl.len().max(1))
    }

    const ROWS: &str = concat!(
        r#"{"created_at":"2026-11-27T23:59:59Z","state":"TX","district":"TX-37","recipients":[{"bioguide":"C001056","name":"John Cornyn","chamber":"senate"},{"bioguide":"D000399","name":"Lloyd Doggett","chamber":"house"}],"source":"acme","language":"es","edited":true,"in_own_words":true,"opt_in":true,"confirmed":true,"confirmation":"sent"}"#,
        "\n",
        r#"{"created_at":"2026-11-28T00:00:00Z","state":"CA","district":"","recipients":[{"bioguide":"X000001","name":null,"chamber":"senate"}],"edited":false,"in_own_words":true,"opt_in":true,"confirmed":false,"confirmation":"pending"}"#,
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
        assert_eq!(
            summary.own_words, 2,
            "edited, or with the writer's paragraph"
        );
        assert_eq!(summary.confirmations.pending, 1);
        assert_eq!(
            summary.by_source,
            [("acme".into(), 1)].into(),
            "a row without a source (an older server's) counts under none"
        );
        assert_eq!(
            summary.by_language,
            [("en".into(), 1), ("es".into(), 1)].into(),
            "a row without a language (an older server's) was written in English"
        );
        assert_eq!(summary.by_senator.len(), 2);
        assert_eq!(summary.by_representative[0].name, "Lloyd Doggett");
        assert!(
            summary.by_senator.iter().any(|m| m.name == "X000001"),
            "a member no longer in the data keeps their id"
        );
    }

    #[test]
    fn rows_split_anywhere_between_pages_count_the_same() {
        let whole = summarise(ROWS.as_bytes()).unwrap();
        for piece in [1, 7, 100] {
            assert_eq!(summarise_in_pieces(ROWS.as_bytes(), piece).unwrap(), whole);
        }
        let cut = &ROWS.as_bytes()[..ROWS.len() - 20];
        let error = summarise(cut).unwrap_err().to_string();
        assert!(error.contains("middle of a letter"), "{error}");
    }

    #[test]
    fn the_table_and_the_csv_count_each_offices_deliveries() {
        let mut summary = summarise(ROWS.as_bytes()).unwrap();
        summary.deliveries.insert(
            "STX01".into(),
            shared::analytics::OfficeDeliveries {
                delivered: 1,
                retrying: 1,
                ..Default::default()
            },
        );
        let table = table(&summary, "sesta");
        assert!(table.contains("Delivery, by office\n"), "{table}");
        assert!(table.contains("STX01 delivered"), "{table}");
        assert!(csv(&summary, "sesta").contains("sesta,delivery,STX01 retrying,1\n"));
    }

    #[test]
    fn the_table_aligns_its_counts_and_the_csv_quotes_labels() {
        let summary = summarise(ROWS.as_bytes()).unwrap();
        let table = table(&summary, "sesta");
        assert!(table.starts_with("Campaign sesta\n\nLetters\n"), "{table}");
        assert!(table.contains("By Senator\n"));
        let widths: Vec<usize> = table
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(str::len)
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{table}");
        let csv = csv(&summary, "sesta");
        assert!(csv.starts_with("campaign,section,label,letters\n"), "{csv}");
        assert!(
            csv.contains("sesta,senator,John Cornyn (C001056),1\n"),
            "{csv}"
        );
        assert!(csv.contains("sesta,total,Letters,2\n"));
        assert!(
            csv.contains("sesta,total,In the writer's own words,2\n"),
            "{csv}"
        );
        assert!(csv.contains("sesta,source,acme,1\n"), "{csv}");
    }

    #[test]
    fn the_summary_counts_opt_ins_ticked_and_confirmed_each_under_its_label() {
        let summary = summarise(ROWS.as_bytes()).unwrap();
        assert_eq!((summary.opt_in_ticked, summary.opted_in), (2, 1));
        let csv = csv(&summary, "sesta");
        assert!(
            csv.contains("sesta,total,Opted in to updates: ticked the box,2\n"),
            "{csv}"
        );
        assert!(
            csv.contains("sesta,total,Opted in to updates: confirmed by email,1\n"),
            "{csv}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&json(&summary, "sesta").unwrap()).unwrap();
        assert_eq!(
            (&json["campaign"], &json["opt_in_ticked"]),
            (&"sesta".into(), &2.into())
        );
    }
}
