//! Whom a campaign's letters go to, as its file says: the supporter's
//! Senators, their Representative, both, or a list of members (a committee,
//! a bill's holdouts), everyone on it or only those who represent the
//! supporter.
//!
//! ```toml
//! targets = "senators"        # or "representative", or "congress"
//!
//! [targets]                   # or a list of members by Bioguide id
//! members = ["C001056", "C001098"]
//! only_representing_supporter = true
//! ```

use crate::domain::{District, StateCode};
use crate::language::Language;
use crate::members::{Bioguide, Member, Members};
use crate::messages::Message;
use crate::msg;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// The supporter's two U.S. Senators, chosen by the state of their address.
    Senators,
    /// The supporter's member of the House (Representative, Delegate or
    /// Resident Commissioner), chosen by their district.
    Representative,
    /// Both Senators and the member of the House.
    Congress,
    /// These members, in this order; with `only_representing`, only those
    /// of them who represent the supporter's state or district.
    Members {
        members: Vec<Bioguide>,
        only_representing: bool,
    },
}

impl Targets {
    /// Whether finding the recipients from `state` takes the supporter's
    /// House district.
    pub fn needs_district(&self, members: &Members, state: StateCode) -> bool {
        match self {
            Self::Senators => false,
            Self::Representative | Self::Congress => true,
            Self::Members {
                members: listed,
                only_representing,
            } => {
                *only_representing
                    && listed
                        .iter()
                        .filter_map(|id| members.get(id))
                        .any(|m| m.district().is_some_and(|d| d.state() == state))
            }
        }
    }

    /// The supporter's House seat, `district`, when these targets write to
    /// whoever holds it and nobody does: worth saying so.
    pub fn vacant_seat(&self, members: &Members, district: Option<District>) -> Option<District> {
        let writes_to_seat = matches!(self, Self::Representative | Self::Congress);
        district.filter(|seat| writes_to_seat && members.representative(*seat).is_none())
    }

    /// The sitting members a letter from `state` (in `district`, when the
    /// targets need it) goes to, in the order letters name them. A vacant
    /// seat adds no one.
    pub fn members_for<'m>(
        &self,
        members: &'m Members,
        state: StateCode,
        district: Option<District>,
    ) -> Vec<&'m Member> {
        let house = || district.and_then(|d| members.representative(d));
        match self {
            Self::Senators => members.senators(state),
            Self::Representative => house().into_iter().collect(),
            Self::Congress => members.senators(state).into_iter().chain(house()).collect(),
            Self::Members {
                members: listed,
                only_representing,
            } => listed
                .iter()
                .filter_map(|id| members.get(id))
                .filter(|m| !only_representing || m.represents(state, district))
                .collect(),
        }
    }

    /// The catalogs' name for whom the letter goes to, which their
    /// messages choose their words by.
    fn kind(&self) -> &'static str {
        match self {
            Self::Senators => "senators",
            Self::Representative => "representative",
            Self::Congress => "congress",
            Self::Members { .. } => "members",
        }
    }

    /// How a letter in `language` greets its readers.
    pub fn salutation(&self, language: Language) -> String {
        Message::from(msg!("salutation"))
            .with("targets", self.kind())
            .in_language(language)
    }

    /// Whom the supporter writes to, said in a few words of `language`.
    pub fn audience_in(&self, language: Language) -> String {
        Message::from(msg!("audience"))
            .with("targets", self.kind())
            .in_language(language)
    }

    /// The line under the headline of a share picture in `language`: an
    /// invitation to write to these members.
    pub fn invitation(&self, language: Language) -> String {
        Message::from(msg!("invitation"))
            .with("targets", self.kind())
            .in_language(language)
    }

    /// Whom the supporter writes to, in English.
    pub fn audience(&self) -> String {
        self.audience_in(Language::En)
    }
}

const EXPECTED: &str = "\"senators\", \"representative\", \"congress\", \
    or a table with a `members` list of Bioguide ids";

impl<'de> serde::Deserialize<'de> for Targets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TargetsVisitor)
    }
}

struct TargetsVisitor;

