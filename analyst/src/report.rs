//! The report: one self-contained HTML file (styles inline, charts drawn
//! here as SVG, no scripts, nothing fetched) that prints well.

use crate::chart::{Chart, MARGIN, columns, horizontal};
use crate::summary::Range;
use askama::Template;
use shared::analytics::{Summary, range_bound};
use shared::campaign::CampaignStatus;
use shared::language::Language;
use shared::messages::Translator;
use shared::web::admin_campaigns::CampaignListing;
// The pages' own number filter, found by that name: `{{ n|grouped }}`.
use shared::web::numbers::filters;
use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// What a report is drawn from.
pub struct ReportInput<'a> {
    pub campaign: &'a CampaignListing,
    /// The range's summary (the whole campaign's without a range).
    pub summary: &'a Summary,
    pub range: &'a Range,
    /// Letters to the whole campaign, for progress toward its goal.
    pub campaign_total: u64,
    pub generated_at: OffsetDateTime,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct Report<'a> {
    pub campaign: &'a CampaignListing,
    pub generated_at: String,
    /// `from 2026-11-01 until 2026-11-30`, or empty for the whole campaign.
    pub period: String,
    pub summary: &'a Summary,
    pub campaign_total: u64,
    /// Progress toward the goal as written: `25%`, or under 10% with one
    /// decimal (`0.4%`).
    pub percent: String,
    /// The progress bar's width, in whole percent up to 100.
    pub bar_percent: u64,
    pub per_day: Chart,
    pub per_state: Chart,
    pub confirmations: Chart,
    pub margin: i32,
    /// The report is in English: its numbers are grouped the English way.
    pub tr: Translator,
}

impl Report<'_> {
    pub fn charts(&self) -> [&Chart; 3] {
        [&self.per_day, &self.per_state, &self.confirmations]
    }

    pub fn status(&self) -> &'static str {
        self.campaign.status.as_str()
    }
}

/// `letters` as a share of `goal`, as a reader wants it: whole percent
/// from 10% up, one decimal below, where whole percent would round a
/// campaign's first thousand letters to nothing.
fn percent_of(letters: u64, goal: u64) -> String {
    // Cut down, never rounded up, as whole percent is: 9.99% is not yet 10%.
    let tenths = (letters.saturating_mul(1000))
        .checked_div(goal)
        .unwrap_or(0);
    if tenths < 100 {
        format!("{}.{}%", tenths / 10, tenths % 10)
    } else {
        format!("{}%", tenths / 10)
    }
}

fn utc_date(moment: OffsetDateTime) -> Date {
    moment.to_offset(UtcOffset::UTC).date()
}

/// A moment as people read it: to the minute, with its zone.
pub fn readable_time(moment: OffsetDateTime) -> String {
    let utc = moment.to_offset(UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", utc.date(), utc.hour(), utc.minute())
}

fn date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, format).ok()
}

/// The charted days: from the range's first (or the first letter's) to
/// the last before `until`, or without one, `today` for an open campaign
/// (its quiet days so far shown) and the last letter's for another; never
/// past `today`. Days without letters count zero.
fn every_day(summary: &Summary, range: &Range, today: Date, open: bool) -> Vec<(String, u64)> {
    let first = match range.since.as_deref() {
        Some(since) => range_bound(since).map(utc_date),
        None => summary.by_day.keys().next().and_then(|d| date(d)),
    };
    let last = match range.until.as_deref() {
        // `until` is exclusive: the last day is the one of the moment before.
        Some(until) => range_bound(until).map(|until| utc_date(until - Duration::nanoseconds(1))),
        None if open => Some(today),
        None => summary.by_day.keys().next_back().and_then(|d| date(d)),
    };
    let (Some(first), Some(last)) = (first, last.map(|last| last.min(today))) else {
        return Vec::new();
    };
    std::iter::successors(Some(first), |day| day.next_day())
        .take_while(|day| *day <= last)
        .map(|day| {
            let key = day.to_string();
            let letters = summary.by_day.get(&key).copied().unwrap_or(0);
            (key, letters)
        })
        .collect()
}

