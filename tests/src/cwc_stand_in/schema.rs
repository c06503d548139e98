//! The CWC 2.0 message as each chamber's service is known to take it,
//! written from the public record in docs/cwc-evidence.md, not from our
//! builder (core/src/cwc): every element in its parent's order, how often
//! it may appear, and what its text must be. Each rule names its source by
//! the evidence's ids: HSAMPLE (the House's documentation sample), MYD (the
//! Senate's RelaxNG as My Democracy transcribed and tested it), RNG-frag (a
//! published opening of a CWC RelaxNG grammar), HSRV (a CWC server's
//! validator and tests), CCM and CCM-codes (Climate Changemakers, both
//! chambers in production), EFF-PR98, W3C and XSD (the XML and XML Schema
//! recommendations).

use super::Chamber;
use super::tree::Element;
use regex_lite::Regex;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// How often an element may stand in its place.
#[derive(Clone, Copy)]
enum Occurs {
    Once,
    Optional,
    OneOrMore,
}

/// What an element's text must be.
enum Value {
    /// Exactly this.
    Fixed(&'static str),
    /// The whole text matches this regular expression (as an RNG `pattern`).
    Pattern(&'static str),
    /// One of these.
    OneOf(&'static [&'static str]),
    /// At least and at most this many characters.
    Chars(usize, usize),
    /// The name the API key was issued to (EFF-PR98: the agent must be the
    /// key's owner; MYD: the House answered "DeliveryAgent Mismatch").
    KeyOwner,
}

/// What an element holds: text, or elements in this order.
enum Holds {
    Text(Value),
    Elements(&'static [Node]),
}

struct Node {
    name: &'static str,
    occurs: Occurs,
    holds: Holds,
}

const fn text(name: &'static str, occurs: Occurs, value: Value) -> Node {
    Node {
        name,
        occurs,
        holds: Holds::Text(value),
    }
}

const fn elements(name: &'static str, occurs: Occurs, children: &'static [Node]) -> Node {
    Node {
        name,
        occurs,
        holds: Holds::Elements(children),
    }
}

use Occurs::{Once, OneOrMore, Optional};
use Value::{Chars, Fixed, KeyOwner, OneOf, Pattern};

/// The 50 states, as USPS writes them: Senate seats exist only there.
macro_rules! fifty_states {
    () => {
        "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
    };
}

// RNG-frag: `email_type`, a token matching this pattern; HSRV's tests take
// `foo+x@example.com` and refuse `xxxx`, `@bar.com` and `abc@.bar.com`.
const EMAIL: Value = Pattern(r"[^@]+@[^.]+\..+");
// HSAMPLE and MYD: phones as ddd-ddd-dddd.
const PHONE: Value = Pattern(r"[0-9]{3}-[0-9]{3}-[0-9]{4}");
// RNG-frag: `y_or_n`, either case.
const YES_NO: Value = Pattern("[Yy]|[Nn]");
// MYD: the RNG caps every name and address line at 500 characters.
const LINE: Value = Chars(1, 500);
// MYD: the RNG's bounds on each of the two texts.
const LETTER: Value = Chars(6, 10_000);
// MYD: a positive integer; HSRV refuses a BillCongress of -543.
const COUNT: Value = Pattern("[1-9][0-9]*");

// EFF-gem topic_codes.rb, CCM Topic.kt and MYD constants.ts name the same
// 32 Library of Congress policy areas; HSRV refuses another.
const TOPICS: &[&str] = &[
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

// MYD: the RNG's StateAbbreviation enumeration, the states, DC and five
// territories (a constituent in American Samoa keeps AS).
const STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
];

const DELIVERY: Node = elements(
    "Delivery",
    Once,
    &[
        // RNG-frag `uid_type`: 32 letters or digits; HSRV takes a non-hex id
        // and refuses ids of 1 and 1,000 characters.
        text("DeliveryId", Once, Pattern("[a-zA-Z0-9]{32}")),
        // HSAMPLE 20121023; MYD: the RNG asks for eight digits, no more.
        text("DeliveryDate", Once, Pattern("[0-9]{8}")),
        text("DeliveryAgent", Once, KeyOwner),
        text("DeliveryAgentAckEmailAddress", Once, EMAIL),
        // HSAMPLE, EFF-gem, MYD: the agent's contact has all three children.
        elements(
            "DeliveryAgentContact",
            Once,
            &[
                // MYD: the RNG's minimum is 6 characters.
                text("DeliveryAgentContactName", Once, Chars(6, 500)),
                text("DeliveryAgentContactEmail", Once, EMAIL),
                text("DeliveryAgentContactPhone", Once, PHONE),
            ],
        ),
        // MYD: 3 characters at least.
        text("Organization", Optional, Chars(3, 500)),
        // HSAMPLE: the organisation's contact, shaped as the agent's.
        elements(
            "OrganizationContact",
            Optional,
            &[
                // MYD: 2 characters at least.
                text("OrganizationContactName", Once, Chars(2, 500)),
                text("OrganizationContactEmail", Once, EMAIL),
                text("OrganizationContactPhone", Once, PHONE),
            ],
        ),
        // MYD: the RNG takes 6 to 500 characters.
        text("OrganizationAbout", Optional, Chars(6, 500)),
        // MYD: the RNG takes 2 to 500 characters (HSAMPLE's is 64).
        text("CampaignId", Once, Chars(2, 500)),
    ],
);

/// The constituent, whose `Prefix` each chamber checks its own way.
macro_rules! constituent {
    ($prefix:expr) => {
        elements(
            "Constituent",
            Once,
            &[
                text("Prefix", Once, $prefix),
                // HSAMPLE, EFF-gem, CCM, MYD: this order; MYD: at most 500.
                text("FirstName", Once, LINE),
                text("MiddleName", Optional, LINE),
                text("LastName", Once, LINE),
                text("Suffix", Optional, LINE),
                text("Title", Optional, LINE),
                // HSAMPLE (House) and MYD (Senate RNG) name it so; MYD: at
                // least 2 characters.
                text("ConstituentOrganization", Optional, Chars(2, 500)),
                text("Address1", Once, LINE),
                // MYD: at least 2 characters.
                text("Address2", Optional, Chars(2, 500)),
                text("City", Once, LINE),
                text("StateAbbreviation", Once, OneOf(STATES)),
                // HSRV takes 12345 and 12345-1234, refuses 1234 and
                // 12345X1234; MYD the same pattern.
                text("Zip", Once, Pattern("[0-9]{5}(-[0-9]{4})?")),
                text("Phone", Optional, PHONE),
                // HSAMPLE, EFF-gem, MYD: between Phone and Email.
                text("AddressValidation", Optional, YES_NO),
                text("Email", Once, EMAIL),
                text("EmailValidation", Optional, YES_NO),
            ],
        )
    };
}

/// The message, whose bill types and `MoreInfo` place are the chamber's.
macro_rules! message {
    (bill_types: $bill_types:expr, more_info_after_stance: [$($senate:expr)?], more_info_last: [$($house:expr)?]) => {
        elements(
            "Message",
            Once,
            &[
                // MYD: the RNG takes 6 to 500 characters.
                text("Subject", Once, Chars(6, 500)),
                elements(
                    "LibraryOfCongressTopics",
                    Once,
                    &[text("LibraryOfCongressTopic", OneOrMore, OneOf(TOPICS))],
                ),
                // HSAMPLE, CCM, MYD: bills wrapped in <Bills>, both chambers.
                elements(
                    "Bills",
                    Optional,
                    &[elements(
                        "Bill",
                        OneOrMore,
                        &[
                            text("BillCongress", Once, COUNT),
                            // HSRV refuses an unknown bill type.
                            text("BillTypeAbbreviation", Once, OneOf($bill_types)),
                            text("BillNumber", Once, COUNT),
                        ],
                    )],
                ),
                // RNG-frag `pro_or_con`: either word, any case (HSRV: `pRo`).
                text("ProOrCon", Optional, Pattern("[Pp][Rr][Oo]|[Cc][Oo][Nn]")),
                $($senate,)?
                // MYD: the RNG wants OrganizationStatement first when both
                // texts are present; HSAMPLE the same.
                text("OrganizationStatement", Optional, LETTER),
                text("ConstituentMessage", Optional, LETTER),
                $($house,)?
            ],
        )
    };
}

// HSAMPLE: a link for more; MYD: an http(s) URL.
const MORE_INFO: Node = text("MoreInfo", Optional, Pattern(r"https?://\S+"));

/// Each chamber's whole message: the same tree but where noted.
fn schema(chamber: Chamber) -> &'static Node {
    match chamber {
        Chamber::House => &HOUSE,
        Chamber::Senate => &SENATE,
    }
}

static HOUSE: Node = elements(
    "CWC",
    Once,
    &[
        // Every source: 2.0.
        text("CWCVersion", Once, Fixed("2.0")),
        DELIVERY,
        elements(
            "Recipient",
            Once,
            &[
                // CCM-codes and MYD offices.ts: H, the state, two digits (00
                // at large and for delegates), with AQ for American Samoa,
                // which never appears as AS.
                text(
                    "MemberOffice",
                    Once,
                    Pattern(concat!(
                        "H(",
                        fifty_states!(),
                        "|DC|PR|GU|VI|MP|AQ)[0-9]{2}"
                    )),
                ),
                text("IsResponseRequested", Optional, YES_NO),
                text("NewsletterOptIn", Optional, YES_NO),
            ],
        ),
        // MYD: the House is not known to check prefixes (EFF offers 24).
        constituent!(LINE),
        message!(
            // HSAMPLE `hr` and `s`, DOME `hr`, MYD's 2026 probe: lower case.
            bill_types: &["hr", "s", "hjres", "sjres", "hconres", "sconres", "hres", "sres"],
            more_info_after_stance: [],
            // HSAMPLE: MoreInfo closes the message.
            more_info_last: [MORE_INFO]
        ),
    ],
);

static SENATE: Node = elements(
    "CWC",
    Once,
    &[
        text("CWCVersion", Once, Fixed("2.0")),
        DELIVERY,
        elements(
            "Recipient",
            Once,
            &[
                // CCM's SOAPBox active list and MYD: S, a state, the seat's
                // class 01 to 03.
                text(
                    "MemberOffice",
                    Once,
                    Pattern(concat!("S(", fifty_states!(), ")0[1-3]")),
                ),
                text("IsResponseRequested", Optional, YES_NO),
                text("NewsletterOptIn", Optional, YES_NO),
            ],
        ),
        // MYD: the Senate takes exactly these five.
        constituent!(OneOf(&["Mr.", "Mrs.", "Miss", "Ms.", "Dr."])),
        message!(
            // MYD: the RNG's literals, xmllint-tested; H.Con.Res has no
            // final dot.
            bill_types: &[
                "H.R.", "S.", "H.J.Res.", "S.J.Res.", "H.Con.Res", "S.Con.Res.", "H.Res.",
                "S.Res.", "H.Amdt.", "S.Amdt.",
            ],
            // MYD: MoreInfo after ProOrCon, before the texts.
            more_info_after_stance: [MORE_INFO],
            more_info_last: []
        ),
    ],
);

/// Elements of which a message needs at least one (HSRV: both missing is
/// refused; MYD the same).
const ONE_TEXT_AT_LEAST: [&str; 2] = ["OrganizationStatement", "ConstituentMessage"];

/// Every way `root` breaks `chamber`'s schema, in document order; `agent`
/// is the name the API key was issued to.
pub fn validate(root: &Element, chamber: Chamber, agent: &str) -> Vec<String> {
    let schema = schema(chamber);
    if root.name != schema.name {
        return vec![format!("the root element must be CWC, not {}", root.name)];
    }
    let mut problems = Vec::new();
    check(root, schema, agent, &mut problems);
    if let Some(message) = root.child("Message")
        && !ONE_TEXT_AT_LEAST
            .iter()
            .any(|name| message.child(name).is_some())
    {
        problems.push(
            "Message must hold an OrganizationStatement, a ConstituentMessage or both".into(),
        );
    }
    problems
}

fn check(element: &Element, node: &Node, agent: &str, problems: &mut Vec<String>) {
    match &node.holds {
        Holds::Text(value) => {
            if !element.children.is_empty() {
                problems.push(format!("{} must hold text, not elements", node.name));
            } else if let Err(must) = value.check(&element.text, agent) {
                problems.push(format!("{} {must}", node.name));
            }
        }
        Holds::Elements(children) => {
            // W3C §2.10: white space between elements is layout.
            if !element
                .text
                .chars()
                .all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
            {
                problems.push(format!("{} must hold elements, not text", node.name));
            }
            check_children(node.name, &element.children, children, agent, problems);
        }
    }
}

/// Walks `children` along `nodes` in order, as a RelaxNG `group` does.
fn check_children(
    parent: &str,
    children: &[Element],
    nodes: &[Node],
    agent: &str,
    problems: &mut Vec<String>,
) {
    let mut at = 0;
    for node in nodes {
        let most = match node.occurs {
            Once | Optional => 1,
            OneOrMore => usize::MAX,
        };
        let mut count = 0;
        while count < most
            && children
                .get(at)
                .is_some_and(|child| child.name == node.name)
        {
            check(&children[at], node, agent, problems);
            count += 1;
            at += 1;
        }
        if count == 0 && matches!(node.occurs, Once | OneOrMore) {
            problems.push(format!(
                "{parent}: the required element {} is missing or out of order",
                node.name
            ));
        }
    }
    if let Some(extra) = children.get(at) {
        problems.push(format!(
            "{parent}: the element {} is not allowed here (unknown, repeated or out of order)",
            extra.name
        ));
    }
}

impl Value {
    fn check(&self, text: &str, agent: &str) -> Result<(), String> {
        // XSD §4.3.6: the RNG's `token` values (RNG-frag declares its types
        // so, and a RelaxNG `value` is a token) are compared with their
        // white space collapsed.
        let token = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        match *self {
            Fixed(fixed) => must(token == fixed, || fixed.to_owned()),
            Pattern(pattern) => must(matches(pattern, &token), || {
                format!("the pattern {pattern}")
            }),
            OneOf(list) => must(list.contains(&token.as_str()), || {
                format!("one of {}", list.join(", "))
            }),
            // XSD §4.3.1: a string's length counts characters.
            Chars(least, most) => {
                let n = text.chars().count();
                must((least..=most).contains(&n), || {
                    format!("{least} to {most} characters long (it has {n})")
                })
            }
            KeyOwner => must(token == agent, || {
                "the name the API key was issued to".to_owned()
            }),
        }
    }
}

fn must(holds: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if holds {
        Ok(())
    } else {
        Err(format!("must be {}", what()))
    }
}

/// Whether the whole of `text` matches `pattern` (XSD's patterns are
/// anchored at both ends); each pattern compiled once.
fn matches(pattern: &'static str, text: &str) -> bool {
    static COMPILED: LazyLock<Mutex<HashMap<&'static str, Regex>>> = LazyLock::new(Mutex::default);
    let mut compiled = COMPILED.lock().unwrap();
    compiled
        .entry(pattern)
        .or_insert_with(|| Regex::new(&format!("^(?:{pattern})$")).unwrap())
        .is_match(text)
}
