//! The CWC 2.0 schema as the stand-in enforces it: every element in its
//! place and order, the required ones present, nothing unknown, and each
//! value held to its pattern, list or length. Written for the stand-in
//! from the format's description, independently of the application's own
//! writer and checks, so that it catches what they get wrong.

use super::Chamber;
use super::tree::Element;

/// How often an element may appear where a rule places it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Occurs {
    Once,
    Optional,
    OneOrMore,
    Any,
}

/// What an element holds.
enum Holds {
    /// Text, checked by the function (which says what is wrong).
    Text(fn(&str, &Context) -> Result<(), String>),
    /// Elements, by these rules, in this order.
    Elements(Vec<Rule>),
}

struct Rule {
    name: &'static str,
    occurs: Occurs,
    holds: Holds,
}

fn rule(
    name: &'static str,
    occurs: Occurs,
    check: fn(&str, &Context) -> Result<(), String>,
) -> Rule {
    Rule {
        name,
        occurs,
        holds: Holds::Text(check),
    }
}

fn group(name: &'static str, occurs: Occurs, rules: Vec<Rule>) -> Rule {
    Rule {
        name,
        occurs,
        holds: Holds::Elements(rules),
    }
}

/// What a value is held to beyond the grammar: the chamber and its variant.
pub struct Context {
    pub chamber: Chamber,
    pub bills_wrapped: bool,
    pub constituent_organization: &'static str,
    /// The name the API key was issued to.
    pub agent: String,
}

pub const SENATE_PREFIXES: [&str; 5] = ["Mr.", "Mrs.", "Miss", "Ms.", "Dr."];
pub const HOUSE_PREFIXES: [&str; 10] = [
    "Mr.", "Mrs.", "Miss", "Ms.", "Dr.", "Mx.", "Rev.", "Hon.", "Prof.", "Sr.",
];
const TOPICS: [&str; 32] = [
    "Agriculture and Food",
    "Animals",
    "Armed Forces and National Security",
    "Arts, Culture, Religion",
    "Civil Rights and Liberties, Minority Issues",
    "Commerce",
    "Congress",
    "Crime and Law Enforcement",
    "Economics and Public Finance",
    "Education",
    "Emergency Management",
    "Energy",
    "Environmental Protection",
    "Families",
    "Finance and Financial Sector",
    "Foreign Trade and International Finance",
    "Government Operations and Politics",
    "Health",
    "Housing and Community Development",
    "Immigration",
    "International Affairs",
    "Labor and Employment",
    "Law",
    "Native Americans",
    "Public Lands and Natural Resources",
    "Science, Technology, Communications",
    "Social Sciences and History",
    "Social Welfare",
    "Sports and Recreation",
    "Taxation",
    "Transportation and Public Works",
    "Water Resources Development",
];
const STATES: &str = "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP";
/// docs/cwc-evidence.md §3(e): the House in lower case (HSAMPLE, DOME,
/// MYD's probe); the Senate as its RNG spells them (MYD), `H.Con.Res`
/// without a final dot.
const HOUSE_BILL_TYPES: [&str; 8] = [
    "hr", "s", "hjres", "sjres", "hconres", "sconres", "hres", "sres",
];
const SENATE_BILL_TYPES: [&str; 8] = [
    "H.R.",
    "S.",
    "H.J.Res.",
    "S.J.Res.",
    "H.Con.Res",
    "S.Con.Res.",
    "H.Res.",
    "S.Res.",
];

fn shape(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("must be {what}"))
    }
}

fn chars(value: &str, min: usize, max: usize) -> Result<(), String> {
    let n = value.chars().count();
    shape(
        (min..=max).contains(&n),
        &format!("{min} to {max} characters long (it has {n})"),
    )
}

fn digits(value: &str, n: usize) -> bool {
    value.len() == n && value.bytes().all(|b| b.is_ascii_digit())
}

fn line(value: &str, _: &Context) -> Result<(), String> {
    chars(value, 1, 200)
}

fn version(value: &str, _: &Context) -> Result<(), String> {
    shape(value == "2.0", "2.0")
}

fn uid(value: &str, _: &Context) -> Result<(), String> {
    shape(
        value.len() == 32 && value.bytes().all(|b| b.is_ascii_alphanumeric()),
        "32 letters and digits",
    )
}

fn date(value: &str, _: &Context) -> Result<(), String> {
    let valid = digits(value, 8)
        && (1..=12).contains(&value[4..6].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&value[6..].parse::<u8>().unwrap_or(0));
    shape(valid, "a date as YYYYMMDD")
}

fn agent(value: &str, context: &Context) -> Result<(), String> {
    shape(value == context.agent, "the name the API key was issued to")
}

