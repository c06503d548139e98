//! A counting proxy on loopback between the code and the moto server,
//! pointed at like any AWS endpoint. It names each request's service and
//! operation as `tests/src/faults.rs` does (the `X-Amz-Target` header, or
//! the query protocol's `Action`), and for DynamoDB reads each item a write
//! touches before and after it, straight from moto, to reckon the units
//! AWS would bill (`units.rs`). DynamoDB calls pass one at a time, so the
//! item read before and after is the one the call changed.

use super::units::{self, Mode};
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, Response};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

/// What one service's operation cost in one phase of a letter's life.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Calls {
    pub calls: u64,
    /// Calls the service refused (a failed condition, say): billed still.
    pub refused: u64,
    pub write_units: f64,
    pub index_write_units: f64,
    pub read_units: f64,
    /// Write units by the kind of item written (its key's first part).
    pub write_units_by_item: BTreeMap<String, f64>,
}

/// Calls by phase, then by `service operation`.
pub type Counted = BTreeMap<String, BTreeMap<String, Calls>>;

struct State {
    phase: String,
    counted: Counted,
}

#[derive(Clone)]
pub struct CountingProxy {
    pub endpoint: String,
    state: Arc<Mutex<State>>,
}

struct Shared {
    upstream: String,
    http: reqwest::Client,
    state: Arc<Mutex<State>>,
    dynamodb: tokio::sync::Mutex<()>,
}

impl CountingProxy {
    pub async fn start(upstream: &str) -> anyhow::Result<Self> {
        let state = Arc::new(Mutex::new(State {
            phase: "setup".to_owned(),
            counted: Counted::new(),
        }));
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
            state: state.clone(),
            dynamodb: tokio::sync::Mutex::new(()),
        });
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let shared = shared.clone();
                        async move { shared.handle(request).await }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { endpoint, state })
    }

    /// Counts what follows under `phase`.
    pub fn phase(&self, phase: &str) {
        phase.clone_into(&mut self.state.lock().expect("not poisoned").phase);
    }

    pub fn counted(&self) -> Counted {
        self.state.lock().expect("not poisoned").counted.clone()
    }
}

/// The service and operation a request asks for.
fn operation(headers: &HeaderMap, body: &[u8]) -> (String, String) {
    if let Some(target) = headers.get("x-amz-target").and_then(|t| t.to_str().ok()) {
        let (prefix, name) = target.rsplit_once('.').unwrap_or(("", target));
        let service = match prefix {
            p if p.starts_with("DynamoDBStreams") => "dynamodbstreams",
            p if p.starts_with("DynamoDB") => "dynamodb",
            p if p.starts_with("secretsmanager") => "secretsmanager",
            p if p.starts_with("AmazonSQS") => "sqs",
            other => other,
        };
        return (service.to_owned(), name.to_owned());
    }
    let action = form_urlencoded::parse(body)
        .find(|(name, _)| name == "Action")
        .map_or_else(|| "unknown".to_owned(), |(_, a)| a.into_owned());
    let service = headers
        .get("authorization")
        .and_then(|a| a.to_str().ok())
        .and_then(|a| a.split('/').nth(3))
        .unwrap_or("unknown");
    (service.to_owned(), action)
}

/// One item a write names: its table and key, and how it is written.
struct Touched {
    table: String,
    key: Value,
    mode: Mode,
}

