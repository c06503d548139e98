//! The writer: each run puts the letters written since the last into the
//! warehouse, and each day's deliveries once they have settled. What it
//! has done is kept per campaign in `_state/{campaign}.json` (its
//! watermark), saved after each step, so a run that stops half-way is
//! taken up by the next, and a step done twice writes the same files.
//!
//! Letters are read through the store's [`LetterLog`] (on DynamoDB, the
//! export index's keys, then the items by key): never a scan.

use crate::datasets::Dataset;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use shared::domain::CampaignSlug;
use shared::letter::Letter;
use shared::members::Members;
use shared::ports::{Store, WarehouseFiles};
use std::collections::BTreeMap;
use std::sync::Arc;
use time::{Date, Duration, OffsetDateTime};

/// How far behind the present a run stops: a letter is stored within the
/// submitting function's 10 s timeout of the time it carries, and the
/// export index follows its table within a second or so.
pub const LAG: Duration = Duration::minutes(2);
/// The longest span of letters read and written at once, which bounds a
/// run's memory.
pub const STEP: Duration = Duration::minutes(15);
/// How long after a day ends its deliveries are written: delivery gives a
/// letter a day of tries before it is held in the dead-letter queue.
pub const DELIVERIES_SETTLE: Duration = Duration::days(1);

/// Where one campaign's warehouse has got to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Watermark {
    /// Every letter written before this is in the warehouse.
    #[serde(with = "time::serde::rfc3339")]
    letters_until: OffsetDateTime,
    /// The first day whose deliveries are not written yet.
    deliveries_from: Date,
}

/// What a run wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub letters: usize,
    pub deliveries: usize,
    pub files: usize,
}

pub struct WarehouseWriter {
    store: Arc<dyn Store>,
    files: Arc<dyn WarehouseFiles>,
    members: Members,
}

impl WarehouseWriter {
    pub fn new(store: Arc<dyn Store>, files: Arc<dyn WarehouseFiles>, members: Members) -> Self {
        Self {
            store,
            files,
            members,
        }
    }

    /// Brings every campaign's warehouse up to `now`.
    #[tracing::instrument(skip_all)]
    pub async fn run(
        &self,
        campaigns: impl IntoIterator<Item = CampaignSlug>,
        now: OffsetDateTime,
    ) -> anyhow::Result<Written> {
        let mut written = Written::default();
        for campaign in campaigns {
            let mut mark = self.watermark(&campaign, now).await?;
            self.write_letters(&campaign, &mut mark, now - LAG, &mut written)
                .await?;
            self.write_deliveries(&campaign, &mut mark, now, &mut written)
                .await?;
        }
        tracing::info!(
            letters = written.letters,
            deliveries = written.deliveries,
            files = written.files,
            "warehouse written"
        );
        Ok(written)
    }

    /// The letters written from the watermark until `cutoff`, a step at a
    /// time, each step's files named for where it starts.
    async fn write_letters(
        &self,
        campaign: &CampaignSlug,
        mark: &mut Watermark,
        cutoff: OffsetDateTime,
        written: &mut Written,
    ) -> anyhow::Result<()> {
        while mark.letters_until < cutoff {
            let from = mark.letters_until;
            let until = (from + STEP).min(cutoff);
            let letters = self.store.written(campaign, from, until).await?;
            let name = format!("{}.parquet", file_stamp(from));
            for (day, letters) in by_day(&letters) {
                for dataset in [Dataset::Letters, Dataset::Recipients, Dataset::Personal] {
                    self.put(dataset, campaign, day, &name, &letters, written)
                        .await?;
                }
            }
            written.letters += letters.len();
            mark.letters_until = until;
            self.save(campaign, mark).await?;
        }
        Ok(())
    }

    /// Each day's deliveries, once the day has settled: one file a day.
    async fn write_deliveries(
        &self,
        campaign: &CampaignSlug,
        mark: &mut Watermark,
        now: OffsetDateTime,
        written: &mut Written,
    ) -> anyhow::Result<()> {
        loop {
            let day = mark.deliveries_from;
            let next = day.next_day().context("a day after the last")?;
            let end = next.midnight().assume_utc();
            if end + DELIVERIES_SETTLE > now {
                return Ok(());
            }
            let letters = self
                .store
                .written(campaign, day.midnight().assume_utc(), end)
                .await?;
            let letters: Vec<&Letter> = letters.iter().collect();
            written.deliveries += self
                .put(
                    Dataset::Deliveries,
                    campaign,
                    day,
                    "deliveries.parquet",
                    &letters,
                    written,
                )
                .await?;
            mark.deliveries_from = next;
            self.save(campaign, mark).await?;
        }
    }

    /// Writes `letters`' rows of `dataset` at their partition, if there
    /// are any; how many rows.
    async fn put(
        &self,
        dataset: Dataset,
        campaign: &CampaignSlug,
        day: Date,
        name: &str,
        letters: &[&Letter],
        written: &mut Written,
    ) -> anyhow::Result<usize> {
        let file = dataset.file(letters, &self.members);
        let rows = file.rows();
        if rows > 0 {
            let key = format!("{}/campaign={campaign}/day={day}/{name}", dataset.name());
            self.files.put(&key, file.encode()?).await?;
            written.files += 1;
        }
        Ok(rows)
    }

    /// The campaign's watermark; for a campaign the warehouse has not seen,
    /// the start of its first day of letters (as its tally knows them), or
    /// of today.
    async fn watermark(
        &self,
        campaign: &CampaignSlug,
        now: OffsetDateTime,
    ) -> anyhow::Result<Watermark> {
        if let Some(bytes) = self.files.get(&state_key(campaign)).await? {
            return serde_json::from_slice(&bytes)
                .with_context(|| format!("reading {}", state_key(campaign)));
        }
        let tally = self.store.tally(campaign).await?;
        let first = tally
            .days()
            .first()
            .and_then(|day| Date::parse(day, DAY).ok())
            .map_or(now.date(), |day| day.min(now.date()));
        Ok(Watermark {
            letters_until: first.midnight().assume_utc(),
            deliveries_from: first,
        })
    }

    async fn save(&self, campaign: &CampaignSlug, mark: &Watermark) -> anyhow::Result<()> {
        self.files
            .put(&state_key(campaign), serde_json::to_vec(mark)?)
            .await
    }
}

const DAY: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn state_key(campaign: &CampaignSlug) -> String {
    format!("_state/{campaign}.json")
}

/// `20261128T141500Z`: a step's start, as its files are named.
fn file_stamp(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    at.format(format).unwrap_or_default()
}

/// Letters by the day (UTC) they were written: their partition.
fn by_day(letters: &[Letter]) -> BTreeMap<Date, Vec<&Letter>> {
    let mut days: BTreeMap<Date, Vec<&Letter>> = BTreeMap::new();
    for letter in letters {
        days.entry(letter.created_at.date())
            .or_default()
            .push(letter);
    }
    days
}
