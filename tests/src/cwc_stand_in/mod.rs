//! A stand-in for the chambers' Communicating with Congress services, for
//! tests and benchmarks: an HTTP server on a loopback port that checks each
//! message as strictly as the real services (the key, the content type,
//! the schema in the chamber's variant, the office on the active list, a
//! `DeliveryId` seen before) and answers as they do: 201 from the Senate
//! and 200 from the House for a message taken, 400 with `<Error>` elements,
//! 401, 409, 415, and on demand a maintenance 503 or a slow answer.

mod schema;
mod tree;

pub use schema::{HOUSE_PREFIXES, SENATE_PREFIXES};
pub use tree::Element;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The key every request must carry, and the agent it was issued to.
pub const API_KEY: &str = "stand-in-key";
pub const AGENT: &str = "Example Advocacy Coalition";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chamber {
    Senate,
    House,
}

/// A failure to inject into the next request.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// A maintenance window: 503, nothing taken.
    Maintenance,
    /// The answer comes this late; the message is taken all the same.
    Slow(Duration),
}

/// A message the stand-in took.
#[derive(Debug, Clone)]
pub struct Taken {
    pub chamber: Chamber,
    pub office: String,
    pub delivery_id: String,
    pub xml: String,
}

#[derive(Default)]
struct Ledger {
    active: BTreeSet<String>,
    faults: VecDeque<Option<Fault>>,
    taken: Vec<Taken>,
    ids: HashSet<String>,
    requests: usize,
    answers: HashMap<u16, usize>,
}

/// Each chamber's variant, as the real services are believed to take it.
struct Variant {
    bills_wrapped: bool,
    constituent_organization: &'static str,
}

fn variant(chamber: Chamber) -> Variant {
    match chamber {
        Chamber::Senate => Variant {
            bills_wrapped: true,
            constituent_organization: "ConstituentOrganization",
        },
        // The House's own sample (docs/cwc-evidence.md, HSAMPLE) wraps bills
        // and names the element ConstituentOrganization.
        Chamber::House => Variant {
            bills_wrapped: true,
            constituent_organization: "ConstituentOrganization",
        },
    }
}

/// A running stand-in; it stops when dropped with the test's runtime.
#[derive(Clone)]
pub struct StandIn {
    pub address: String,
    ledger: Arc<Mutex<Ledger>>,
}

