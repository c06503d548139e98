//! The Lambda Runtime API on loopback, as a function's runtime sees it in
//! Lambda: `GET /2018-06-01/runtime/invocation/next` hands out one event
//! with its request id and deadline headers, and `POST …/{id}/response` (or
//! `…/error`, `/init/error`) takes the answer. Each arrival is timestamped
//! here, so init is "process start to first `next`" measured from outside.

use anyhow::{Context, bail};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, mpsc};

/// How long a function may take to ask for work or to answer.
const PATIENCE: Duration = Duration::from_secs(30);

/// What the function did, and when.
#[derive(Debug)]
enum Arrival {
    Next(Instant),
    Response(Instant, Bytes),
    Error(String),
}

struct Shared {
    events: Mutex<mpsc::UnboundedReceiver<(String, Vec<u8>)>>,
    arrivals: mpsc::UnboundedSender<Arrival>,
}

/// One emulated execution environment: serve it to one process at a time.
pub struct Emulator {
    address: SocketAddr,
    events: mpsc::UnboundedSender<(String, Vec<u8>)>,
    arrivals: mpsc::UnboundedReceiver<Arrival>,
    server: tokio::task::JoinHandle<()>,
    invocations: u64,
}

impl Emulator {
    pub async fn start() -> anyhow::Result<Self> {
        let (events, queued) = mpsc::unbounded_channel();
        let (arrived, arrivals) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            events: Mutex::new(queued),
            arrivals: arrived,
        });
        let api = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, api).await;
        });
        Ok(Self {
            address,
            events,
            arrivals,
            server,
            invocations: 0,
        })
    }

    /// The value of `AWS_LAMBDA_RUNTIME_API` for the function.
    pub fn address(&self) -> String {
        self.address.to_string()
    }

    /// When the function first asked for work.
    pub async fn first_next(&mut self) -> anyhow::Result<Instant> {
        match self.arrival().await? {
            Arrival::Next(at) => Ok(at),
            other => bail!("expected a call to next, got {other:?}"),
        }
    }

    /// Hands `event` to the function; how long it took to answer, and the answer.
    pub async fn invoke(
        &mut self,
        event: &serde_json::Value,
    ) -> anyhow::Result<(Duration, serde_json::Value)> {
        self.invocations += 1;
        let sent = Instant::now();
        self.events
            .send((
                format!("bench-{}", self.invocations),
                event.to_string().into_bytes(),
            ))
            .context("the emulator stopped")?;
        loop {
            match self.arrival().await? {
                Arrival::Next(_) => continue,
                Arrival::Response(at, body) => {
                    let answer = serde_json::from_slice(&body).unwrap_or_default();
                    return Ok((at - sent, answer));
                }
                Arrival::Error(body) => bail!("the function reported an error: {body}"),
            }
        }
    }

    async fn arrival(&mut self) -> anyhow::Result<Arrival> {
        tokio::time::timeout(PATIENCE, self.arrivals.recv())
            .await
            .context("the function neither asked for work nor answered in time")?
            .context("the emulator stopped")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn next(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let _ = shared.arrivals.send(Arrival::Next(Instant::now()));
    let Some((id, body)) = shared.events.lock().await.recv().await else {
        return (axum::http::StatusCode::GONE, HeaderMap::new(), Vec::new());
    };
    let deadline = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        + Duration::from_secs(10);
    let mut headers = HeaderMap::new();
    let pairs = [
        ("lambda-runtime-aws-request-id", id),
        (
            "lambda-runtime-deadline-ms",
            deadline.as_millis().to_string(),
        ),
        (
            "lambda-runtime-invoked-function-arn",
            "arn:aws:lambda:us-east-1:123456789012:function:bench".to_owned(),
        ),
        (
            "lambda-runtime-trace-id",
            "Root=1-00000000-000000000000000000000000;Sampled=0".to_owned(),
        ),
    ];
    for (name, value) in pairs {
        if let Ok(value) = value.parse() {
            headers.insert(name, value);
        }
    }
    (axum::http::StatusCode::OK, headers, body)
}

async fn response(
    State(shared): State<Arc<Shared>>,
    Path(_id): Path<String>,
    body: Bytes,
) -> &'static str {
    let _ = shared
        .arrivals
        .send(Arrival::Response(Instant::now(), body));
    "{}"
}

async fn error(
    State(shared): State<Arc<Shared>>,
    Path(_id): Path<String>,
    body: Bytes,
) -> &'static str {
    let _ = shared
        .arrivals
        .send(Arrival::Error(String::from_utf8_lossy(&body).into_owned()));
    "{}"
}

async fn init_error(State(shared): State<Arc<Shared>>, body: Bytes) -> &'static str {
    let _ = shared.arrivals.send(Arrival::Error(format!(
        "init: {}",
        String::from_utf8_lossy(&body)
    )));
    "{}"
}
