//! Serves the local system as a careful server would face the open
//! network: a connection must send its request's headers within a deadline
//! (an idle or trickling one is closed), at most so many connections are
//! open at once (the rest wait to be accepted), and only the server's own
//! host names are answered (a page elsewhere cannot reach it through DNS
//! rebinding: see [`own_host_only`]). Each request knows its client's
//! address, for rate limits.

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use shared::web::ClientIp;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How patient the server is with its clients.
#[derive(Debug, Clone, Copy)]
pub struct ServeLimits {
    /// Time a connection has to send a request's headers, and so the
    /// longest an idle connection stays open between requests.
    pub header_read: Duration,
    /// Time a request's body has to arrive in full (the routes enforce it).
    pub body_read: Duration,
    /// Connections open at once; more wait until one closes.
    pub max_connections: usize,
}

impl Default for ServeLimits {
    /// Ten seconds for headers or a letter is an age on any real line; a
    /// thousand connections is far more than one machine's supporters need,
    /// and far fewer than the file descriptors that would run out.
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(10),
            max_connections: 1024,
        }
    }
}

/// Whether `host` (a `Host` header) names this server on `port`.
fn is_own_host(host: &str, port: u16) -> bool {
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")))
}

/// The port a request came in on, as the server accepted it.
#[derive(Debug, Clone, Copy)]
struct ServedPort(u16);

/// Refuses a request whose `Host` is not this server's own name (421).
pub async fn own_host_only(request: Request, next: Next) -> Response {
    let Some(ServedPort(port)) = request.extensions().get::<ServedPort>().copied() else {
        return next.run(request).await;
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok());
    if host.is_some_and(|host| is_own_host(host, port)) {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        "This server answers only to its own address, such as 127.0.0.1 or localhost.",
    )
        .into_response()
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => return Ok(()),
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection");
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        let router = router.clone();
        let service = tower::service_fn(move |mut request: Request<hyper::body::Incoming>| {
            let extensions = request.extensions_mut();
            extensions.insert(ClientIp(peer.ip()));
            extensions.insert(ServedPort(port));
            router.clone().oneshot(request.map(axum::body::Body::new))
        });
        tokio::spawn(async move {
            let _permit = permit;
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection closed");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_names_are_answered() {
        for own in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST:3000",
            "[::1]:3000",
        ] {
            assert!(is_own_host(own, 3000), "{own}");
        }
        for other in [
            "evil.example:3000",
            "127.0.0.1:3001",
            "127.0.0.1",
            "localhost.evil.example:3000",
        ] {
            assert!(!is_own_host(other, 3000), "{other}");
        }
    }
}
