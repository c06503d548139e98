//! A campaign's TOML checked before it can be live: every problem found,
//! each with its line and field, so a staffer fixes them all in one go.

use super::{Campaign, Targets};
use crate::domain::is_sendable;
use crate::members::Members;
use std::fmt;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The top-level keys a campaign may have, and whether each is required.
const KEYS: [(&str, bool); 17] = [
    ("slug", true),
    ("status", true),
    ("targets", true),
    ("goal", true),
    ("title", true),
    ("headline", true),
    ("lead", true),
    ("background", true),
    ("share_message", true),
    ("call_script", false),
    ("letter", true),
    ("delivery", false),
    ("cwc", false),
    ("verify_email", false),
    ("allowed_origins", false),
    ("sources", false),
    ("es", false),
];

/// One thing wrong with a campaign's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CampaignProblem {
    /// 1-based; `None` for a field that is missing altogether.
    pub line: Option<usize>,
    /// The field, as the file names it (`letter.subject`), when known.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for CampaignProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where top-level `key` is set: `key = ...`, `[key]` or `[[key]]`.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let assigned = line
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            let table = line.trim_start_matches('[').split(']').next() == Some(key)
                && line.starts_with('[');
            assigned || table
        })
        .map(|index| index + 1)
}

/// The key set on the line holding `span` (`subject = "..."` gives `subject`).
fn key_at(text: &str, span: Range<usize>) -> Option<String> {
    let start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_owned())
}

fn problem(
    line: Option<usize>,
    field: Option<&str>,
    message: impl Into<String>,
) -> CampaignProblem {
    CampaignProblem {
        line,
        field: field.map(str::to_owned),
        message: message.into(),
    }
}

/// Every text in the campaign holding a character its pages, emails and
/// messages cannot carry: a control character but tab and line breaks, or
/// one `is_sendable` refuses (XML 1.0's and Unicode's rules). Empty for
/// text that is not TOML, whose syntax is another problem.
pub(super) fn unsendable_text(text: &str) -> Vec<CampaignProblem> {
    fn walk(text: &str, path: String, value: &Spanned<DeValue>, found: &mut Vec<CampaignProblem>) {
        match value.get_ref() {
            DeValue::String(string) => {
                let bad = |c: &char| {
                    !is_sendable(*c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                };
                if let Some(c) = string.chars().find(bad) {
                    found.push(problem(
                        Some(line_of(text, value.span().start)),
                        Some(&path),
                        format!(
                            "remove U+{:04X}, a control character or noncharacter: no page, \
                             email or message can carry it",
                            u32::from(c)
                        ),
                    ));
                }
            }
            DeValue::Array(items) => {
                for (at, item) in items.iter().enumerate() {
                    walk(text, format!("{path}[{at}]"), item, found);
                }
            }
            DeValue::Table(table) => {
                for (key, item) in table {
                    let key = key.get_ref();
                    let path = if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(text, path, item, found);
                }
            }
            DeValue::Integer(_)
            | DeValue::Float(_)
            | DeValue::Boolean(_)
            | DeValue::Datetime(_) => {}
        }
    }
    let mut found = Vec::new();
    if let Ok(table) = DeTable::parse(text) {
        let span = table.span();
        walk(
            text,
            String::new(),
            &Spanned::new(span, DeValue::Table(table.into_inner())),
            &mut found,
        );
    }
    found
}

/// The known key nearest `key` as typed (a letter or two off), if any.
fn nearest_key(key: &str) -> Option<&'static str> {
    KEYS.iter()
        .map(|(known, _)| (strsim::damerau_levenshtein(key, known), *known))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, known)| known)
}

/// The table whose header a top-level `key` was written under, if any:
/// TOML 1.0 (§Table) gives a `[table]` header, and an `[[array]]` header
/// its last element, every key below it up to the next header.
fn swallowed_by(table: &toml::Table, key: &str) -> Option<String> {
    table.iter().find_map(|(header, value)| {
        if value
            .as_table()
            .is_some_and(|inner| inner.contains_key(key))
        {
            return Some(format!("[{header}]"));
        }
        let last = value.as_array()?.last()?.as_table()?;
        last.contains_key(key).then(|| format!("[[{header}]]"))
    })
}

