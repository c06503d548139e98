//! Serves the local system as a careful server would face the open
//! network: a connection must send its request's headers within a deadline
//! (an idle or trickling one is closed), and take each answer within
//! another (one that asks and never reads is closed), at most so many
//! connections are open at once (the rest wait to be accepted) and at most
//! so many from one client address (more are closed at once), and only the
//! server's own host names are answered (a page elsewhere cannot reach it
//! through DNS rebinding: see [`own_host_only`]). Each request knows its
//! client's address, for rate limits.

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use shared::web::ClientIp;
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutWriter;
use tower::ServiceExt;

/// How patient the server is with its clients.
#[derive(Debug, Clone, Copy)]
pub struct ServeLimits {
    /// Time a connection has to send a request's headers, and so the
    /// longest an idle connection stays open between requests.
    pub header_read: Duration,
    /// Time a request's body has to arrive in full (the routes enforce it).
    pub body_read: Duration,
    /// Time a write may wait on a client that does not read its answers;
    /// then the connection is closed.
    pub response_write: Duration,
    /// Connections open at once; more wait until one closes.
    pub max_connections: usize,
    /// Connections open at once from one client address; more are closed
    /// as soon as they are accepted, so that one client cannot take every
    /// place.
    pub max_connections_per_client: usize,
}

impl Default for ServeLimits {
    /// Ten seconds for headers, a letter or taking an answer is an age on
    /// any real line; a thousand connections is far more than one machine's
    /// supporters need, and far fewer than the file descriptors that would
    /// run out; a browser opens six to a host, and the fault drill fifty.
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(10),
            response_write: Duration::from_secs(10),
            max_connections: 1024,
            max_connections_per_client: 256,
        }
    }
}

/// The most a connection's socket holds of answers its client has not
/// read. Left to itself, the kernel lets a loopback socket hold over a
/// megabyte: over a hundred pages rendered for each client that never
/// reads, before its writes stall. Ample for any answer to flow.
const SEND_BUFFER_BYTES: usize = 64 * 1024;

/// How many connections each client address has open.
struct ClientConnections {
    open: Mutex<HashMap<IpAddr, usize>>,
    max_per_client: usize,
}

/// One open connection of a client, counted until it is dropped.
struct ClientConnection {
    clients: Arc<ClientConnections>,
    ip: IpAddr,
}

impl ClientConnections {
    fn new(max_per_client: usize) -> Arc<Self> {
        Arc::new(Self {
            open: Mutex::default(),
            max_per_client,
        })
    }

    /// Counts a new connection from `ip`, unless that client has its fill.
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<ClientConnection> {
        let mut open = self.open.lock().expect("never poisoned: no panics inside");
        let count = open.entry(ip).or_default();
        if *count >= self.max_per_client {
            return None;
        }
        *count += 1;
        Some(ClientConnection {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for ClientConnection {
    fn drop(&mut self) {
        let mut open = self
            .clients
            .open
            .lock()
            .expect("never poisoned: no panics inside");
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
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
    let clients = ClientConnections::new(limits.max_connections_per_client);
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
        let Some(client) = clients.admit(peer.ip()) else {
            tracing::debug!("a client over its connection cap: closed");
            continue;
        };
        let router = router.clone();
        let service = tower::service_fn(move |mut request: Request<hyper::body::Incoming>| {
            let extensions = request.extensions_mut();
            extensions.insert(ClientIp(peer.ip()));
            extensions.insert(ServedPort(port));
            router.clone().oneshot(request.map(axum::body::Body::new))
        });
        if let Err(error) = socket2::SockRef::from(&stream).set_send_buffer_size(SEND_BUFFER_BYTES)
        {
            tracing::debug!(%error, "setting a connection's send buffer");
        }
        // A write that waits this long on a client fails, and so ends the
        // connection: hyper's own deadlines cover only reading.
        let mut stream = TimeoutWriter::new(stream);
        stream.set_timeout(Some(limits.response_write));
        tokio::spawn(async move {
            let _counted = (permit, client);
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .serve_connection(
                    TokioIo::new(Box::pin(stream)),
                    TowerToHyperService::new(service),
                );
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
    fn each_client_has_its_own_cap_and_a_closed_connection_frees_its_place() {
        let clients = ClientConnections::new(2);
        let (one, other): (IpAddr, IpAddr) = ([127, 0, 0, 1].into(), [127, 0, 0, 2].into());
        let first = clients.admit(one).unwrap();
        let _second = clients.admit(one).unwrap();
        assert!(clients.admit(one).is_none(), "over the cap");
        assert!(clients.admit(other).is_some(), "another client is let in");
        drop(first);
        assert!(
            clients.admit(one).is_some(),
            "a closed connection's place is free"
        );
        assert!(
            clients.open.lock().unwrap().get(&other).is_none(),
            "no count kept at 0"
        );
    }

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
