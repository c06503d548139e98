//! A fault-injecting proxy on loopback, between the code and the moto
//! server, pointed at like any AWS endpoint. For each request it finds the
//! operation (DynamoDB's `X-Amz-Target`, SES's `Action`), and on a chosen
//! share of each operation's requests, picked by a seeded generator so a run
//! can be repeated, it answers as the service does when it misbehaves:
//! throttling, transaction conflicts, 500 and 503, a delay past the
//! caller's timeouts, a connection closed before the request reached the
//! service or after it did (the write happened, the answer was lost), and
//! for SES `Throttling` and `MessageRejected`.
//!
//! It also passes DynamoDB calls to moto one at a time: moto is not a
//! database under concurrency (a cancelled transaction puts back what it
//! copied over whatever another request wrote meanwhile, and its
//! conditional writes race), so serialising them
//! measures our code, not moto's (`../shared/local-aws.md`).

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, Response, StatusCode};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// A way a service misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// `ProvisionedThroughputExceededException`.
    ThroughputExceeded,
    /// `ThrottlingException`.
    Throttling,
    /// A `TransactWriteItems` cancelled for a `TransactionConflict`.
    TransactionConflict,
    InternalError,
    Unavailable,
    /// Held this long before being passed on: past the caller's timeout.
    Delay(Duration),
    /// The connection closed before the request reached the service.
    DropBefore,
    /// The request reached the service, whose answer was lost.
    DropAfter,
    /// SES over its sending rate.
    SesThrottling,
    /// SES refusing the message for good.
    SesRejected,
}

/// Faults for one operation (`PutItem`, `TransactWriteItems`, `SendEmail`;
/// `*` for any): each request draws one of `faults` with chance `share`.
#[derive(Debug, Clone)]
pub struct Rule {
    pub operation: &'static str,
    pub share: f64,
    pub faults: Vec<Fault>,
}

/// How often each operation was asked for and each fault injected.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub requests: BTreeMap<String, u64>,
    pub injected: BTreeMap<String, u64>,
}

struct State {
    rules: Vec<Rule>,
    random: SplitMix64,
    tally: Tally,
}

/// SplitMix64: a small generator, here for its fixed seed, not its quality.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A running proxy.
#[derive(Clone)]
pub struct FaultProxy {
    pub endpoint: String,
    state: Arc<Mutex<State>>,
}

struct Shared {
    upstream: String,
    http: reqwest::Client,
    state: Arc<Mutex<State>>,
    /// Held while a DynamoDB call is with moto, which runs requests on
    /// threads and whose transactions are not atomic among themselves.
    dynamodb: tokio::sync::Mutex<()>,
}

impl FaultProxy {
    /// A proxy to `upstream` (moto's address), injecting by `rules` with
    /// the generator seeded by `seed`.
    pub async fn start(upstream: &str, seed: u64, rules: Vec<Rule>) -> Self {
        let state = Arc::new(Mutex::new(State {
            rules,
            random: SplitMix64(seed),
            tally: Tally::default(),
        }));
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
            state: state.clone(),
            dynamodb: tokio::sync::Mutex::new(()),
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let shared = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let shared = shared.clone();
                        // A task of its own: a client that gives up (an SDK
                        // attempt timing out) must not end the call to moto
                        // early and free the DynamoDB turn while moto still
                        // works on it, as a real service would go on too.
                        async move {
                            tokio::spawn(async move { shared.handle(request).await })
                                .await
                                .unwrap_or(Err(Dropped))
                        }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { endpoint, state }
    }

    /// A proxy that injects nothing and only serialises DynamoDB calls.
    pub async fn serialising(upstream: &str) -> Self {
        Self::start(upstream, 0, Vec::new()).await
    }

    /// Replaces the rules, from the next request on.
    pub fn set_rules(&self, rules: Vec<Rule>) {
        self.state.lock().unwrap().rules = rules;
    }

    pub fn tally(&self) -> Tally {
        self.state.lock().unwrap().tally.clone()
    }
}

/// Why the proxy closed a connection without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the fault proxy")
    }
}

impl std::error::Error for Dropped {}

