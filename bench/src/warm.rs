//! The warm path in process: the page, count and submit handlers called
//! through their routers one request after another on a single-threaded
//! runtime (one core), over the embedded store. Its files go to a tmpfs
//! when there is one, so the figures are the handlers' and not the disk's
//! fsync (on AWS a letter's write is a DynamoDB call, not a local file).

use crate::stats::{Timings, print_table, us};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use shared::adapters::EmbeddedLetterStore;
use shared::campaign::CampaignCatalog;
use shared::senators::SenatorDirectory;
use shared::settings::Sponsor;
use shared::web::App;
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

pub fn warm(requests: usize) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::TempDir::new_in(shm)?
        } else {
            tempfile::TempDir::new()?
        };
        let app = App::new(
            Arc::new(EmbeddedLetterStore::open(dir.path())?),
            CampaignCatalog::bundled()?,
            SenatorDirectory::bundled()?,
            Sponsor::demo(),
            time::Duration::days(365),
        )?;
        let pages = campaign_page::router(app.clone());
        let letters = submit_letter::router(app);
        let get = |path: &'static str| {
            move |_| Request::get(path).header(header::HOST, "bench.example.org").body(Body::empty()).unwrap()
        };
        let post = |n: usize| {
            Request::post("/c/sesta/letters")
                .header(header::HOST, "bench.example.org")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(crate::events::letter_form(&format!("warm-{n}@example.org"))))
                .unwrap()
        };
        let figures = [
            ("page (GET /c/sesta)", measure(&pages, requests, get("/c/sesta"), StatusCode::OK).await?),
            ("count (GET /c/sesta/count)", measure(&pages, requests, get("/c/sesta/count"), StatusCode::OK).await?),
            ("submit (POST /c/sesta/letters)", measure(&letters, requests, post, StatusCode::SEE_OTHER).await?),
        ];
        let rows: Vec<Vec<String>> = figures
            .iter()
            .map(|(name, (per_second, took))| {
                vec![
                    (*name).to_owned(),
                    format!("{per_second:.0}"),
                    us(took.median_ms()),
                    us(took.percentile_ms(99.0)),
                ]
            })
            .collect();
        print_table(
            &format!("Warm path in process, one core, {requests} requests each (page target > 20,000/s)"),
            &["handler", "requests/s", "p50 (µs)", "p99 (µs)"],
            &rows,
        );
        Ok(())
    })
}