impl StandIn {
    /// Starts a stand-in whose active offices are `active`.
    pub async fn start(active: &[&str]) -> Self {
        let ledger = Arc::new(Mutex::new(Ledger {
            active: active.iter().map(|office| (*office).to_owned()).collect(),
            ..Ledger::default()
        }));
        let router = Router::new()
            .route("/{chamber}/message", post(receive))
            .with_state(ledger.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { address, ledger }
    }

    /// The message endpoint of `chamber`.
    pub fn url(&self, chamber: Chamber) -> String {
        let path = match chamber {
            Chamber::Senate => "senate",
            Chamber::House => "house",
        };
        format!("{}/{path}/message", self.address)
    }

    /// Makes the next requests fail as `faults` say, in turn.
    pub fn inject(&self, faults: &[Fault]) {
        self.ledger
            .lock()
            .unwrap()
            .faults
            .extend(faults.iter().copied().map(Some));
    }

    /// The next requests, in turn, fail as their entry says or (`None`)
    /// are answered as usual.
    pub fn inject_each(&self, faults: &[Option<Fault>]) {
        self.ledger.lock().unwrap().faults.extend(faults);
    }

    /// The messages taken so far.
    pub fn taken(&self) -> Vec<Taken> {
        self.ledger.lock().unwrap().taken.clone()
    }

    /// How many requests came, in all.
    pub fn requests(&self) -> usize {
        self.ledger.lock().unwrap().requests
    }

    /// How many answers had `status`.
    pub fn answered(&self, status: u16) -> usize {
        self.ledger
            .lock()
            .unwrap()
            .answers
            .get(&status)
            .copied()
            .unwrap_or(0)
    }
}

/// The stand-in's verdict on one message body for `chamber`, as its HTTP
/// endpoint gives it but without the key, the active list or the ledger of
/// ids seen: the parsed message, or every problem found.
pub fn check(chamber: Chamber, xml: &str) -> Result<Element, Vec<String>> {
    let root = tree::parse(xml).map_err(|error| vec![error])?;
    let Variant {
        bills_wrapped,
        constituent_organization,
    } = variant(chamber);
    let context = schema::Context {
        chamber,
        bills_wrapped,
        constituent_organization,
        agent: AGENT.into(),
    };
    let problems = schema::validate(&root, &context);
    if problems.is_empty() {
        Ok(root)
    } else {
        Err(problems)
    }
}

fn errors(status: StatusCode, errors: &[String]) -> Response {
    let mut body = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Errors>");
    for error in errors {
        body.push_str("<Error>");
        body.push_str(&quick_xml::escape::escape(error.as_str()));
        body.push_str("</Error>");
    }
    body.push_str("</Errors>");
    (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

async fn receive(
    State(ledger): State<Arc<Mutex<Ledger>>>,
    Path(chamber): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fault = {
        let mut ledger = ledger.lock().unwrap();
        ledger.requests += 1;
        ledger.faults.pop_front().flatten()
    };
    if let Some(Fault::Maintenance) = fault {
        return record(
            &ledger,
            errors(
                StatusCode::SERVICE_UNAVAILABLE,
                &["The service is down for maintenance".into()],
            ),
        );
    }
    // Taken first, then answered late: a sender that stops waiting never
    // learns that the message arrived.
    let answer = answer(&ledger, &chamber, &query, &headers, &body);
    if let Some(Fault::Slow(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    record(&ledger, answer)
}

fn record(ledger: &Mutex<Ledger>, response: Response) -> Response {
    *ledger
        .lock()
        .unwrap()
        .answers
        .entry(response.status().as_u16())
        .or_default() += 1;
    response
}

fn answer(
    ledger: &Mutex<Ledger>,
    chamber: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let chamber = match chamber {
        "senate" => Chamber::Senate,
        "house" => Chamber::House,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    if query.get("apikey").map(String::as_str) != Some(API_KEY) {
        return errors(
            StatusCode::UNAUTHORIZED,
            &["The API key is missing or not valid".into()],
        );
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !matches!(media, "application/xml" | "text/xml") {
        return errors(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &["Send the message as application/xml".into()],
        );
    }
    let Ok(xml) = std::str::from_utf8(body) else {
        return errors(
            StatusCode::BAD_REQUEST,
            &["The message is not UTF-8".into()],
        );
    };
    let root = match check(chamber, xml) {
        Ok(root) => root,
        Err(problems) => return errors(StatusCode::BAD_REQUEST, &problems),
    };
    let text_of = |parent: &str, name: &str| {
        root.children
            .iter()
            .find(|child| child.name == parent)
            .and_then(|parent| parent.children.iter().find(|child| child.name == name))
            .map(|child| child.text.clone())
            .unwrap_or_default()
    };
    let (office, delivery_id) = (
        text_of("Recipient", "MemberOffice"),
        text_of("Delivery", "DeliveryId"),
    );
    let mut ledger = ledger.lock().unwrap();
    if !ledger.active.contains(&office) {
        return errors(
            StatusCode::BAD_REQUEST,
            &[format!("MemberOffice {office} is not an active office")],
        );
    }
    if !ledger.ids.insert(delivery_id.clone()) {
        return errors(
            StatusCode::CONFLICT,
            &[format!("DeliveryId {delivery_id} was received before")],
        );
    }
    ledger.taken.push(Taken {
        chamber,
        office,
        delivery_id: delivery_id.clone(),
        xml: xml.to_owned(),
    });
    let status = match chamber {
        Chamber::Senate => StatusCode::CREATED,
        Chamber::House => StatusCode::OK,
    };
    (status, format!("Message {delivery_id} received")).into_response()
}
