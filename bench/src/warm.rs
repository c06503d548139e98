//! The warm path in process: the page, count and submit handlers called
//! through their routers one request after another on a single-threaded
//! runtime (one core), over the embedded store. Its files go to a tmpfs
//! when there is one, so the figures are the handlers' and not the disk's
//! fsync (on AWS a letter's write is a DynamoDB call, not a local file).

use crate::events;
use crate::stats::{Timings, print_table, us};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use shared::adapters::{EmbeddedLetterStore, ZctaDistrictTable};
use shared::campaign::CampaignCatalog;
use shared::members::Members;
use shared::settings::{Env, Settings};
use shared::signing::SigningKey;
use shared::web::ClientIp;
use shared::wiring::{WebAdapters, Wiring};
use std::sync::Arc;
use std::time::Instant;
use tower::ServiceExt;

/// Requests and their timing over one route.
async fn measure(
    router: &Router,
    requests: usize,
    request: impl Fn(usize) -> Request<Body>,
    expected: StatusCode,
) -> anyhow::Result<(f64, Timings)> {
    // A few first, so that one-time work (the count's first read) is not counted.
    for n in 0..10 {
        router.clone().oneshot(request(requests + n)).await?;
    }
    let mut took = Vec::with_capacity(requests);
    let started = Instant::now();
    for n in 0..requests {
        let sent = Instant::now();
        let response = router.clone().oneshot(request(n)).await?;
        let status = response.status();
        axum::body::to_bytes(response.into_body(), usize::MAX).await?;
        took.push(sent.elapsed());
        anyhow::ensure!(status == expected, "status {status}, expected {expected}");
    }
    let per_second = requests as f64 / started.elapsed().as_secs_f64();
    Ok((per_second, Timings::new(took)))
}

/// The app over an embedded store in `dir`, through the one wiring, with a
/// deployment's defences at their defaults.
fn app(dir: &std::path::Path) -> anyhow::Result<shared::web::AppState> {
    let store = Arc::new(EmbeddedLetterStore::open(dir)?);
    let wiring = Wiring {
        settings: Settings::from_env(&Env::from_pairs([("PUBLIC_URL", events::PUBLIC_URL)]))?,
        catalog: CampaignCatalog::bundled()?,
        members: Members::bundled()?,
    };
    wiring.web(WebAdapters {
        letters: store.clone(),
        abuse: store,
        districts: Arc::new(ZctaDistrictTable::bundled()?),
        human_check: None,
        key: SigningKey::from_secret(events::SIGNING_KEY)?,
        pictures: None,
    })
}

/// A directory on tmpfs when there is one.
fn scratch_dir() -> anyhow::Result<tempfile::TempDir> {
    let shm = std::path::Path::new("/dev/shm");
    Ok(if shm.is_dir() {
        tempfile::TempDir::new_in(shm)?
    } else {
        tempfile::TempDir::new()?
    })
}

/// `request` from client number `n`, as API Gateway's context tells it.
fn from_client(mut request: Request<Body>, n: usize) -> Request<Body> {
    request
        .extensions_mut()
        .insert(ClientIp(events::client_ip(n)));
    request
}

fn get(path: &str, n: usize) -> Request<Body> {
    let request = Request::get(path)
        .header(header::HOST, "bench.example.org")
        .body(Body::empty())
        .unwrap_or_default();
    from_client(request, n)
}

fn post_letter(n: usize) -> Request<Body> {
    let request = Request::post("/c/sesta/letters")
        .header(header::HOST, "bench.example.org")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, events::PUBLIC_URL)
        .body(Body::from(events::letter_form(&format!(
            "warm-{n}@example.org"
        ))))
        .unwrap_or_default();
    from_client(request, n)
}

/// Requests a second and timings of the page, count and submit handlers.
pub async fn measure_handlers(
    requests: usize,
) -> anyhow::Result<Vec<(&'static str, f64, Timings)>> {
    let dir = scratch_dir()?;
    let app = app(dir.path())?;
    let pages = shared::web::complete(campaign_page::routes().router(app.clone()));
    let letters = shared::web::complete(submit_letter::routes().router(app));
    let page = |n| get("/c/sesta", n);
    let (page, page_timings) = measure(&pages, requests, page, StatusCode::OK).await?;
    let count = |n| get("/c/sesta/count", n);
    let (count, count_timings) = measure(&pages, requests, count, StatusCode::OK).await?;
    let (submit, submit_timings) =
        measure(&letters, requests, post_letter, StatusCode::SEE_OTHER).await?;
    Ok(vec![
        ("page", page, page_timings),
        ("count", count, count_timings),
        ("submit", submit, submit_timings),
    ])
}

/// Prints the warm path, `requests` requests per handler on one core.
pub fn warm(requests: usize) -> anyhow::Result<()> {
    let figures = one_core().block_on(measure_handlers(requests))?;
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|(name, per_second, took)| {
            vec![
                (*name).to_owned(),
                format!("{per_second:.0}"),
                us(took.median_ms()),
                us(took.percentile_ms(99.0)),
            ]
        })
        .collect();
    print_table(
        &format!(
            "Warm path in process, one core, {requests} requests each (page target > 20,000/s)"
        ),
        &["handler", "requests/s", "p50 (µs)", "p99 (µs)"],
        &rows,
    );
    Ok(())
}

/// A single-threaded runtime: the handlers on one core.
pub fn one_core() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a single-threaded runtime")
}
