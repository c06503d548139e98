//! The key design of the letters table.
//!
//! One table, partition key `pk` (string), no sort key:
//!
//! - a letter is `LETTER#{slug}#{supporter key}`, the supporter key being a
//!   SHA-256 digest of the slug and the normalised email. Every letter has a
//!   partition key of its own, so letters spread over all partitions however
//!   fast they come, and a conditional put on that key makes the rule "one
//!   letter per supporter per campaign" hold under concurrent repeats.
//! - a campaign's count is split over [`COUNT`]'s items
//!   `COUNT#{slug}#{shard}`, each holding a number `letters`. The letter's put
//!   and one shard's increment are a single transaction, so the count can
//!   never drift from the letters stored, whatever retries happen.
//! - a campaign's analysts' tally is split over [`TALLY`]'s items
//!   `TALLY#{slug}#{shard}`, each an item of flat counters (`state:TX`,
//!   `day:2026-11-28`...), a few kilobytes for a year-long campaign; the
//!   counts of confirmations are kept apart, in [`CONFIRMED`]'s items
//!   `CONFIRMED#{slug}#{shard}`, a few counters each; and the counts of
//!   deliveries in [`DELIVERED`]'s items `DELIVERED#{slug}#{shard}`, each
//!   holding the counters of the few offices whose code falls in its bucket
//!   ([`delivered_shard`]).
//! - a suppressed address is `SUPPRESSED#{digest}`: the key holds no address.
//!
//! # Write spread
//!
//! At 20,000 letters a second for one campaign, each count shard takes
//! 20,000 / 500 = 40 transactional writes a second, 80 write units (a
//! transactional write costs two), far under the 1,000 a partition accepts.
//! Letter items take one write each on distinct keys. Two transactions
//! touching the same shard at the same moment conflict; the loser retries on
//! another shard, chosen afresh per attempt, which is why there are many
//! shards and not a few. Reading a count sums the 500 shards with five
//! `BatchGetItem` calls.
//!
//! Tally shards take each letter once, in batches of up to 90 per
//! transaction off the stream, so 16 shards suffice.
//!
//! Exports query the index `by_campaign_day`, partitioned by
//! `{slug}#{day}#{bucket}` over [`EXPORT_BUCKETS`] buckets, so at 20,000
//! letters a second each index partition takes 20,000 / 32 = 625 writes a
//! second; sorted by creation time.

use anyhow::Context;
use aws_sdk_dynamodb::types::AttributeValue;
use shared::domain::{CampaignSlug, EmailAddress};
use shared::letter::{Letter, LetterRef};
use shared::ports::StoreError;
use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A DynamoDB item's key.
pub(super) type Key = HashMap<String, AttributeValue>;

/// The key of the item whose partition key is `pk`.
pub(super) fn key(pk: String) -> Key {
    HashMap::from([("pk".to_owned(), AttributeValue::S(pk))])
}

pub(super) fn letter_pk(letter: &Letter) -> String {
    format!("LETTER#{}#{}", letter.campaign, letter.supporter_key())
}

/// Where a letter's writes start on the shards: spread by its random id.
pub(super) fn shard_seed(letter: &Letter) -> u64 {
    letter.id.as_u128() as u64
}

pub(super) fn suppression_pk(email: &EmailAddress) -> String {
    format!("SUPPRESSED#{}", email.digest())
}

/// A number kept in several items so that no one item takes every write.
///
/// The shard counts a counter has ever been written with are its `history`:
/// writes go to the last, reads sum every shard up to the largest, so a
/// count may be lowered on a live table (append the lower number) without
/// the old shards' counts going unread. Numbers are only ever appended, and
/// a shard's number is written with a fixed number of `digits`, so raising
/// the count never renames the old shards.
pub struct ShardedCounter {
    prefix: &'static str,
    digits: usize,
    history: &'static [u64],
}

/// Each campaign's public count of letters.
pub const COUNT: ShardedCounter = ShardedCounter::new("COUNT", 3, &[500]);
/// Each campaign's analysts' tally.
pub const TALLY: ShardedCounter = ShardedCounter::new("TALLY", 2, &[16]);
/// The part of each campaign's tally that follows a letter's email
/// (confirmations settled and confirmed by their supporters): a few counters,
/// so that the transaction settling one letter writes a small item, not the
/// whole tally (kilobytes, tens of them for a campaign to the House).
pub const CONFIRMED: ShardedCounter = ShardedCounter::new("CONFIRMED", 2, &[16]);
/// The part of each campaign's tally that counts deliveries, by office: an
/// office's counters live only in the shards of its bucket, so that each
/// item holds a few offices (about 3 of the Senate's 100, 17 of Congress's
/// 535: under a kilobyte) and the transaction settling one office's
/// delivery writes a small item, not a tally of every office.
pub const DELIVERED: ShardedCounter = ShardedCounter::new("DELIVERED", 3, &[256]);
/// The buckets offices fall in on [`DELIVERED`]'s shards; each bucket
/// spreads its writes over `256 / 32 = 8` shards.
const OFFICE_BUCKETS: u64 = 32;

/// The [`DELIVERED`] shard a delivery to `office` takes on its `attempt`:
/// one of the office's bucket, spread by the seed, another on each retry.
pub(super) fn delivered_shard(office: &str, seed: u64, attempt: u32) -> u64 {
    // FNV-1a (64-bit): stable across builds and platforms, which std's
    // hasher does not promise, and an office must keep its bucket.
    let bucket = office
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
        % OFFICE_BUCKETS;
    let spread = DELIVERED.write_shards() / OFFICE_BUCKETS;
    seed.wrapping_add(u64::from(attempt)) % spread * OFFICE_BUCKETS + bucket
}

