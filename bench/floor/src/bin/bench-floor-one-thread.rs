//! The empty `lambda_http` function on a one-thread runtime, as our
//! functions run: the floor for the runtime flavour they use.

use lambda_http::{Body, Error, Request, Response, service_fn};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_http::run(service_fn(|_: Request| async {
        Ok::<_, Error>(Response::new(Body::from("ok")))
    }))
    .await
}