fn email(value: &str, _: &Context) -> Result<(), String> {
    let valid = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain
                .split_once('.')
                .is_some_and(|(host, rest)| !host.is_empty() && !rest.is_empty())
    });
    shape(valid, "an email address")
}

fn phone(value: &str, _: &Context) -> Result<(), String> {
    let b = value.as_bytes();
    let valid = b.len() == 12
        && b[3] == b'-'
        && b[7] == b'-'
        && digits(&value[..3], 3)
        && digits(&value[4..7], 3)
        && digits(&value[8..], 4);
    shape(valid, "a phone number as xxx-xxx-xxxx")
}

fn office(value: &str, context: &Context) -> Result<(), String> {
    let (letter, seat) = match context.chamber {
        Chamber::Senate => ('S', "01 to 03"),
        Chamber::House => ('H', "two digits"),
    };
    // The House writes American Samoa AQ and has no AS office (CCM-codes, MYD).
    let place = |state: &str| match context.chamber {
        Chamber::House => state == "AQ" || (state != "AS" && STATES.split(' ').any(|s| s == state)),
        Chamber::Senate => STATES.split(' ').any(|s| s == state),
    };
    let valid = value.len() == 5
        && value.is_ascii()
        && value.starts_with(letter)
        && place(&value[1..3])
        && digits(&value[3..], 2)
        && (context.chamber == Chamber::House || ["01", "02", "03"].contains(&&value[3..]));
    shape(valid, &format!("{letter}, a state and {seat}"))
}

fn yes_no(value: &str, _: &Context) -> Result<(), String> {
    shape(matches!(value, "Y" | "N" | "y" | "n"), "Y or N")
}

fn prefix(value: &str, context: &Context) -> Result<(), String> {
    let list: &[&str] = match context.chamber {
        Chamber::Senate => &SENATE_PREFIXES,
        Chamber::House => &HOUSE_PREFIXES,
    };
    shape(
        list.contains(&value),
        &format!("one of {}", list.join(", ")),
    )
}

fn state(value: &str, _: &Context) -> Result<(), String> {
    shape(
        STATES.split(' ').any(|state| state == value),
        "a USPS state code",
    )
}

fn zip(value: &str, _: &Context) -> Result<(), String> {
    let valid = digits(value, 5)
        || (value.len() == 10
            && digits(&value[..5], 5)
            && &value[5..6] == "-"
            && digits(&value[6..], 4));
    shape(valid, "12345 or 12345-6789")
}

fn subject(value: &str, _: &Context) -> Result<(), String> {
    chars(value, 6, 500)
}

fn long_text(value: &str, _: &Context) -> Result<(), String> {
    chars(value, 6, 10_000)
}

fn topic(value: &str, _: &Context) -> Result<(), String> {
    shape(
        TOPICS.contains(&value),
        "one of the Library of Congress's 32 policy areas",
    )
}

fn number(value: &str, _: &Context) -> Result<(), String> {
    shape(
        !value.is_empty()
            && value.len() <= 5
            && value.bytes().all(|b| b.is_ascii_digit())
            && !value.starts_with('0'),
        "a number",
    )
}

fn bill_type(value: &str, context: &Context) -> Result<(), String> {
    let list = match context.chamber {
        Chamber::House => HOUSE_BILL_TYPES,
        Chamber::Senate => SENATE_BILL_TYPES,
    };
    shape(
        list.contains(&value),
        &format!("one of {}", list.join(", ")),
    )
}

fn pro_or_con(value: &str, _: &Context) -> Result<(), String> {
    shape(
        value.eq_ignore_ascii_case("pro") || value.eq_ignore_ascii_case("con"),
        "Pro or Con",
    )
}

fn contact(prefix: &'static str, occurs: Occurs) -> Rule {
    let (name, email_, phone_) = match prefix {
        "DeliveryAgent" => (
            "DeliveryAgentContactName",
            "DeliveryAgentContactEmail",
            "DeliveryAgentContactPhone",
        ),
        _ => (
            "OrganizationContactName",
            "OrganizationContactEmail",
            "OrganizationContactPhone",
        ),
    };
    let element = if prefix == "DeliveryAgent" {
        "DeliveryAgentContact"
    } else {
        "OrganizationContact"
    };
    group(
        element,
        occurs,
        vec![
            rule(name, Occurs::Once, line),
            rule(email_, Occurs::Once, email),
            rule(phone_, Occurs::Once, phone),
        ],
    )
}