/// The operation a request asks for: DynamoDB's target, SES's action.
fn operation(headers: &HeaderMap, body: &[u8]) -> Option<(Service, String)> {
    if let Some(target) = headers.get("x-amz-target").and_then(|t| t.to_str().ok()) {
        let name = target.rsplit('.').next()?.to_owned();
        return Some((Service::DynamoDb, name));
    }
    let action = form_urlencoded::parse(body)
        .find(|(name, _)| name == "Action")?
        .1;
    Some((Service::Ses, action.into_owned()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    DynamoDb,
    Ses,
}

impl Shared {
    /// The fault to inject on this request, if any.
    fn draw(&self, operation: &str) -> Option<Fault> {
        let mut state = self.state.lock().unwrap();
        *state
            .tally
            .requests
            .entry(operation.to_owned())
            .or_default() += 1;
        let rule = state
            .rules
            .iter()
            .find(|rule| rule.operation == operation || rule.operation == "*")
            .cloned()?;
        if rule.faults.is_empty() || state.random.unit() >= rule.share {
            return None;
        }
        let fault = rule.faults[(state.random.next() % rule.faults.len() as u64) as usize];
        *state
            .tally
            .injected
            .entry(format!("{operation} {fault:?}"))
            .or_default() += 1;
        Some(fault)
    }

    async fn handle(
        &self,
        request: Request<hyper::body::Incoming>,
    ) -> Result<Response<Body>, Dropped> {
        let (parts, body) = request.into_parts();
        let body = http_body_util::BodyExt::collect(body)
            .await
            .map_err(|_| Dropped)?
            .to_bytes();
        let Some((service, operation)) = operation(&parts.headers, &body) else {
            return self.forward(&parts, body).await;
        };
        let fault = self.draw(&operation);
        // A slow network holds up only its own request.
        if let Some(Fault::Delay(delay)) = fault {
            tokio::time::sleep(delay).await;
        }
        let _serialised = match service {
            Service::DynamoDb => Some(self.dynamodb.lock().await),
            Service::Ses => None,
        };
        match fault {
            None | Some(Fault::Delay(_)) => self.forward(&parts, body).await,
            Some(Fault::DropBefore) => Err(Dropped),
            Some(Fault::DropAfter) => {
                self.forward(&parts, body).await?;
                Err(Dropped)
            }
            Some(fault) => Ok(answer_as_failing(fault, &body)),
        }
    }

    async fn forward(
        &self,
        parts: &axum::http::request::Parts,
        body: Bytes,
    ) -> Result<Response<Body>, Dropped> {
        let url = format!(
            "{}{}",
            self.upstream,
            parts.uri.path_and_query().map_or("/", |p| p.as_str())
        );
        let mut request = self.http.request(parts.method.clone(), url).body(body);
        for (name, value) in &parts.headers {
            if name != "host" {
                request = request.header(name, value);
            }
        }
        let response = request.send().await.map_err(|_| Dropped)?;
        let mut answer = Response::builder().status(response.status());
        for (name, value) in response.headers() {
            answer = answer.header(name, value);
        }
        let bytes = response.bytes().await.map_err(|_| Dropped)?;
        answer.body(Body::from(bytes)).map_err(|_| Dropped)
    }
}

/// The answer a misbehaving service gives.
fn answer_as_failing(fault: Fault, body: &[u8]) -> Response<Body> {
    let dynamodb = |status: StatusCode, kind: &str, extra: serde_json::Value| {
        let mut error =
            serde_json::json!({ "__type": kind, "message": format!("{fault:?} (injected)") });
        if let (Some(error), Some(extra)) = (error.as_object_mut(), extra.as_object()) {
            error.extend(extra.clone());
        }
        Response::builder()
            .status(status)
            .header("content-type", "application/x-amz-json-1.0")
            .body(Body::from(error.to_string()))
            .unwrap()
    };
    let ses = |code: &str, message: &str| {
        let xml = format!(
            "<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>Sender</Type>\
             <Code>{code}</Code><Message>{message}</Message></Error><RequestId>injected</RequestId></ErrorResponse>"
        );
        Response::builder()
            .status(StatusCode::BAD_REQUEST)
            .header("content-type", "text/xml")
            .body(Body::from(xml))
            .unwrap()
    };
    let none = serde_json::Value::Null;
    match fault {
        Fault::ThroughputExceeded => dynamodb(
            StatusCode::BAD_REQUEST,
            "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            none,
        ),
        Fault::Throttling => dynamodb(
            StatusCode::BAD_REQUEST,
            "com.amazon.coral.availability#ThrottlingException",
            none,
        ),
        Fault::TransactionConflict => {
            let items = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|request| request["TransactItems"].as_array().map(Vec::len))
                .unwrap_or(1);
            let mut reasons = vec![serde_json::json!({ "Code": "None" }); items];
            reasons[0] = serde_json::json!({ "Code": "TransactionConflict", "Message": "Transaction is ongoing for the item" });
            dynamodb(
                StatusCode::BAD_REQUEST,
                "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                serde_json::json!({ "CancellationReasons": reasons }),
            )
        }
        Fault::InternalError => dynamodb(
            StatusCode::INTERNAL_SERVER_ERROR,
            "com.amazonaws.dynamodb.v20120810#InternalServerError",
            none,
        ),
        Fault::Unavailable => dynamodb(
            StatusCode::SERVICE_UNAVAILABLE,
            "com.amazonaws.dynamodb.v20120810#ServiceUnavailable",
            none,
        ),
        Fault::SesThrottling => ses("Throttling", "Maximum sending rate exceeded."),
        Fault::SesRejected => ses(
            "MessageRejected",
            "Email address is not verified (injected).",
        ),
        Fault::Delay(_) | Fault::DropBefore | Fault::DropAfter => {
            unreachable!("handled before an answer is made")
        }
    }
}
