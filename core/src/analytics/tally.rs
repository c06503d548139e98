//! A campaign's running counts. Every count is a sum, so counts kept in
//! several shards (or rebuilt from a file) add up to the same tally.

use super::OfficeDeliveries;
use crate::language::Language;
use crate::letter::{ConfirmationStatus, Letter};
use crate::members::{Bioguide, Chamber, Members};
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts by key: `letters`, `edited`, `own_words_unedited` (a paragraph of
/// the supporter's after the campaign's letter), `opt_in_ticked` (the box
/// ticked on the form), `verified`, `opted_in` (confirmed from the email), `state:TX`, `district:TX-07`, `day:2026-11-28`,
/// `senator:C001056`, `representative:F000468`, `confirmation:sent`,
/// `source:acme` (only the codes a campaign lists, so a few at most),
/// `language:es` (only languages other than English).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    counts: BTreeMap<String, u64>,
}

impl Tally {
    pub fn add(&mut self, key: impl Into<String>, n: u64) {
        *self.counts.entry(key.into()).or_default() += n;
    }

    /// Counts a newly stored letter.
    pub fn add_letter(&mut self, letter: &Letter) {
        self.add("letters", 1);
        self.add("edited", u64::from(letter.edited));
        // Apart from `edited`, so that the letters in the supporter's own
        // words are a sum of two counts, true for letters tallied before
        // paragraphs existed too; and only when there is one, so that their
        // tallies (the golden files' among them) read the same.
        if !letter.edited && letter.in_own_words() {
            self.add("own_words_unedited", 1);
        }
        // Only when ticked, like `own_words_unedited`, so that other
        // letters' tallies read as they did before the count existed.
        if letter.fields.opt_in {
            self.add("opt_in_ticked", 1);
        }
        self.add(format!("state:{}", letter.fields.state), 1);
        if let Some(district) = &letter.fields.district {
            self.add(format!("district:{}", district.district()), 1);
        }
        self.add(format!("day:{}", letter.created_at.date()), 1);
        if let Some(source) = &letter.fields.source {
            self.add(format!("source:{source}"), 1);
        }
        // Only letters in another language than English are counted by
        // theirs, so that tallies kept before languages (the golden files'
        // among them) read the same: the rest are English.
        if letter.language != Language::En {
            self.add(format!("language:{}", letter.language.tag()), 1);
        }
        for recipient in &letter.recipients {
            let chamber = match recipient.chamber {
                Chamber::Senate => "senator",
                Chamber::House => "representative",
            };
            self.add(format!("{chamber}:{}", recipient.bioguide), 1);
        }
    }

    /// Counts a confirmation that reached its end; others count as pending.
    pub fn add_settled(&mut self, status: &ConfirmationStatus) {
        if let Some(name) = status.settled_name() {
            self.add(format!("confirmation:{name}"), 1);
        }
    }

    /// Counts a letter its supporter confirmed from the email, and the
    /// updates they asked for, now wanted.
    pub fn add_verification(&mut self, letter: &Letter) {
        self.add("verified", 1);
        self.add("opted_in", u64::from(letter.fields.opt_in));
    }

    /// Splits off the counts of what followed a letter's email (its
    /// confirmation settled, its supporter's confirmation): a few keys,
    /// which a store may keep apart so that those writes stay small.
    pub fn split_confirmations(&self) -> (Tally, Tally) {
        let is_confirmation =
            |key: &str| key.starts_with("confirmation:") || key == "verified" || key == "opted_in";
        let (confirmations, rest) = self
            .counts
            .iter()
            .map(|(key, n)| (key.clone(), *n))
            .partition(|(key, _)| is_confirmation(key));
        (
            Tally { counts: rest },
            Tally {
                counts: confirmations,
            },
        )
    }

    /// Whether nothing is counted.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Everything `letter`, as it stands, has added to its campaign's
    /// tally (its own counts only once `tallied`): what a withdrawal takes
    /// away again.
    pub fn contribution(letter: &Letter, tallied: bool) -> Self {
        let mut tally = Self::default();
        if tallied {
            tally.add_letter(letter);
        }
        tally.add_settled(&letter.confirmation);
        if letter.email_verified {
            tally.add_verification(letter);
        }
        tally
    }

