//! An empty `lambda_http` function: what a cold start costs before any work
//! of ours, so the benchmarks can say how far above the floor we are. It
//! starts tokio as `lambda_http`'s examples do (a worker per core).

use lambda_http::{Body, Error, Request, Response, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_http::run(service_fn(|_: Request| async {
        Ok::<_, Error>(Response::new(Body::from("ok")))
    }))
    .await
}