impl ShardedCounter {
    const fn new(prefix: &'static str, digits: usize, history: &'static [u64]) -> Self {
        assert!(
            !history.is_empty(),
            "a counter has at least one shard count"
        );
        let mut at = 0;
        while at < history.len() {
            assert!(
                history[at] > 0 && history[at] <= 10u64.pow(digits as u32),
                "every shard number fits the counter's digits"
            );
            at += 1;
        }
        Self {
            prefix,
            digits,
            history,
        }
    }

    /// How many shards new writes spread over.
    pub fn write_shards(&self) -> u64 {
        self.history[self.history.len() - 1]
    }

    /// How many shards a read sums: every shard ever written.
    pub fn read_shards(&self) -> u64 {
        self.history.iter().copied().max().unwrap_or(1)
    }

    /// The shard a write by `seed` takes on its `attempt`: spread by the
    /// seed, and another one on each retry.
    pub fn shard(&self, seed: u64, attempt: u32) -> u64 {
        seed.wrapping_add(u64::from(attempt)) % self.write_shards()
    }

    /// The partition key of `campaign`'s shard `shard`.
    pub fn pk(&self, campaign: &CampaignSlug, shard: u64) -> String {
        format!(
            "{}#{campaign}#{shard:0width$}",
            self.prefix,
            width = self.digits
        )
    }

    /// The keys of every shard a read of `campaign` sums.
    pub fn read_keys(&self, campaign: &CampaignSlug) -> Vec<Key> {
        (0..self.read_shards())
            .map(|shard| key(self.pk(campaign, shard)))
            .collect()
    }
}

/// Partitions per campaign and day in the export index.
pub const EXPORT_BUCKETS: u8 = 32;
pub(super) const EXPORT_INDEX: &str = "by_campaign_day";

/// The export index's partition key for `campaign`'s letters of `day` in `bucket`.
pub(super) fn export_pk(campaign: &CampaignSlug, day: &str, bucket: u8) -> String {
    format!("{campaign}#{day}#{bucket:02}")
}

/// Where a letter sits in the export index: `(partition, sort)` keys. The
/// bucket comes from the letter's random id, so that a [`LetterRef`] (what
/// a link in an email carries) finds the letter again.
pub(super) fn export_keys(letter: &LetterRef) -> (String, String) {
    let bucket = (letter.id.as_u128() % u128::from(EXPORT_BUCKETS)) as u8;
    let created = letter.created_at.format(&Rfc3339).unwrap_or_default();
    (
        export_pk(
            &letter.campaign,
            &letter.created_at.date().to_string(),
            bucket,
        ),
        format!("{created}#{}", letter.id),
    )
}

/// A time as a bound on the index's sort key: RFC 3339 in UTC with all
/// nine digits of the second's fraction. The keys write a fraction only
/// when there is one, and `.` sorts before `Z`, so a bound without one
/// would put `14:05:00.5Z` before `14:05:00Z`.
pub(super) fn sort_bound(at: OffsetDateTime) -> Result<String, StoreError> {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z"
    );
    Ok(at
        .to_offset(time::UtcOffset::UTC)
        .format(format)
        .context("formatting a time")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_keys_keep_their_width() {
        let sesta = CampaignSlug::parse("sesta").unwrap();
        assert_eq!(COUNT.pk(&sesta, 7), "COUNT#sesta#007");
        assert_eq!(TALLY.pk(&sesta, 7), "TALLY#sesta#07");
    }

    #[test]
    fn an_office_keeps_to_its_bucket_and_moves_within_it_on_a_retry() {
        let shards: Vec<u64> = (0..8)
            .map(|attempt| delivered_shard("SCA01", 7, attempt))
            .collect();
        assert!(shards.iter().all(|shard| *shard < DELIVERED.write_shards()));
        assert!(
            shards
                .iter()
                .all(|shard| shard % OFFICE_BUCKETS == shards[0] % OFFICE_BUCKETS)
        );
        let distinct: std::collections::HashSet<_> = shards.iter().collect();
        assert_eq!(distinct.len(), 8);
        assert_eq!(
            delivered_shard("SCA01", 7, 0),
            delivered_shard("SCA01", 7, 0)
        );
    }

    #[test]
    fn a_lowered_shard_count_still_reads_every_old_shard() {
        let lowered = ShardedCounter::new("COUNT", 3, &[500, 100]);
        assert_eq!(lowered.write_shards(), 100);
        assert_eq!(lowered.read_shards(), 500);
        assert!((0..50).all(|seed| lowered.shard(seed * 37, 3) < 100));
        let sesta = CampaignSlug::parse("sesta").unwrap();
        assert_eq!(lowered.read_keys(&sesta).len(), 500);
        assert_eq!(lowered.pk(&sesta, 7), "COUNT#sesta#007");
    }

    #[test]
    fn a_bound_sorts_letters_written_at_and_after_it_after_it() {
        let bound = sort_bound(time::macros::datetime!(2026-11-28 14:05 UTC)).unwrap();
        assert_eq!(bound, "2026-11-28T14:05:00.000000000Z");
        assert!("2026-11-28T14:04:59.9Z#id" < bound.as_str());
        assert!("2026-11-28T14:05:00Z#id" > bound.as_str());
        assert!("2026-11-28T14:05:00.5Z#id" > bound.as_str());
    }
}
