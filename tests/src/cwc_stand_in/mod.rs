//! A stand-in for the chambers' Communicating with Congress services, for
//! tests and benchmarks: an HTTP server on a loopback port that checks each
//! message as the public record says the real services do (the key, the
//! content type, each chamber's schema in `schema.rs`, the office on the
//! active list, a `DeliveryId` seen before) and answers as they are known
//! to: the Senate 201, the House 200 with plain text, 400 with `<Error>`
//! elements, 401, 409, 415, and on demand a maintenance 503, a slow
//! answer or a redirect. Where the record is silent (the House's answer to a repeated
//! `DeliveryId`), the test chooses. Sources: docs/cwc-evidence.md §2f.

mod schema;
mod tree;

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
    /// 301 to the same endpoint with a final slash, the key carried along,
    /// nothing taken: what an endpoint set without the Senate's final slash
    /// may well get (cwc-evidence.md §3(l): an inference, not observed).
    Redirect,
}

/// What the House answers to a `DeliveryId` it took before. No public
/// source says (docs/cwc-evidence.md §3(h)): the Senate documents 409, the
/// House's standards only forbid sending duplicates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HouseDuplicate {
    /// 409, as the Senate answers: the default, an assumption.
    #[default]
    Conflict,
    /// 400 with an `<Error>` naming the id, nothing taken.
    Refused,
    /// 200 and taken again: the office reads the letter twice.
    TakenAgain,
}

/// How a stand-in behaves where the services differ by endpoint or the
/// record is silent; the default is the production endpoints, with the
/// House answering a repeat 409.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// As the Senate's test endpoint: every Senate office is taken, on the
    /// active list or not (MYD: the testing endpoint takes all 100).
    pub senate_test_mode: bool,
    pub house_duplicate: HouseDuplicate,
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
    options: Options,
    faults: VecDeque<Option<Fault>>,
    taken: Vec<Taken>,
    ids: HashSet<(Chamber, String)>,
    requests: usize,
    answers: HashMap<u16, usize>,
}

/// A running stand-in; it stops when dropped with the test's runtime.
#[derive(Clone)]
pub struct StandIn {
    pub address: String,
    ledger: Arc<Mutex<Ledger>>,
}

impl StandIn {
    /// Starts a stand-in whose active offices are `active`, with the
    /// default [`Options`].
    pub async fn start(active: &[&str]) -> Self {
        Self::start_with(active, Options::default()).await
    }

    /// Starts a stand-in whose active offices are `active`, behaving as
    /// `options` say.
    pub async fn start_with(active: &[&str], options: Options) -> Self {
        let ledger = Arc::new(Mutex::new(Ledger {
            active: active.iter().map(|office| (*office).to_owned()).collect(),
            options,
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
    let root = tree::parse(xml)?;
    let problems = schema::validate(&root, chamber, AGENT);
    if problems.is_empty() {
        Ok(root)
    } else {
        Err(problems)
    }
}

/// HSRV: a refusal lists its reasons as `<Errors><Error>…`, the shape EFF
/// and MYD read back.
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
    match fault {
        Some(Fault::Maintenance) => {
            return record(
                &ledger,
                errors(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &["The service is down for maintenance".into()],
                ),
            );
        }
        Some(Fault::Redirect) => {
            let key = query.get("apikey").map(String::as_str).unwrap_or_default();
            let location = format!("/{chamber}/message/?apikey={key}");
            let moved = (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            );
            return record(&ledger, moved.into_response());
        }
        Some(Fault::Slow(_)) | None => {}
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
    // EFF, CCM, ELEC, DOME, MYD: the key rides in `?apikey=`; ELEC reads
    // 401 as a wrong key.
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
    // MYD (SOAPBox's technical page): the Senate takes application/xml and
    // answers 415 to anything else; DOME sent text/xml to the House.
    let takes = match chamber {
        Chamber::Senate => media == "application/xml",
        Chamber::House => matches!(media, "application/xml" | "text/xml"),
    };
    if !takes {
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
    let office = root
        .text_at(&["Recipient", "MemberOffice"])
        .unwrap_or_default()
        .trim()
        .to_owned();
    let delivery_id = root
        .text_at(&["Delivery", "DeliveryId"])
        .unwrap_or_default()
        .trim()
        .to_owned();
    let mut ledger = ledger.lock().unwrap();
    // MYD: the Senate's test endpoint takes all 100 offices; production
    // refuses an office off its active list.
    let test_mode = chamber == Chamber::Senate && ledger.options.senate_test_mode;
    if !test_mode && !ledger.active.contains(&office) {
        return errors(
            StatusCode::BAD_REQUEST,
            &[format!("MemberOffice {office} is not an active office")],
        );
    }
    if !ledger.ids.insert((chamber, delivery_id.clone())) {
        let repeat = format!("DeliveryId {delivery_id} was received before");
        // MYD (SOAPBox's technical page): the Senate answers 409.
        match (chamber, ledger.options.house_duplicate) {
            (Chamber::Senate, _) | (Chamber::House, HouseDuplicate::Conflict) => {
                return errors(StatusCode::CONFLICT, &[repeat]);
            }
            (Chamber::House, HouseDuplicate::Refused) => {
                return errors(StatusCode::BAD_REQUEST, &[repeat]);
            }
            (Chamber::House, HouseDuplicate::TakenAgain) => {}
        }
    }
    ledger.taken.push(Taken {
        chamber,
        office,
        delivery_id: delivery_id.clone(),
        xml: xml.to_owned(),
    });
    match chamber {
        // MYD: the Senate answers 201 Created.
        Chamber::Senate => (
            StatusCode::CREATED,
            format!("Message {delivery_id} created"),
        )
            .into_response(),
        // HSRV: the House answers 200 with plain text; ELEC takes only 200.
        Chamber::House => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain")],
            "Message Accepted",
        )
            .into_response(),
    }
}
