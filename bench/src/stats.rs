//! Order statistics of timings, and the plain tables the benchmarks print.

use std::time::Duration;

/// Timings of one thing, sorted.
pub struct Timings(Vec<Duration>);

impl Timings {
    pub fn new(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        Self(samples)
    }

    /// The nearest-rank percentile `p` (0 to 100), in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.0.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        self.0[rank.clamp(1, self.0.len()) - 1].as_secs_f64() * 1e3
    }

    pub fn median_ms(&self) -> f64 {
        self.percentile_ms(50.0)
    }
}

/// Prints `rows` under `header`, each column as wide as its widest cell.
pub fn print_table(title: &str, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, width))| {
                // The first column is a name; the rest are figures.
                if i == 0 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        println!("| {} |", padded.join(" | "));
    };
    println!("\n{title}\n");
    line(header.to_vec());
    println!(
        "|{}|",
        widths
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 {
                format!(":{}", "-".repeat(w + 1))
            } else {
                format!("{}:", "-".repeat(w + 1))
            })
            .collect::<Vec<_>>()
            .join("|")
    );
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// Milliseconds with two decimals.
pub fn ms(value: f64) -> String {
    format!("{value:.2}")
}

/// Milliseconds shown as whole microseconds.
pub fn us(value_ms: f64) -> String {
    format!("{:.0}", value_ms * 1e3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let timings = Timings::new((1..=20).rev().map(Duration::from_millis).collect());
        assert_eq!(timings.median_ms(), 10.0);
        assert_eq!(timings.percentile_ms(90.0), 18.0);
        assert_eq!(timings.percentile_ms(100.0), 20.0);
    }
}