/// Renders the report.
pub fn render(input: &ReportInput) -> Result<String, askama::Error> {
    let summary = input.summary;
    let mut states: Vec<(String, u64)> = summary
        .by_state
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    states.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let c = &summary.confirmations;
    let period = match (&input.range.since, &input.range.until) {
        (None, None) => String::new(),
        (Some(since), None) => format!("from {since}"),
        (None, Some(until)) => format!("before {until}"),
        (Some(since), Some(until)) => format!("from {since}, before {until}"),
    };
    let goal = input.campaign.goal;
    let report = Report {
        campaign: input.campaign,
        generated_at: readable_time(input.generated_at),
        period,
        summary,
        campaign_total: input.campaign_total,
        tr: Translator(Language::En),
        percent: percent_of(input.campaign_total, goal),
        bar_percent: (input.campaign_total * 100)
            .checked_div(goal)
            .unwrap_or(0)
            .min(100),
        per_day: columns(
            "Letters per day",
            "Letters received each day (UTC), days without letters as zero",
            every_day(
                summary,
                input.range,
                utc_date(input.generated_at),
                input.campaign.status == CampaignStatus::Open,
            ),
        ),
        per_state: horizontal(
            "Letters per state",
            "Letters by the writer's state, most first",
            states,
        ),
        confirmations: horizontal(
            "Confirmations by status",
            "Confirmation emails: sent, waiting, failed, or not sent to a suppressed address",
            vec![
                ("Sent".into(), c.sent),
                ("Pending".into(), c.pending),
                ("Failed".into(), c.failed),
                ("Suppressed".into(), c.suppressed),
            ],
        ),
        margin: MARGIN,
    };
    report.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::analytics::{Confirmations, MemberCount};

    fn summary() -> Summary {
        Summary {
            total: 5,
            by_state: [("TX".into(), 3), ("CA".into(), 2)].into(),
            by_day: [("2026-11-27".into(), 1), ("2026-11-30".into(), 4)].into(),
            by_senator: vec![MemberCount {
                bioguide: "C001056".into(),
                name: "John <Cornyn>".into(),
                office: Some("STX02".into()),
                party: Some("Republican".into()),
                district: Some("TX".into()),
                letters: 3,
            }],
            by_representative: vec![MemberCount {
                bioguide: "D000399".into(),
                name: "Lloyd Doggett".into(),
                office: Some("HTX37".into()),
                party: Some("Democrat".into()),
                district: Some("TX-37".into()),
                letters: 2,
            }],
            by_district: [("TX-37".into(), 2)].into(),
            by_source: [("acme".into(), 2)].into(),
            by_language: [("en".into(), 4), ("es".into(), 1)].into(),
            edited: 1,
            own_words: 2,
            verified: 3,
            opt_in_ticked: 3,
            opted_in: 2,
            confirmations: Confirmations {
                pending: 1,
                sent: 4,
                failed: 0,
                suppressed: 0,
            },
            deliveries: Default::default(),
        }
    }

    fn listing() -> CampaignListing {
        CampaignListing {
            slug: "sesta".into(),
            title: "Cosponsor S. 1693 & stop enabling sex traffickers".into(),
            status: CampaignStatus::Open,
            goal: 20,
            version: 0,
        }
    }

    fn html(range: &Range) -> String {
        html_of(&summary(), range)
    }

    fn html_of(summary: &Summary, range: &Range) -> String {
        render(&ReportInput {
            campaign: &listing(),
            summary,
            range,
            campaign_total: summary.total,
            generated_at: time::macros::datetime!(2026-11-30 08:15:59.123456789 -05:00),
        })
        .unwrap()
    }

    #[test]
    fn the_campaigns_title_comes_first() {
        let html = html(&Range::default());
        let body = html.split_once("<body>").unwrap().1.trim_start();
        assert!(
            body.starts_with("<h1>Cosponsor S. 1693 &#38; stop enabling sex traffickers</h1>"),
            "{body}"
        );
    }

    #[test]
    fn counts_are_written_with_their_thousands_grouped() {
        let mut summary = summary();
        summary.total = 1_234_567;
        summary.by_senator[0].letters = 25_000;
        summary.by_state.insert("NY".into(), 1_000_000);
        let html = html_of(&summary, &Range::default());
        for written in [
            "<td class=\"n\">1,234,567</td>",
            "<td class=\"n\">25,000</td>",
            ">1,000,000</text>",
            "1,234,567 of 20 letters",
        ] {
            assert!(html.contains(written), "{written}");
        }
        assert!(!html.contains("1234567"));
    }

    #[test]
    fn progress_under_ten_percent_keeps_one_decimal() {
        assert_eq!(percent_of(4, 1_000), "0.4%");
        assert_eq!(percent_of(95, 1_000), "9.5%");
        assert_eq!(percent_of(100, 1_000), "10%");
        assert_eq!(percent_of(1_999, 1_000), "199%");
        assert_eq!(percent_of(9_999, 100_000), "9.9%");
        assert_eq!(percent_of(0, 0), "0.0%");
        let mut summary = summary();
        summary.total = 3;
        let html = html_of(&summary, &Range::default());
        assert!(
            html.contains("3 of 20 letters: 15% of the goal"),
            "whole from 10%"
        );
        summary.total = 1;
        let html = html_of(&summary, &Range::default());
        assert!(html.contains("1 of 20 letters: 5.0% of the goal"));
    }

    #[test]
    fn a_chamber_no_letter_went_to_has_no_table_and_each_member_has_party_and_district() {
        let html = html(&Range::default());
        assert!(html.contains("<td>John &#60;Cornyn&#62;</td><td>Republican</td><td>TX</td>"));
        assert!(html.contains("<td>Lloyd Doggett</td><td>Democrat</td><td>TX-37</td>"));

        let mut house = summary();
        house.by_senator.clear();
        let html = html_of(&house, &Range::default());
        assert!(!html.contains("Letters per Senator"));
        assert!(html.contains("Letters per member of the House"));

        let mut senate = summary();
        senate.by_representative.clear();
        senate.by_district.clear();
        let html = html_of(&senate, &Range::default());
        assert!(html.contains("Letters per Senator"));
        assert!(!html.contains("member of the House") && !html.contains("House district"));
    }

    #[test]
    fn the_report_is_self_contained_and_escapes_names() {
        let html = html(&Range::default());
        assert!(html.contains("<svg"));
        assert!(html.contains("John &#60;Cornyn&#62;"));
        assert!(html.contains("Lloyd Doggett") && html.contains("TX-37"));
        for outside in ["<script", "src=\"http", "href=\"http", "<link"] {
            assert!(!html.contains(outside), "{outside}");
        }
    }

    #[test]
    fn the_report_names_the_campaign_its_goal_and_the_time_with_its_zone() {
        let html = html(&Range::default());
        assert!(html.contains("Cosponsor S. 1693 &#38; stop enabling sex traffickers"));
        assert!(html.contains("5 of 20"), "goal");
        assert!(html.contains("25% of the goal"), "progress");
        assert!(html.contains("2026-11-30 13:15 UTC"), "time");
        assert!(!html.contains(".123"), "no fractions of a second");
    }

    #[test]
    fn days_without_letters_are_drawn_as_zero() {
        let today = time::macros::date!(2026 - 12 - 10);
        let days = every_day(&summary(), &Range::default(), today, false);
        let expected = [
            ("2026-11-27", 1),
            ("2026-11-28", 0),
            ("2026-11-29", 0),
            ("2026-11-30", 4),
        ];
        assert_eq!(days, expected.map(|(d, n)| (d.to_owned(), n)));
        let range = Range {
            since: Some("2026-11-26".into()),
            until: Some("2026-12-02".into()),
        };
        let days = every_day(&summary(), &range, today, false);
        assert_eq!(days.first().unwrap(), &("2026-11-26".to_owned(), 0));
        assert_eq!(days.last().unwrap(), &("2026-12-01".to_owned(), 0));
        assert!(html(&range).contains("from 2026-11-26, before 2026-12-02"));
    }

    #[test]
    fn the_chart_runs_to_the_day_an_open_campaign_is_reported_on() {
        let day = |text: &str| date(text).unwrap();
        let last = |range: &Range, today: &str, open: bool| {
            let days = every_day(&summary(), range, day(today), open);
            days.last().map(|(d, _)| d.clone()).unwrap_or_default()
        };
        let whole = Range::default();
        assert_eq!(last(&whole, "2026-12-03", true), "2026-12-03");
        assert_eq!(last(&whole, "2026-12-03", false), "2026-11-30");
        let until = |until: &str| Range {
            since: None,
            until: Some(until.into()),
        };
        assert_eq!(
            last(&until("2026-11-30T12:00:00Z"), "2026-12-03", true),
            "2026-11-30",
            "a time of day keeps that day"
        );
        assert_eq!(
            last(&until("2026-11-30T00:00:00Z"), "2026-12-03", true),
            "2026-11-29"
        );
        assert_eq!(
            last(&until("2027-01-01"), "2026-12-03", true),
            "2026-12-03",
            "no day after the report's"
        );
        let since = Range {
            since: Some("2026-11-28T23:30:00-05:00".into()),
            until: None,
        };
        let days = every_day(&summary(), &since, day("2026-12-01"), true);
        assert_eq!(days[0].0, "2026-11-29", "a moment's day in UTC");
    }
}