/// The items a write request names.
fn touched(operation: &str, request: &Value) -> Vec<Touched> {
    let key_of = |item: &Value| json!({ "pk": item["pk"] });
    let one = |table: &Value, key: Value, mode| Touched {
        table: table.as_str().unwrap_or_default().to_owned(),
        key,
        mode,
    };
    match operation {
        "PutItem" => vec![one(
            &request["TableName"],
            key_of(&request["Item"]),
            Mode::Standard,
        )],
        "UpdateItem" | "DeleteItem" => vec![one(
            &request["TableName"],
            request["Key"].clone(),
            Mode::Standard,
        )],
        "TransactWriteItems" => request["TransactItems"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let (kind, action) = entry.as_object()?.iter().next()?;
                let key = if kind == "Put" {
                    key_of(&action["Item"])
                } else {
                    action["Key"].clone()
                };
                Some(one(&action["TableName"], key, Mode::Transactional))
            })
            .collect(),
        "BatchWriteItem" => request["RequestItems"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(table, writes)| {
                writes.as_array().into_iter().flatten().map(move |write| {
                    let key = if let Some(put) = write.get("PutRequest") {
                        key_of(&put["Item"])
                    } else {
                        write["DeleteRequest"]["Key"].clone()
                    };
                    one(&json!(table), key, Mode::Standard)
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The kind of an item: its key's first part (`LETTER`, `COUNT`, ...).
fn kind(key: &Value) -> String {
    let pk = key["pk"]["S"].as_str().unwrap_or("?");
    pk.split('#').next().unwrap_or(pk).to_owned()
}

/// The export index's entry of `item`, if it has one.
fn index_entry(item: Option<&Value>) -> Option<String> {
    let item = item?;
    let (pk, sk) = (item.get("export_pk")?, item.get("export_sk")?);
    Some(format!("{pk}{sk}"))
}

/// Read units of what a read call returned.
fn read_units(operation: &str, request: &Value, answer: &Value) -> f64 {
    let consistent = |v: &Value| v["ConsistentRead"].as_bool().unwrap_or(false);
    match operation {
        "GetItem" => units::read_units(
            units::item_bytes(&answer["Item"]),
            consistent(request),
            Mode::Standard,
        ),
        "Query" | "Scan" => {
            let bytes = answer["Items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(units::item_bytes)
                .sum();
            units::read_units(bytes, consistent(request), Mode::Standard)
        }
        "BatchGetItem" => request["RequestItems"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(table, asked)| {
                let found = answer["Responses"][table].as_array().cloned();
                let consistent = consistent(asked);
                asked["Keys"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |key| {
                        let item = found.iter().flatten().find(|item| item["pk"] == key["pk"]);
                        let bytes = item.map_or(0, units::item_bytes);
                        units::read_units(bytes, consistent, Mode::Standard)
                    })
            })
            .sum(),
        "TransactGetItems" => answer["Responses"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| units::read_units(units::item_bytes(&r["Item"]), true, Mode::Transactional))
            .sum(),
        _ => 0.0,
    }
}

impl Shared {
    async fn handle(
        &self,
        request: Request<hyper::body::Incoming>,
    ) -> anyhow::Result<Response<Body>> {
        let (parts, body) = request.into_parts();
        let body = http_body_util::BodyExt::collect(body).await?.to_bytes();
        let (service, operation) = operation(&parts.headers, &body);
        let mut calls = Calls {
            calls: 1,
            ..Calls::default()
        };
        let answer = if service == "dynamodb" {
            let _turn = self.dynamodb.lock().await;
            let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let items = touched(&operation, &request);
            let mut before = Vec::new();
            for item in &items {
                before.push(self.item(item).await?);
            }
            let (answer, bytes) = self.forward(&parts, body).await?;
            if !answer.status().is_success() {
                calls.refused = 1;
            }
            for (item, before) in items.iter().zip(before) {
                let after = self.item(item).await?;
                let size = |i: &Option<Value>| i.as_ref().map_or(0, units::item_bytes);
                let units = units::write_units(size(&before), size(&after), item.mode);
                calls.write_units += units;
                *calls
                    .write_units_by_item
                    .entry(kind(&item.key))
                    .or_default() += units;
                calls.index_write_units += units::index_write_units(
                    index_entry(before.as_ref()).as_deref(),
                    index_entry(after.as_ref()).as_deref(),
                );
            }
            let returned: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            calls.read_units = read_units(&operation, &request, &returned);
            rebuild(answer, bytes)
        } else {
            let (answer, bytes) = self.forward(&parts, body).await?;
            if !answer.status().is_success() {
                calls.refused = 1;
            }
            rebuild(answer, bytes)
        };
        let mut state = self.state.lock().expect("not poisoned");
        let phase = state.phase.clone();
        let entry = state
            .counted
            .entry(phase)
            .or_default()
            .entry(format!("{service} {operation}"))
            .or_default();
        entry.calls += calls.calls;
        entry.refused += calls.refused;
        entry.write_units += calls.write_units;
        entry.index_write_units += calls.index_write_units;
        entry.read_units += calls.read_units;
        for (kind, units) in calls.write_units_by_item {
            *entry.write_units_by_item.entry(kind).or_default() += units;
        }
        answer
    }

    /// The item as moto holds it now, read consistently and uncounted.
    async fn item(&self, touched: &Touched) -> anyhow::Result<Option<Value>> {
        let request =
            json!({ "TableName": touched.table, "Key": touched.key, "ConsistentRead": true });
        let answer: Value = self
            .http
            .post(format!("{}/", self.upstream))
            .header("x-amz-target", "DynamoDB_20120810.GetItem")
            .header("content-type", "application/x-amz-json-1.0")
            // moto picks the service and region from the credential scope.
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, \
                 SignedHeaders=host, Signature=0",
            )
            .body(request.to_string())
            .send()
            .await?
            .json()
            .await?;
        Ok(answer.get("Item").cloned())
    }

    async fn forward(
        &self,
        parts: &axum::http::request::Parts,
        body: Bytes,
    ) -> anyhow::Result<(reqwest::Response, Bytes)> {
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
        let mut response = request.send().await?;
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            bytes.extend_from_slice(&chunk);
        }
        Ok((response, Bytes::from(bytes)))
    }
}

/// moto's answer, passed back as it came.
fn rebuild(answer: reqwest::Response, bytes: Bytes) -> anyhow::Result<Response<Body>> {
    let mut rebuilt = Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        rebuilt = rebuilt.header(name, value);
    }
    Ok(rebuilt.body(Body::from(bytes))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transactions_items_are_each_named_and_written_twice() {
        let request = json!({ "TransactItems": [
            { "Put": { "TableName": "t", "Item": { "pk": {"S": "LETTER#1"}, "x": {"S": "y"} } } },
            { "Update": { "TableName": "t", "Key": { "pk": {"S": "COUNT#sesta#7"} } } },
            { "ConditionCheck": { "TableName": "t", "Key": { "pk": {"S": "TOKEN#a"} } } },
        ]});
        let items = touched("TransactWriteItems", &request);
        let kinds: Vec<String> = items.iter().map(|i| kind(&i.key)).collect();
        assert_eq!(kinds, ["LETTER", "COUNT", "TOKEN"]);
        assert!(items.iter().all(|i| i.mode == Mode::Transactional));
        assert_eq!(items[0].key, json!({ "pk": {"S": "LETTER#1"} }));
    }

    #[test]
    fn a_batch_read_pays_for_each_key_asked_found_or_not() {
        let request = json!({ "RequestItems": { "t": { "Keys": [
            { "pk": {"S": "COUNT#a#0"} }, { "pk": {"S": "COUNT#a#1"} }, { "pk": {"S": "COUNT#a#2"} },
        ]}}});
        let answer =
            json!({ "Responses": { "t": [ { "pk": {"S": "COUNT#a#1"}, "n": {"N": "5"} } ] } });
        assert_eq!(read_units("BatchGetItem", &request, &answer), 1.5);
    }
}
