//! The report: one self-contained HTML file (styles inline, charts drawn
//! here as SVG, no scripts, nothing fetched) that prints well.

use askama::Template;
use shared::analytics::Summary;

/// One bar, laid out.
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// Position and size in the chart's own units (labels may sit above 0).
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

/// A bar chart, laid out for its SVG.
pub struct Chart {
    /// Columns rising from a baseline (time), or bars across (categories).
    pub vertical: bool,
    pub title: String,
    pub description: String,
    pub width: i32,
    pub height: i32,
    pub bars: Vec<Bar>,
}

const CHART_WIDTH: i32 = 760;
const LABEL_WIDTH: i32 = 170;
const ROW: i32 = 20;

/// Bars across, one row each, longest scaled to the width: states, statuses.
fn horizontal(title: &str, description: &str, data: Vec<(String, u64)>) -> Chart {
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let span = (CHART_WIDTH - LABEL_WIDTH - 60) as u64;
    let bars = data
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| Bar {
            label,
            value,
            x: LABEL_WIDTH,
            y: i as i32 * ROW,
            width: (value * span / max) as i32,
            height: ROW - 4,
        })
        .collect::<Vec<_>>();
    Chart {
        vertical: false,
        title: title.into(),
        description: description.into(),
        width: CHART_WIDTH,
        height: (bars.len() as i32 * ROW).max(ROW),
        bars,
    }
}

/// Bars upward, one per day, in date order.
fn columns(title: &str, description: &str, data: Vec<(String, u64)>) -> Chart {
    const HEIGHT: i32 = 220;
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    // Narrow enough that one day doesn't look like a wall, wide enough to see.
    let slot = (CHART_WIDTH / (data.len() as i32).max(1)).clamp(2, 40);
    let bars = data
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let height = (value * HEIGHT as u64 / max) as i32;
            Bar {
                label,
                value,
                x: i as i32 * slot,
                y: HEIGHT - height,
                width: (slot * 4 / 5).max(1),
                height,
            }
        })
        .collect();
    Chart {
        vertical: true,
        title: title.into(),
        description: description.into(),
        width: CHART_WIDTH,
        height: HEIGHT,
        bars,
    }
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct Report<'a> {
    pub campaign: &'a str,
    pub generated_at: String,
    pub summary: &'a Summary,
    pub per_day: Chart,
    pub per_state: Chart,
    pub confirmations: Chart,
}

impl Report<'_> {
    pub fn charts(&self) -> [&Chart; 3] {
        [&self.per_day, &self.per_state, &self.confirmations]
    }
}

/// Renders the report of `campaign` from its summary.
pub fn render(
    campaign: &str,
    summary: &Summary,
    generated_at: String,
) -> Result<String, askama::Error> {
    let mut states: Vec<(String, u64)> = summary
        .by_state
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    states.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let c = &summary.confirmations;
    let report = Report {
        campaign,
        generated_at,
        summary,
        per_day: columns(
            "Letters per day",
            "Letters received each day (UTC)",
            summary
                .by_day
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
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
            by_day: [("2026-11-27".into(), 1), ("2026-11-28".into(), 4)].into(),
            by_senator: vec![MemberCount {
                bioguide: "C001056".into(),
                name: "John <Cornyn>".into(),
                letters: 3,
            }],
            by_representative: vec![MemberCount {
                bioguide: "D000399".into(),
                name: "Lloyd Doggett".into(),
                letters: 2,
            }],
            by_district: [("TX-37".into(), 2)].into(),
            edited: 1,
            verified: 3,
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

    #[test]
    fn the_report_is_self_contained_and_escapes_names() {
        let html = render("sesta", &summary(), "2026-11-28T12:00:00Z".into()).unwrap();
        assert!(html.contains("<svg"));
        assert!(html.contains("John &#60;Cornyn&#62;"));
        assert!(html.contains("Lloyd Doggett") && html.contains("TX-37"));
        for outside in ["<script", "src=\"http", "href=\"http", "<link"] {
            assert!(!html.contains(outside), "{outside}");
        }
    }

    #[test]
    fn the_busiest_day_fills_the_chart_height() {
        let chart = columns("t", "d", vec![("a".into(), 1), ("b".into(), 4)]);
        assert_eq!(chart.bars[1].height, chart.height);
        assert_eq!(chart.bars[0].height, chart.height / 4);
    }
}
