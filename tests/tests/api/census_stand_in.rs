//! A stand-in for the U.S. Census Bureau's geocoder: it takes
//! `GET /geocoder/geographies/onelineaddress` as the real one does, refuses
//! what the real one refuses (a missing or empty address, an unknown
//! benchmark or vintage, a format other than JSON, a parameter it does not
//! know) with a 400 and its `errors` list, and answers in its shape: each
//! matched address with its geographies, the congressional district among
//! them. It knows only the streets a test gives it; one it does not know
//! has no match.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the stand-in does for an address on a street.
#[derive(Clone)]
pub enum Answer {
    /// Matches the address in the district with this GEOID (state FIPS
    /// code and two-digit district, `4804` for TX-04).
    District(&'static str),
    /// Matches it twice, in two districts (a street on a boundary).
    Ambiguous(&'static str, &'static str),
    /// Answers only after this long.
    Slowly(Duration),
    /// Fails as a server in trouble does.
    ServerError,
    /// Answers 200 with a page that is not JSON (a proxy's, say).
    NotJson,
}

struct Known {
    streets: HashMap<&'static str, Answer>,
    /// The `address` of every valid request, in order.
    asked: Mutex<Vec<String>>,
}

/// A running stand-in.
pub struct CensusStandIn {
    pub url: String,
    known: Arc<Known>,
}

impl CensusStandIn {
    /// Starts a stand-in that knows `streets` (matched, case ignored, at
    /// the start of the one-line address).
    pub async fn start(streets: &[(&'static str, Answer)]) -> Self {
        let known = Arc::new(Known {
            streets: streets.iter().cloned().collect(),
            asked: Mutex::default(),
        });
        let router = Router::new()
            .route("/geocoder/geographies/onelineaddress", get(geocode))
            .with_state(known.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { url, known }
    }

    /// The addresses it was asked about.
    pub fn asked(&self) -> Vec<String> {
        self.known.asked.lock().unwrap().clone()
    }
}

/// The parameters the real geocoder takes on this route.
const PARAMETERS: [&str; 5] = ["address", "benchmark", "vintage", "format", "layers"];

fn refused(message: &str) -> Response {
    let body = json!({ "errors": [message], "status": "400" });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

async fn geocode(
    State(known): State<Arc<Known>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(unknown) = query.keys().find(|k| !PARAMETERS.contains(&k.as_str())) {
        return refused(&format!("Unknown parameter: {unknown}"));
    }
    let address = query.get("address").map(|a| a.trim()).unwrap_or_default();
    if address.is_empty() {
        return refused("Address cannot be empty");
    }
    if !matches!(
        query.get("benchmark").map(String::as_str),
        Some("Public_AR_Current" | "4")
    ) {
        return refused("Benchmark must be a valid benchmark name or id");
    }
    if !matches!(
        query.get("vintage").map(String::as_str),
        Some("Current_Current" | "4")
    ) {
        return refused("Vintage must be a valid vintage name or id for the benchmark");
    }
    if query.get("format").map(String::as_str) != Some("json") {
        return refused("This test stand-in answers only format=json");
    }
    known.asked.lock().unwrap().push(address.to_owned());
    let upper = address.to_ascii_uppercase();
    let answer = known
        .streets
        .iter()
        .find(|(street, _)| upper.starts_with(&street.to_ascii_uppercase()))
        .map(|(_, answer)| answer.clone());
    let matches = match answer {
        None => vec![],
        Some(Answer::District(geoid)) => vec![matched(&upper, geoid)],
        Some(Answer::Ambiguous(a, b)) => vec![matched(&upper, a), matched(&upper, b)],
        Some(Answer::Slowly(delay)) => {
            tokio::time::sleep(delay).await;
            vec![]
        }
        Some(Answer::ServerError) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
        }
        Some(Answer::NotJson) => return "<html>Service notice</html>".into_response(),
    };
    let body = json!({
        "result": {
            "input": {
                "address": { "address": address },
                "benchmark": { "id": "4", "benchmarkName": "Public_AR_Current", "isDefault": true },
                "vintage": { "id": "4", "vintageName": "Current_Current", "isDefault": true },
            },
            "addressMatches": matches,
        }
    });
    axum::Json(body).into_response()
}

/// One address match in the district `geoid`, shaped as the real answer.
fn matched(address: &str, geoid: &str) -> Value {
    let (state, district) = geoid.split_at(2);
    json!({
        "matchedAddress": address,
        "coordinates": { "x": -97.74, "y": 30.27 },
        "tigerLine": { "side": "L", "tigerLineId": "63996744" },
        "addressComponents": { "zip": "", "city": "", "state": "" },
        "geographies": {
            "States": [{ "STATE": state, "GEOID": state, "BASENAME": "", "NAME": "" }],
            "119th Congressional Districts": [{
                "GEOID": geoid,
                "STATE": state,
                "CD119": district,
                "CDSESSN": "119",
                "BASENAME": district.trim_start_matches('0'),
                "NAME": format!("Congressional District {}", district.trim_start_matches('0')),
            }],
        },
    })
}
