//! Prints each HTTP function's routes as JSON, `{"crate": [["GET", "/path"]]}`:
//! what the deploy rehearsal checks the template's events against.

use local::HttpFunctions;

fn main() {
    let functions = HttpFunctions::default();
    let served: serde_json::Map<String, serde_json::Value> = functions
        .served()
        .into_iter()
        .map(|(name, routes)| {
            let routes = routes
                .iter()
                .map(|(method, path)| serde_json::json!([method.as_str(), path]))
                .collect();
            (name.to_owned(), serde_json::Value::Array(routes))
        })
        .collect();
    println!("{}", serde_json::Value::Object(served));
}
