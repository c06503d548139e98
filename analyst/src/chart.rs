//! Bar charts laid out for the report's SVG: positions, sizes and which
//! labels fit, so the template only draws.

/// One bar, laid out.
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// The value as written on the chart (`12k` when long).
    pub written: String,
    /// Position and size in the chart's own units (labels may sit above 0).
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
    /// Whether the count is written above or beside the bar (it fits).
    pub show_value: bool,
}

/// A label under the time axis, centred under its day.
pub struct Tick {
    pub x: i32,
    pub label: String,
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
    /// Labels under the time axis, spaced so they never overlap.
    pub ticks: Vec<Tick>,
    /// The largest value, as written at the top of the time axis.
    pub max: String,
}

pub const CHART_WIDTH: i32 = 760;
const LABEL_WIDTH: i32 = 170;
const ROW: i32 = 20;
/// The width a date label needs (`2026-11-28` at 12px), with a gap.
const DATE_LABEL: i32 = 84;
/// Room left and right of the time axis, so the first and last day's
/// labels, centred under them, are never cut.
pub const MARGIN: i32 = DATE_LABEL / 2;
/// The width of a digit of a count (12px), and the gap beside it.
const DIGIT: i32 = 7;
const GAP: i32 = 4;

/// A count short enough for a column or the axis's margin: as it is up to
/// 99,999, then in thousands (`250k`) or millions (`1.2M`).
fn written(value: u64) -> String {
    match value {
        0..=99_999 => value.to_string(),
        100_000..=999_999 => format!("{}k", value / 1000),
        _ => format!("{:.1}M", value as f64 / 1e6),
    }
}

/// Bars across, one row each, longest scaled to the width: states, statuses.
pub fn horizontal(title: &str, description: &str, data: Vec<(String, u64)>) -> Chart {
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let span = (CHART_WIDTH - LABEL_WIDTH - 60) as u64;
    let bars = data
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| Bar {
            label,
            x: LABEL_WIDTH,
            y: i as i32 * ROW,
            width: (value * span / max.max(1)) as i32,
            height: ROW - 4,
            show_value: true,
            written: value.to_string(),
            value,
        })
        .collect::<Vec<_>>();
    Chart {
        vertical: false,
        title: title.into(),
        description: description.into(),
        width: CHART_WIDTH,
        height: (bars.len() as i32 * ROW).max(ROW),
        bars,
        ticks: Vec::new(),
        max: max.to_string(),
    }
}

/// Columns upward, one per day in `data`'s order (every day, empty ones
/// as zero), with as many date labels as fit.
pub fn columns(title: &str, description: &str, data: Vec<(String, u64)>) -> Chart {
    const HEIGHT: i32 = 220;
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let days = (data.len() as i32).max(1);
    // Narrow enough that one day doesn't look like a wall, wide enough to see.
    let slot = (CHART_WIDTH / days).clamp(1, DATE_LABEL + 6);
    let width = slot * days;
    let every = ((DATE_LABEL + slot - 1) / slot).max(1) as usize;
    // Every column's count is written, or none: the longest decides.
    let counts_fit = slot >= written(max).len() as i32 * DIGIT + GAP;
    let bars: Vec<Bar> = data
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let height = (value * HEIGHT as u64 / max.max(1)) as i32;
            Bar {
                label,
                value,
                written: written(value),
                x: i as i32 * slot,
                y: HEIGHT - height,
                width: (slot * 4 / 5).max(1),
                height,
                show_value: counts_fit,
            }
        })
        .collect();
    let ticks = time_ticks(&bars, every);
    Chart {
        vertical: true,
        title: title.into(),
        description: description.into(),
        width,
        height: HEIGHT,
        bars,
        ticks,
        max: written(max),
    }
}

impl Tick {
    /// Where the label's text starts and ends: ten characters at 12px.
    fn span(&self) -> (i32, i32) {
        let half = (DATE_LABEL - 8) / 2;
        (self.x - half, self.x + half)
    }
}

/// Date labels: the first day's, then every `every`-th day's, then the
/// last day's, dropping those before it that it would overlap.
fn time_ticks(bars: &[Bar], every: usize) -> Vec<Tick> {
    let Some(last) = bars.len().checked_sub(1) else {
        return Vec::new();
    };
    let tick = |i: usize| Tick {
        x: bars[i].x + bars[i].width / 2,
        label: bars[i].label.clone(),
    };
    let mut ticks: Vec<Tick> = (0..last).step_by(every).map(tick).collect();
    if last > 0 {
        let end = tick(last);
        while ticks.len() > 1 && ticks.last().is_some_and(|t| t.span().1 >= end.span().0) {
            ticks.pop();
        }
        if ticks[0].span().1 < end.span().0 {
            ticks.push(end);
        }
    } else {
        ticks.push(tick(0));
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(n: usize) -> Vec<(String, u64)> {
        (0..n)
            .map(|i| (format!("day {i:04}"), i as u64 % 3))
            .collect()
    }

    #[test]
    fn the_busiest_day_fills_the_chart_height() {
        let chart = columns("t", "d", vec![("a".into(), 1), ("b".into(), 4)]);
        assert_eq!(chart.bars[1].height, chart.height);
        assert_eq!(chart.bars[0].height, chart.height / 4);
    }

    #[test]
    fn date_labels_never_overlap_and_the_last_stays_inside() {
        for n in [1, 2, 7, 30, 31, 90, 365, 1000] {
            let chart = columns("t", "d", days(n));
            assert!(!chart.ticks.is_empty(), "{n} days");
            assert_eq!(chart.ticks[0].label, chart.bars[0].label);
            if n > 1 {
                assert_eq!(
                    chart.ticks.last().unwrap().label,
                    chart.bars[n - 1].label,
                    "{n} days"
                );
            }
            let spans: Vec<(i32, i32)> = chart.ticks.iter().map(Tick::span).collect();
            assert!(
                spans.windows(2).all(|w| w[0].1 < w[1].0),
                "{n} days overlap: {spans:?}"
            );
            let inside = |(a, b): &(i32, i32)| *a >= -MARGIN && *b <= chart.width + MARGIN;
            assert!(spans.iter().all(inside), "{n} days: {spans:?}");
        }
    }

    #[test]
    fn counts_are_written_only_where_they_fit() {
        assert!(columns("t", "d", days(7)).bars.iter().any(|b| b.show_value));
        assert!(
            columns("t", "d", days(90))
                .bars
                .iter()
                .all(|b| !b.show_value)
        );
        let busy = |n: usize, letters: u64| {
            let data = (0..n).map(|i| (format!("day {i}"), letters)).collect();
            columns("t", "d", data)
        };
        let chart = busy(20, 12_345);
        let slot = chart.bars[1].x - chart.bars[0].x;
        for bar in &chart.bars {
            let needed = bar.written.len() as i32 * DIGIT + GAP;
            assert!(
                !bar.show_value || needed <= slot,
                "{} in {slot}",
                bar.written
            );
        }
        assert!(busy(7, 12_345).bars.iter().all(|b| b.show_value));
    }

    #[test]
    fn long_counts_are_written_short_enough_for_the_axis() {
        assert_eq!(written(99_999), "99999");
        assert_eq!(written(250_400), "250k");
        assert_eq!(written(1_234_567), "1.2M");
        for value in [0, 9, 99_999, 100_000, 999_999, 1_000_000, 98_765_432] {
            let width = written(value).len() as i32 * DIGIT;
            assert!(width <= MARGIN, "{value} needs {width}");
        }
    }
}
