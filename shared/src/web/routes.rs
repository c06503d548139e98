//! A function's routes, written once: the table builds the function's
//! router and lists what it serves, so that the SAM template's events (what
//! API Gateway sends each function) are checked against the very routes
//! the function and the local server serve (`infra/tests`, through
//! `local`'s `routes` binary).

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};

/// The routes of one HTTP function, over the state `S` its handlers share.
pub struct Routes<S> {
    router: Router<S>,
    served: Vec<(Method, &'static str)>,
}

impl<S: Clone + Send + Sync + 'static> Default for Routes<S> {
    fn default() -> Self {
        Self {
            router: Router::new(),
            served: Vec::new(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.with(Method::GET, path, routing::get(handler))
    }

    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.with(Method::POST, path, routing::post(handler))
    }

    pub fn put<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.with(Method::PUT, path, routing::put(handler))
    }

    fn with(mut self, method: Method, path: &'static str, route: MethodRouter<S>) -> Self {
        self.router = self.router.route(path, route);
        self.served.push((method, path));
        self
    }

    /// What the function serves: each method and path, in the order written.
    pub fn served(&self) -> &[(Method, &'static str)] {
        &self.served
    }

    /// The function's router, its handlers given `state`.
    pub fn router(self, state: S) -> Router {
        self.router.with_state(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    async fn ok() -> &'static str {
        "ok"
    }

    #[tokio::test]
    async fn a_table_lists_what_its_router_serves_and_two_methods_share_a_path() {
        let routes = Routes::<()>::default()
            .get("/things/{id}", ok)
            .post("/things/{id}", ok);
        assert_eq!(
            routes.served(),
            [
                (Method::GET, "/things/{id}"),
                (Method::POST, "/things/{id}")
            ]
        );
        let router = routes.router(());
        for method in [Method::GET, Method::POST] {
            let request = axum::http::Request::builder()
                .method(method)
                .uri("/things/7")
                .body(axum::body::Body::empty())
                .unwrap();
            let response = router.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), 200);
        }
    }
}