/// Parses and checks a campaign's text: the campaign, or every problem
/// found (syntax first; then unknown and missing fields; then text no page
/// or message can carry; then values).
pub fn parse_campaign(text: &str, members: &Members) -> Result<Campaign, Vec<CampaignProblem>> {
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        let line = error.span().map(|span| line_of(text, span.start));
        vec![problem(line, None, error.message().trim())]
    })?;
    let mut problems: Vec<CampaignProblem> = table
        .keys()
        .filter(|key| !KEYS.iter().any(|(known, _)| known == key))
        .map(|key| {
            let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            let hint = match nearest_key(key) {
                Some(near) => format!("did you mean `{near}`? "),
                None => String::new(),
            };
            problem(
                line_of_key(text, key),
                Some(key),
                format!("unknown field; {hint}a campaign has {}", known.join(", ")),
            )
        })
        .collect();
    problems.extend(
        KEYS.iter()
            .filter(|(key, required)| *required && !table.contains_key(*key))
            .map(|(key, _)| match swallowed_by(&table, key) {
                Some(header) => problem(
                    line_of_key(text, key),
                    Some(key),
                    format!(
                        "missing at the top: it is written below the {header} header, which \
                         takes every key under it; move it above the first header"
                    ),
                ),
                None => problem(None, Some(key), "missing: a campaign must have it"),
            }),
    );
    problems.extend(unsendable_text(text));
    if !problems.is_empty() {
        return Err(problems);
    }
    let campaign: Campaign = toml::from_str(text).map_err(|error| {
        let span = error.span();
        let line = span.clone().map(|span| line_of(text, span.start));
        let field = span.and_then(|span| key_at(text, span));
        vec![problem(line, field.as_deref(), error.message().trim())]
    })?;
    if let Err(found) = campaign.check() {
        let field = found.field;
        return Err(vec![problem(
            line_of_key(text, field),
            Some(field),
            found.reason,
        )]);
    }
    if let Targets::Members {
        members: listed, ..
    } = &campaign.targets
    {
        let unknown: Vec<CampaignProblem> = listed
            .iter()
            .filter(|id| members.get(id).is_none())
            .map(|id| {
                problem(
                    line_of_key(text, "targets"),
                    Some("targets"),
                    format!(
                        "{id} is not a sitting member of Congress in the member data; \
                         refresh the data or change the targets"
                    ),
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
    }
    Ok(campaign)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;

    const LAUNCH: &str = include_str!("../../campaigns/sesta.toml");

    fn problems(text: &str) -> Vec<CampaignProblem> {
        parse_campaign(text, &Members::bundled().unwrap()).unwrap_err()
    }

    fn line_with(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn the_launch_campaign_is_valid() {
        let campaign = parse_campaign(LAUNCH, &Members::bundled().unwrap()).unwrap();
        assert_eq!(campaign.slug.as_ref(), "sesta");
    }

    #[test]
    fn the_spanish_copy_is_held_to_the_rules_of_the_english() {
        let campaign = parse_campaign(LAUNCH, &Members::bundled().unwrap()).unwrap();
        assert!(
            campaign
                .copy(Language::Es)
                .title
                .starts_with("Pida a sus senadores")
        );
        let short = LAUNCH.replacen(
            "subject = \"Le pido que copatrocine la S. 1693, la Ley para Dejar de Facilitar a los Traficantes Sexuales\"",
            "subject = \"Hola\"",
            1,
        );
        let found = problems(&short);
        assert_eq!(found[0].field.as_deref(), Some("subject"), "{found:?}");
        assert!(found[0].to_string().contains("6 characters or more"));
        let unknown = LAUNCH.replacen("[es.letter]", "[es.letter]\nnote = \"x\"", 1);
        assert_eq!(problems(&unknown)[0].field.as_deref(), Some("note"));
        let without_letter = LAUNCH.replacen("[es.letter]", "[es.lettre]", 1);
        assert!(!problems(&without_letter).is_empty(), "a misspelt table");
        let unsendable = LAUNCH.replacen("title = \"Pida", "title = \"\\uFFFEPida", 1);
        let found = problems(&unsendable);
        assert_eq!(found[0].field.as_deref(), Some("es.title"), "{found:?}");
    }

    #[test]
    fn a_misspelt_field_is_named_with_its_line_and_the_missing_one_too() {
        let text = LAUNCH.replace("goal = 25000", "gaol = 25000");
        let found = problems(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].field.as_deref(), Some("gaol"));
        assert_eq!(found[0].line, Some(line_with(&text, "gaol")));
        assert_eq!(found[1].field.as_deref(), Some("goal"));
        assert!(found[1].to_string().starts_with("goal: missing"));
        assert!(found[0].to_string().starts_with(&format!(
            "line {}: gaol: unknown field",
            found[0].line.unwrap()
        )));
    }

    #[test]
    fn a_misspelt_field_suggests_the_nearest_known_one_and_a_stranger_none() {
        let found = problems(&LAUNCH.replace("headline =", "hedline ="));
        assert!(
            found[0].message.contains("did you mean `headline`?"),
            "{found:?}"
        );
        let found = problems(&format!("colour = \"red\"\n{LAUNCH}"));
        assert!(!found[0].message.contains("did you mean"), "{found:?}");
    }

    #[test]
    fn a_key_written_below_a_table_header_is_named_as_swallowed_by_it() {
        for (header, shown) in [("[letter]", "[letter]"), ("[cwc]", "[cwc]")] {
            let moved = LAUNCH.replace("goal = 25000\n", "");
            let text = moved.replacen(
                &format!("{header}\n"),
                &format!("{header}\ngoal = 25000\n"),
                1,
            );
            let found = problems(&text);
            let goal = found
                .iter()
                .find(|p| p.field.as_deref() == Some("goal"))
                .unwrap();
            assert_eq!(goal.line, Some(line_with(&text, "goal = 25000")), "{goal}");
            assert!(
                goal.message.contains(&format!("below the {shown} header")),
                "{goal}"
            );
        }
        let text = LAUNCH.replace("goal = 25000\n", "").replacen(
            "[letter]\n",
            "goal = 25000\n[letter]\n",
            1,
        );
        let goal = problems(&text)
            .into_iter()
            .find(|p| p.field.as_deref() == Some("goal"))
            .unwrap();
        assert!(
            goal.message.contains("below the [[background]] header"),
            "{goal}"
        );
    }

    #[test]
    fn a_syntax_error_and_a_bad_value_have_their_lines() {
        let text = LAUNCH.replace("goal = 25000", "goal = ");
        let found = problems(&text);
        assert_eq!(found[0].line, Some(line_with(&text, "goal =")), "{found:?}");

        let text = LAUNCH.replace("status = \"open\"", "status = \"paused\"");
        let found = problems(&text);
        assert_eq!(found[0].line, Some(line_with(&text, "paused")), "{found:?}");
        assert_eq!(found[0].field.as_deref(), Some("status"));

        let text = LAUNCH.replace(
            "targets = \"senators\"",
            "targets = { members = [\"Z999999\"] }",
        );
        let found = problems(&text);
        assert_eq!(found[0].field.as_deref(), Some("targets"));
        assert!(found[0].message.contains("Z999999"), "{found:?}");
    }

    #[test]
    fn text_no_message_can_carry_is_named_with_its_field_and_line() {
        let text = LAUNCH.replacen("share_message = \"", "share_message = \"\\uFFFE", 1);
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field.as_deref(), Some("share_message"));
        assert_eq!(found[0].line, Some(line_with(&text, "share_message")));
        assert!(found[0].message.contains("U+FFFE"), "{found:?}");

        for bad in ["\\u0007", "\\uFDD0"] {
            let text = LAUNCH.replacen("title = \"", &format!("title = \"{bad}"), 1);
            assert_eq!(problems(&text)[0].field.as_deref(), Some("title"), "{bad}");
        }
        let nested = LAUNCH.replacen("heading = \"", "heading = \"\\uFFFF", 1);
        assert_eq!(
            problems(&nested)[0].field.as_deref(),
            Some("background[0].heading")
        );
        let letter = LAUNCH.replacen("body = \"\"\"", "body = \"\"\"\\U0010FFFF", 1);
        assert_eq!(problems(&letter)[0].field.as_deref(), Some("letter.body"));
    }
}