    /// Takes `other`'s counts away from these.
    pub fn subtract(&mut self, other: &Tally) {
        for (key, n) in other.iter() {
            if let Some(count) = self.counts.get_mut(key) {
                *count = count.saturating_sub(n);
            }
        }
    }

    pub fn get(&self, key: &str) -> u64 {
        self.counts.get(key).copied().unwrap_or(0)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.counts.iter().map(|(key, n)| (key.as_str(), *n))
    }

    pub(super) fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, u64)> + 'a {
        self.iter()
            .filter_map(move |(key, n)| key.strip_prefix(prefix).map(|rest| (rest, n)))
    }

    /// The days (UTC, `YYYY-MM-DD`) on which letters came.
    pub fn days(&self) -> Vec<&str> {
        self.with_prefix("day:").map(|(day, _)| day).collect()
    }

    /// Letters per member under `prefix` (`senator:`, `representative:`),
    /// most first, each named as the member data names them.
    fn by_member(&self, prefix: &str, members: &Members) -> Vec<MemberCount> {
        let mut counts: Vec<MemberCount> = self
            .with_prefix(prefix)
            .map(|(bioguide, letters)| {
                let member = Bioguide::parse(bioguide)
                    .ok()
                    .and_then(|id| members.get(&id));
                MemberCount {
                    name: member.map_or_else(|| bioguide.to_owned(), |m| m.name.clone()),
                    bioguide: bioguide.to_owned(),
                    office: member.map(|m| m.office().to_string()),
                    party: member.map(|m| m.party.clone()),
                    district: member.map(|m| m.district_or_state()),
                    letters,
                }
            })
            .collect();
        counts.sort_by(|a, b| b.letters.cmp(&a.letters).then_with(|| a.name.cmp(&b.name)));
        counts
    }

    fn by_key(&self, prefix: &str) -> BTreeMap<String, u64> {
        self.with_prefix(prefix)
            .map(|(k, n)| (k.to_owned(), n))
            .collect()
    }

    /// Letters per language they were written in: those counted by theirs,
    /// and English the rest of `letters`.
    fn by_language(&self, letters: u64) -> BTreeMap<String, u64> {
        let mut by_language = self.by_key("language:");
        let others: u64 = by_language.values().sum();
        by_language.insert(
            Language::En.tag().to_owned(),
            letters.saturating_sub(others),
        );
        by_language
    }

    pub fn summary(&self, members: &Members) -> Summary {
        let letters = self.get("letters");
        let settled: u64 = self.with_prefix("confirmation:").map(|(_, n)| n).sum();
        Summary {
            total: letters,
            by_state: self.by_key("state:"),
            by_district: self.by_key("district:"),
            by_day: self.by_key("day:"),
            by_senator: self.by_member("senator:", members),
            by_representative: self.by_member("representative:", members),
            by_source: self.by_key("source:"),
            by_language: self.by_language(letters),
            edited: self.get("edited"),
            own_words: self.get("edited") + self.get("own_words_unedited"),
            verified: self.get("verified"),
            opt_in_ticked: self.get("opt_in_ticked"),
            opted_in: self.get("opted_in"),
            confirmations: Confirmations {
                pending: letters.saturating_sub(settled),
                sent: self.get("confirmation:sent"),
                failed: self.get("confirmation:failed"),
                suppressed: self.get("confirmation:suppressed"),
            },
            deliveries: self.deliveries(),
        }
    }
}

/// Letters to one member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct MemberCount {
    pub bioguide: String,
    pub name: String,
    /// The member's office (`SME01`), while they are in the member data:
    /// its letters are the office's packet (`/admin/c/{slug}/offices/{office}/letters`).
    #[serde(default)]
    pub office: Option<String>,
    /// The member's party (`Democrat`, `Republican`, ...), while they are
    /// in the member data.
    #[serde(default)]
    pub party: Option<String>,
    /// The member's House district (`TX-07`), or a Senator's state, while
    /// they are in the member data.
    #[serde(default)]
    pub district: Option<String>,
    pub letters: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Confirmations {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
    pub suppressed: u64,
}