/// The whole message's rules, in the chamber's variant.
fn schema(context: &Context) -> Rule {
    use Occurs::*;
    let bill = group(
        "Bill",
        OneOrMore,
        vec![
            rule("BillCongress", Once, number),
            rule("BillTypeAbbreviation", Once, bill_type),
            rule("BillNumber", Once, number),
        ],
    );
    let bills = if context.bills_wrapped {
        group("Bills", Optional, vec![bill])
    } else {
        Rule {
            occurs: Any,
            ..bill
        }
    };
    group(
        "CWC",
        Once,
        vec![
            rule("CWCVersion", Once, version),
            group(
                "Delivery",
                Once,
                vec![
                    rule("DeliveryId", Once, uid),
                    rule("DeliveryDate", Once, date),
                    rule("DeliveryAgent", Once, agent),
                    rule("DeliveryAgentAckEmailAddress", Once, email),
                    contact("DeliveryAgent", Once),
                    rule("Organization", Optional, line),
                    contact("Organization", Optional),
                    rule("OrganizationAbout", Optional, long_text),
                    rule("CampaignId", Once, line),
                ],
            ),
            group(
                "Recipient",
                Once,
                vec![
                    rule("MemberOffice", Once, office),
                    rule("IsResponseRequested", Optional, yes_no),
                    rule("NewsletterOptIn", Optional, yes_no),
                ],
            ),
            group(
                "Constituent",
                Once,
                vec![
                    rule("Prefix", Once, prefix),
                    rule("FirstName", Once, line),
                    rule("MiddleName", Optional, line),
                    rule("LastName", Once, line),
                    rule("Suffix", Optional, line),
                    rule("Title", Optional, line),
                    rule(context.constituent_organization, Optional, line),
                    rule("Address1", Once, line),
                    rule("Address2", Optional, line),
                    rule("City", Once, line),
                    rule("StateAbbreviation", Once, state),
                    rule("Zip", Once, zip),
                    rule("Phone", Optional, phone),
                    rule("Email", Once, email),
                    rule("EmailValidation", Optional, yes_no),
                ],
            ),
            group(
                "Message",
                Once,
                vec![
                    rule("Subject", Once, subject),
                    group(
                        "LibraryOfCongressTopics",
                        Once,
                        vec![rule("LibraryOfCongressTopic", OneOrMore, topic)],
                    ),
                    bills,
                    rule("ProOrCon", Optional, pro_or_con),
                    rule("OrganizationStatement", Optional, long_text),
                    rule("ConstituentMessage", Optional, long_text),
                ],
            ),
        ],
    )
}

/// Checks `children` of `parent` against `rules` in order.
fn check_children(
    parent: &str,
    children: &[Element],
    rules: &[Rule],
    context: &Context,
    errors: &mut Vec<String>,
) {
    let mut at = 0;
    for rule in rules {
        let mut count = 0;
        while children
            .get(at)
            .is_some_and(|child| child.name == rule.name)
        {
            if count == 1 && matches!(rule.occurs, Occurs::Once | Occurs::Optional) {
                break;
            }
            check_element(&children[at], rule, context, errors);
            count += 1;
            at += 1;
        }
        if count == 0 && matches!(rule.occurs, Occurs::Once | Occurs::OneOrMore) {
            errors.push(format!(
                "{parent}: the required element {} is missing or out of order",
                rule.name
            ));
        }
    }
    if let Some(extra) = children.get(at) {
        errors.push(format!(
            "{parent}: the element {} is not allowed here (unknown, repeated or out of order)",
            extra.name
        ));
    }
}

fn check_element(element: &Element, rule: &Rule, context: &Context, errors: &mut Vec<String>) {
    match &rule.holds {
        Holds::Text(check) => {
            if !element.children.is_empty() {
                errors.push(format!("{} must hold text, not elements", rule.name));
            } else if let Err(must) = check(&element.text, context) {
                errors.push(format!("{} {must}", rule.name));
            }
        }
        Holds::Elements(rules) => {
            if !element.text.is_empty() {
                errors.push(format!("{} must hold elements, not text", rule.name));
            }
            check_children(rule.name, &element.children, rules, context, errors);
        }
    }
}

/// Every way `root` breaks the schema, in document order.
pub fn validate(root: &Element, context: &Context) -> Vec<String> {
    let mut errors = Vec::new();
    let schema = schema(context);
    if root.name != schema.name {
        return vec![format!("the root element must be CWC, not {}", root.name)];
    }
    check_element(root, &schema, context, &mut errors);
    let message = root.children.iter().find(|child| child.name == "Message");
    let has_text = message.is_some_and(|message| {
        message.children.iter().any(|child| {
            matches!(
                child.name.as_str(),
                "OrganizationStatement" | "ConstituentMessage"
            )
        })
    });
    if message.is_some() && !has_text {
        errors.push(
            "Message must hold an OrganizationStatement, a ConstituentMessage or both".into(),
        );
    }
    errors
}