impl<'de> Visitor<'de> for TargetsVisitor {
    type Value = Targets;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Targets, E> {
        match name {
            "senators" => Ok(Targets::Senators),
            "representative" => Ok(Targets::Representative),
            "congress" => Ok(Targets::Congress),
            other => Err(E::custom(format!(
                "unknown targets {other:?}: expected {EXPECTED}"
            ))),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Targets, A::Error> {
        let (mut listed, mut only_representing) = (None::<Vec<String>>, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "members" => listed = Some(map.next_value()?),
                "only_representing_supporter" => only_representing = map.next_value()?,
                other => {
                    return Err(de::Error::custom(format!(
                        "unknown key {other:?} in targets: expected `members` and \
                         `only_representing_supporter`"
                    )));
                }
            }
        }
        let listed = listed.ok_or_else(|| de::Error::missing_field("members"))?;
        if listed.is_empty() {
            return Err(de::Error::custom("targets.members lists no one"));
        }
        let mut members: Vec<Bioguide> = Vec::with_capacity(listed.len());
        for id in &listed {
            let id = Bioguide::parse(id).map_err(de::Error::custom)?;
            if members.contains(&id) {
                return Err(de::Error::custom(format!(
                    "targets.members lists {id} twice"
                )));
            }
            members.push(id);
        }
        Ok(Targets::Members {
            members,
            only_representing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct File {
        targets: Targets,
    }

    fn parse(toml: &str) -> Result<Targets, String> {
        toml::from_str::<File>(toml)
            .map(|file| file.targets)
            .map_err(|e| e.to_string())
    }

    fn place(state: &str, district: Option<&str>) -> (StateCode, Option<District>) {
        (
            StateCode::parse(state).unwrap(),
            district.map(|d| District::parse(d).unwrap()),
        )
    }

    fn names(targets: &Targets, state: &str, district: Option<&str>) -> Vec<String> {
        let members = Members::bundled().unwrap();
        let (state, district) = place(state, district);
        targets
            .members_for(&members, state, district)
            .iter()
            .map(|m| format!("{} {}", m.title(), m.name))
            .collect()
    }

    #[test]
    fn named_targets_and_member_lists_parse() {
        assert_eq!(parse("targets = \"congress\""), Ok(Targets::Congress));
        let listed =
            parse("[targets]\nmembers = [\"C001056\"]\nonly_representing_supporter = true");
        assert_eq!(
            listed,
            Ok(Targets::Members {
                members: vec![Bioguide::parse("C001056").unwrap()],
                only_representing: true,
            })
        );
    }

    #[test]
    fn unknown_or_malformed_targets_are_refused_with_what_is_expected() {
        for (case, toml, says) in [
            (
                "unknown name",
                "targets = \"house\"",
                "unknown targets \"house\"",
            ),
            ("not a string", "targets = 3", "expected \"senators\""),
            ("empty list", "[targets]\nmembers = []", "lists no one"),
            (
                "bad id",
                "[targets]\nmembers = [\"cornyn\"]",
                "not a Bioguide id",
            ),
            (
                "twice",
                "[targets]\nmembers = [\"C001056\", \"C001056\"]",
                "twice",
            ),
            (
                "no list",
                "[targets]\nonly_representing_supporter = true",
                "members",
            ),
            (
                "unknown key",
                "[targets]\nmembers = [\"C001056\"]\nchamber = 1",
                "unknown key",
            ),
        ] {
            let error = parse(toml).unwrap_err();
            assert!(error.contains(says), "{case}: {error}");
        }
    }

    #[test]
    fn congress_is_both_senators_and_the_representative() {
        assert_eq!(
            names(&Targets::Congress, "TX", Some("TX-37")),
            [
                "Senator John Cornyn",
                "Senator Ted Cruz",
                "Representative Lloyd Doggett"
            ]
        );
    }

    #[test]
    fn a_vacant_seat_adds_no_one_and_dc_has_only_its_delegate() {
        assert_eq!(names(&Targets::Congress, "TX", Some("TX-23")).len(), 2);
        assert!(names(&Targets::Representative, "TX", Some("TX-23")).is_empty());
        assert_eq!(
            names(&Targets::Congress, "DC", Some("DC-00")),
            ["Delegate Eleanor Holmes Norton"]
        );
    }

    #[test]
    fn a_list_goes_to_everyone_on_it_or_only_to_those_representing_the_supporter() {
        let ids = ["C001056", "P000145", "D000399"].map(|id| Bioguide::parse(id).unwrap());
        let everyone = Targets::Members {
            members: ids.to_vec(),
            only_representing: false,
        };
        assert_eq!(names(&everyone, "NY", None).len(), 3);
        let own = Targets::Members {
            members: ids.to_vec(),
            only_representing: true,
        };
        assert_eq!(
            names(&own, "TX", Some("TX-37")),
            ["Senator John Cornyn", "Representative Lloyd Doggett"]
        );
        assert_eq!(names(&own, "TX", Some("TX-07")), ["Senator John Cornyn"]);
        assert!(names(&own, "NY", Some("NY-10")).is_empty());
        let members = Members::bundled().unwrap();
        let (texas, _) = place("TX", None);
        assert!(own.needs_district(&members, texas));
        assert!(!everyone.needs_district(&members, texas));
    }
}