/// `GET /admin/c/{slug}/summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Summary {
    pub total: u64,
    pub by_state: BTreeMap<String, u64>,
    /// Letters per House district (`TX-07`), for campaigns that write by district.
    #[serde(default)]
    pub by_district: BTreeMap<String, u64>,
    pub by_day: BTreeMap<String, u64>,
    pub by_senator: Vec<MemberCount>,
    /// Letters per member of the House (Representatives and delegates).
    #[serde(default)]
    pub by_representative: Vec<MemberCount>,
    /// Letters per `source` code the campaign lists; the letters with none
    /// are the rest of `total`.
    #[serde(default)]
    pub by_source: BTreeMap<String, u64>,
    /// Letters per language they were written in (`en`, `es`).
    #[serde(default)]
    pub by_language: BTreeMap<String, u64>,
    pub edited: u64,
    /// Letters carrying the supporter's own words: edited, or with a
    /// paragraph of theirs.
    #[serde(default)]
    pub own_words: u64,
    /// Letters whose supporter confirmed them from the email.
    pub verified: u64,
    /// Supporters who ticked the box for updates on the form, confirmed
    /// or not (counted since the count was added: letters stored before
    /// it count in `opted_in` alone).
    #[serde(default)]
    pub opt_in_ticked: u64,
    /// Supporters who asked for updates and confirmed it from the email.
    pub opted_in: u64,
    pub confirmations: Confirmations,
    /// Each office's letters by delivery state, by office code.
    #[serde(default)]
    pub deliveries: BTreeMap<String, OfficeDeliveries>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OwnWords;
    use crate::fixtures::letter;

    #[test]
    fn a_letters_confirmation_counts_split_off_and_add_back_to_the_whole() {
        let mut written = letter("ada@example.org");
        written.email_verified = true;
        written.confirmation = ConfirmationStatus::Sent {
            message_id: "m".into(),
        };
        let whole = Tally::contribution(&written, true);
        let (letters, confirmations) = whole.split_confirmations();
        let names = |tally: &Tally| tally.iter().map(|(k, _)| k.to_owned()).collect::<Vec<_>>();
        assert_eq!(
            names(&confirmations),
            ["confirmation:sent", "opted_in", "verified"]
        );
        assert!(letters.get("letters") == 1 && letters.get("verified") == 0);
        let mut again = letters;
        for (key, n) in confirmations.iter() {
            again.add(key, n);
        }
        assert_eq!(again, whole);
    }

    #[test]
    fn letters_in_the_supporters_own_words_are_the_edited_and_those_with_a_paragraph() {
        let paragraph = || Some(OwnWords::parse("It happened to my friend.").unwrap());
        let mut letters = [0, 1, 2, 3].map(|_| letter("ada@example.org"));
        letters[1].edited = true;
        letters[2].fields.own_words = paragraph();
        letters[3].edited = true;
        letters[3].fields.own_words = paragraph();
        let mut tally = Tally::default();
        for letter in &letters {
            tally.add_letter(letter);
        }
        let summary = tally.summary(&Members::bundled().unwrap());
        assert_eq!(
            (summary.total, summary.edited, summary.own_words),
            (4, 2, 3)
        );

        tally.subtract(&Tally::contribution(&letters[2], true));
        assert_eq!(tally.summary(&Members::bundled().unwrap()).own_words, 2);
    }

    #[test]
    fn opt_ins_are_counted_when_ticked_and_again_when_confirmed() {
        let mut letters = [0, 1, 2].map(|_| letter("ada@example.org"));
        letters[0].fields.opt_in = true;
        letters[1].fields.opt_in = true;
        let mut tally = Tally::default();
        for letter in &letters {
            tally.add_letter(letter);
        }
        tally.add_verification(&letters[0]);
        tally.add_verification(&letters[2]);
        let summary = tally.summary(&Members::bundled().unwrap());
        assert_eq!((summary.opt_in_ticked, summary.opted_in), (2, 1));

        tally.subtract(&Tally::contribution(&letters[2], true));
        assert_eq!(
            tally.get("opt_in_ticked"),
            2,
            "a letter without the box adds none"
        );
        let mut plain = Tally::default();
        plain.add_letter(&letters[2]);
        assert!(plain.iter().all(|(key, _)| key != "opt_in_ticked"));
    }
}
