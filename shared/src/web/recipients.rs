//! Recipients as pages and JSON answers show them: the sentence the form's
//! script shows as a state is chosen, the district question with each
//! candidate's member named, and a recipient in a JSON answer.

use crate::campaign::Targets;
use crate::domain::{District, StateCode};
use crate::language::Language;
use crate::letter::{Field, FieldErrors};
use crate::members::{Chamber, Member, Members};
use crate::messages::Message;
use crate::recipients::DistrictQuestion;
use letters_core::msg;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where supporters who cannot tell their district from the list can look
/// it up with their full ZIP+4 code or address.
pub const FIND_YOUR_REPRESENTATIVE: &str =
    "https://www.house.gov/representatives/find-your-representative";

/// "Senator John Cornyn (Republican)", in `language`.
fn named(member: &Member, language: Language) -> String {
    let party = Message::from(msg!("party"))
        .with("party", member.party.as_str())
        .in_language(language);
    format!("{} {} ({party})", member.title_in(language), member.name)
}

/// "a, b and c", in `language`.
pub fn and_list(items: &[String], language: Language) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => Message::from(msg!("and-list"))
            .with("first", rest.join(", "))
            .with("last", last.as_str())
            .in_language(language),
    }
}

/// For each state, who a letter from there goes to as far as the state
/// alone tells, in a sentence; as JSON safe inside a `<script>` element.
pub fn hints_json(
    targets: &Targets,
    members: &Members,
    language: Language,
) -> Result<String, serde_json::Error> {
    let hints: BTreeMap<&str, String> = StateCode::all()
        .map(|state| (state.code(), hint(targets, members, state, language)))
        .collect();
    // `<` never appears as such, so no `</script>` can close the element early.
    Ok(serde_json::to_string(&hints)?.replace('<', "\\u003c"))
}

fn hint(targets: &Targets, members: &Members, state: StateCode, language: Language) -> String {
    let seats = members.seats(state);
    let needs_district = targets.needs_district(members, state);
    let only_seat = match seats.as_slice() {
        [only] if needs_district => Some(*only),
        _ => None,
    };
    let mut names: Vec<String> = targets
        .members_for(members, state, only_seat)
        .into_iter()
        .map(|member| named(member, language))
        .collect();
    if needs_district && only_seat.is_none() {
        let yours = match targets {
            Targets::Members { .. } => msg!("hint-your-representative-if-written-to"),
            _ => msg!("hint-your-representative-from-zip"),
        };
        names.push(yours.in_language(language));
    }
    let vacant = targets.vacant_seat(members, only_seat);
    let message = match (names.is_empty(), vacant, targets) {
        (_, Some(seat), _) if names.is_empty() => {
            Message::from(msg!("hint-seat-vacant-no-one")).with("seat", seat)
        }
        (true, _, Targets::Senators) => {
            Message::from(msg!("hint-no-senators")).with("state", state.name())
        }
        (true, _, _) => Message::from(msg!("hint-no-one")).with("state", state.name()),
        (false, Some(seat), _) => Message::from(msg!("hint-goes-to-seat-vacant"))
            .with("names", and_list(&names, language))
            .with("seat", seat),
        (false, None, _) => {
            Message::from(msg!("hint-goes-to")).with("names", and_list(&names, language))
        }
    };
    message.in_language(language)
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
    pub fn new(question: &DistrictQuestion, members: &Members, language: Language) -> Self {
        Self {
            options: options(question, members, language),
        }
    }
}

/// Each candidate of `question`, its member named (or its seat vacant).
pub fn options(
    question: &DistrictQuestion,
    members: &Members,
    language: Language,
) -> Vec<DistrictOption> {
    question
        .candidates
        .iter()
        .map(|district| {
            let member = members.representative(*district);
            let holder = member.map_or_else(
                || msg!("option-seat-vacant").in_language(language),
                |member| named(member, language),
            );
            DistrictOption {
                value: question.choice_value(*district).to_string(),
                district: district.code(),
                label: format!("{}: {holder}", district.describe_in(language)),
                bioguide: member.map(|m| m.bioguide.to_string()),
                name: member.map(|m| m.name.clone()),
                vacant: member.is_none(),
                checked: question.chosen == Some(*district),
            }
        })
        .collect()
}

/// A refused letter's JSON answer in `language`: `{"errors": {...}}`,
/// and, when the supporter must choose their district, the districts to
/// choose among under the field that asks: `{"choices": {"district": [...]}}`.
pub fn refusal_json(
    errors: &FieldErrors,
    question: Option<&DistrictQuestion>,
    members: &Members,
    language: Language,
) -> serde_json::Value {
    let said: BTreeMap<&str, String> = errors
        .iter()
        .map(|(field, error)| (field.name(), error.in_language(language)))
        .collect();
    let mut refused = serde_json::json!({ "errors": said });
    if let Some(question) = question {
        let choices = options(question, members, language);
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
            Language::En,
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

    #[test]
    fn hints_speak_the_pages_language() {
        let hint = hint(
            &Targets::Senators,
            &Members::bundled().unwrap(),
            StateCode::parse("TX").unwrap(),
            Language::Es,
        );
        assert_eq!(
            hint,
            "Su carta irá a Senador(a) John Cornyn (republicano) y Senador(a) Ted Cruz (republicano)."
        );
    }
}
