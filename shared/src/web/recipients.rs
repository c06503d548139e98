//! Recipients as pages and JSON answers show them: the sentence the form's
//! script shows as a state is chosen, the district question with each
//! candidate's member named, and a recipient in a JSON answer.

use crate::campaign::Targets;
use crate::domain::{District, StateCode};
use crate::letter::{Field, FieldErrors};
use crate::members::{Chamber, Member, Members};
use crate::recipients::DistrictQuestion;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where supporters who cannot tell their district from the list can look
/// it up with their full ZIP+4 code or address.
pub const FIND_YOUR_REPRESENTATIVE: &str =
    "https://www.house.gov/representatives/find-your-representative";

/// "Senator John Cornyn (Republican)".
fn named(member: &Member) -> String {
    format!("{} {} ({})", member.title(), member.name, member.party)
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// For each state, who a letter from there goes to as far as the state
/// alone tells, in a sentence; as JSON safe inside a `<script>` element.
pub fn hints_json(targets: &Targets, members: &Members) -> Result<String, serde_json::Error> {
    let hints: BTreeMap<&str, String> = StateCode::all()
        .map(|state| (state.code(), hint(targets, members, state)))
        .collect();
    // `<` never appears as such, so no `</script>` can close the element early.
    Ok(serde_json::to_string(&hints)?.replace('<', "\\u003c"))
}

fn hint(targets: &Targets, members: &Members, state: StateCode) -> String {
    let seats = members.seats(state);
    let needs_district = targets.needs_district(members, state);
    let only_seat = match seats.as_slice() {
        [only] if needs_district => Some(*only),
        _ => None,
    };
    let mut names: Vec<String> = targets
        .members_for(members, state, only_seat)
        .into_iter()
        .map(named)
        .collect();
    if needs_district && only_seat.is_none() {
        names.push(match targets {
            Targets::Members { .. } => {
                "your Representative, if this campaign writes to them".to_owned()
            }
            _ => "your Representative, found from your ZIP code".to_owned(),
        });
    }
    let vacant = targets.vacant_seat(members, only_seat);
    match (names.is_empty(), vacant, targets) {
        (_, Some(seat), _) if names.is_empty() => format!(
            "The House seat for {} is vacant, so a letter from here has no one to go to.",
            seat.describe()
        ),
        (true, _, Targets::Senators) => format!(
            "{} has no U.S. Senators, so a letter from here has no one to go to.",
            state.name()
        ),
        (true, _, _) => format!(
            "No one this campaign writes to represents {}.",
            state.name()
        ),
        (false, Some(seat), _) => format!(
            "Your letter will go to {}. The House seat for {} is vacant.",
            and_list(&names),
            seat.describe()
        ),
        (false, None, _) => format!("Your letter will go to {}.", and_list(&names)),
    }
}

/// One district a supporter may choose, as the form and JSON show it.
#[derive(Debug, Serialize)]
pub struct DistrictOption {
    /// What the form sends back when it is chosen.
    pub value: String,
    pub district: String,
    /// "Texas's 3rd district: Representative Keith Self (Republican)".
    pub label: String,
    pub bioguide: Option<String>,
    pub name: Option<String>,
    pub vacant: bool,
    #[serde(skip)]
    pub checked: bool,
}

/// The district question as a page shows it.
pub struct DistrictPrompt {
    pub options: Vec<DistrictOption>,
}

impl DistrictPrompt {
    pub fn new(question: &DistrictQuestion, members: &Members) -> Self {
        Self {
            options: options(question, members),
        }
    }
}

/// Each candidate of `question`, its member named (or its seat vacant).
pub fn options(question: &DistrictQuestion, members: &Members) -> Vec<DistrictOption> {
    question
        .candidates
        .iter()
        .map(|district| {
            let member = members.representative(*district);
            let holder = member.map_or_else(|| "the seat is vacant".to_owned(), named);
            DistrictOption {
                value: question.choice_value(*district).to_string(),
                district: district.code(),
                label: format!("{}: {holder}", district.describe()),
                bioguide: member.map(|m| m.bioguide.to_string()),
                name: member.map(|m| m.name.clone()),
                vacant: member.is_none(),
                checked: question.chosen == Some(*district),
            }
        })
        .collect()
}

/// A refused letter's JSON answer: `{"errors": {...}}`, and, when the
/// supporter must choose their district, the districts to choose among
/// under the field that asks: `{"choices": {"district": [...]}}`.
pub fn refusal_json(
    errors: &FieldErrors,
    question: Option<&DistrictQuestion>,
    members: &Members,
) -> serde_json::Value {
    let mut refused = serde_json::json!({ "errors": errors });
    if let Some(question) = question {
        let choices = options(question, members);
        refused["choices"] = serde_json::json!({ Field::District.name(): choices });
    }
    refused
}

/// A recipient in a JSON answer.
#[derive(Serialize)]
pub struct RecipientJson<'a> {
    bioguide: &'a str,
    name: &'a str,
    title: &'static str,
    chamber: Chamber,
    district: Option<String>,
    phone: Option<&'a str>,
    contact_form: Option<&'a str>,
    url: Option<&'a str>,
}

impl<'a> From<&'a Member> for RecipientJson<'a> {
    fn from(member: &'a Member) -> Self {
        Self {
            bioguide: member.bioguide.as_ref(),
            name: &member.name,
            title: member.title(),
            chamber: member.chamber(),
            district: member.district().map(District::code),
            phone: member.phone.as_deref(),
            contact_form: member.contact_form.as_deref(),
            url: member.url.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint_for(targets: Targets, state: &str) -> String {
        hint(
            &targets,
            &Members::bundled().unwrap(),
            StateCode::parse(state).unwrap(),
        )
    }

    #[test]
    fn hints_name_whom_the_state_alone_decides() {
        assert_eq!(
            hint_for(Targets::Senators, "TX"),
            "Your letter will go to Senator John Cornyn (Republican) and Senator Ted Cruz (Republican)."
        );
        assert!(
            hint_for(Targets::Senators, "DC")
                .starts_with("District of Columbia has no U.S. Senators")
        );
        assert!(hint_for(Targets::Congress, "TX").ends_with(
            "Senator Ted Cruz (Republican) and your Representative, found from your ZIP code."
        ));
        assert!(
            hint_for(Targets::Congress, "WY")
                .ends_with("Representative Harriet M. Hageman (Republican).")
        );
        assert_eq!(
            hint_for(Targets::Representative, "DC"),
            "Your letter will go to Delegate Eleanor Holmes Norton (Democrat)."
        );
    }
}
