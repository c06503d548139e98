//! The chambers' delivery services over HTTPS (reqwest with rustls): one
//! POST of the message's XML per office, the chamber's key in the `apikey`
//! parameter, with deliberate timeouts, and each answer classified by what
//! follows from it. Neither the key nor a URL that carries it is ever
//! logged or kept: errors are stripped of their URL.

use crate::domain::Chamber;
use crate::ports::{Accepted, Delivery, DeliveryError};
use crate::settings::DeliverySettings;
use async_trait::async_trait;
use quick_xml::Reader;
use quick_xml::events::Event;
use reqwest::StatusCode;
use std::fmt;
use std::time::Duration;

/// A chamber's API key. It prints as a placeholder, never as itself.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(hidden)")
    }
}

/// Each chamber's key, as the sponsor was given them as a vendor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CwcApiKeys {
    pub senate: Option<ApiKey>,
    pub house: Option<ApiKey>,
}

/// How long to wait for a service to accept a connection: it is up or not.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The most an answer's text kept on the letter holds, in characters.
const ANSWER_CHARS: usize = 500;

pub struct HttpDelivery {
    client: reqwest::Client,
    senate: Option<(String, ApiKey)>,
    house: Option<(String, ApiKey)>,
}

impl HttpDelivery {
    /// Posts to each chamber whose service and key are both configured,
    /// giving up on an answer after `timeout` (the queue tries again).
    pub fn new(
        settings: &DeliverySettings,
        keys: CwcApiKeys,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        let endpoint = |chamber: Chamber, key: Option<ApiKey>| {
            settings
                .service(chamber)
                .zip(key)
                .map(|(service, key)| (service.url.clone(), key))
        };
        Ok(Self {
            client: reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT.min(timeout))
                .timeout(timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            senate: endpoint(Chamber::Senate, keys.senate),
            house: endpoint(Chamber::House, keys.house),
        })
    }
}

/// The text an answer carries, in one line, within [`ANSWER_CHARS`].
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(ANSWER_CHARS)
        .collect()
}

/// The texts of the answer's `<Error>` elements; the whole answer when it
/// has none.
fn error_texts(body: &str) -> Vec<String> {
    let mut reader = Reader::from_str(body);
    let mut errors = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) if start.name().as_ref() == "Error" => {
                let Ok(raw) = reader.read_text(start.name()) else {
                    break;
                };
                if let Ok(text) = quick_xml::escape::unescape(&raw) {
                    errors.push(one_line(&text));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    errors.retain(|error| !error.is_empty());
    if errors.is_empty() && !body.trim().is_empty() {
        errors.push(one_line(body));
    }
    errors
}

/// Where a redirect from `from` leads, as host and path: never its query,
/// which may carry our key back.
fn redirect_target(from: &reqwest::Url, location: Option<&str>) -> String {
    location
        .and_then(|location| from.join(location).ok())
        .map_or_else(
            || "an address it did not give".to_owned(),
            |to| format!("{}{}", to.host_str().unwrap_or_default(), to.path()),
        )
}

/// An answer's status, classified by what follows from it; `redirect` is
/// where a 3xx leads ([`redirect_target`]).
fn classify(status: StatusCode, body: &str, redirect: &str) -> Result<Accepted, DeliveryError> {
    let code = status.as_u16();
    match code {
        200..=299 => Ok(Accepted {
            status: code,
            answer: one_line(body),
        }),
        409 => Err(DeliveryError::Duplicate {
            answer: one_line(body),
        }),
        // The message itself breaks the service's rules.
        400 | 413 | 422 => Err(DeliveryError::Rejected {
            status: code,
            errors: error_texts(body),
        }),
        // No public client relies on a redirect and no documented endpoint
        // gives one (docs/cwc-evidence.md §3(l)): our URL is wrong (the
        // Senate's end in a slash), and retrying will not mend it.
        300..=399 => Err(DeliveryError::Misconfigured {
            status: code,
            reason: format!("redirected to {redirect}: set the service's URL to where it leads"),
        }),
        // Our key, address or content type is wrong: fix it, then retry.
        401 | 403 | 404 | 405 | 415 => Err(DeliveryError::Misconfigured {
            status: code,
            reason: status.canonical_reason().unwrap_or("refused").to_owned(),
        }),
        _ => Err(DeliveryError::Transient(format!(
            "the service answered {code}: {}",
            one_line(body)
        ))),
    }
}

#[async_trait]
impl Delivery for HttpDelivery {
    #[tracing::instrument(skip_all, fields(chamber = chamber.name()))]
    async fn submit(&self, chamber: Chamber, xml: &str) -> Result<Accepted, DeliveryError> {
        let endpoint = match chamber {
            Chamber::Senate => &self.senate,
            Chamber::House => &self.house,
        };
        let Some((url, ApiKey(key))) = endpoint else {
            return Err(DeliveryError::Misconfigured {
                status: 0,
                reason: format!("no {} service or key is configured", chamber.name()),
            });
        };
        let transient = |error: reqwest::Error| {
            let what = if error.is_timeout() {
                "timed out"
            } else {
                "failed"
            };
            DeliveryError::Transient(format!("the request {what}: {}", error.without_url()))
        };
        let response = self
            .client
            .post(url)
            .query(&[("apikey", key)])
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/xml; charset=utf-8",
            )
            .body(xml.to_owned())
            .send()
            .await
            .map_err(transient)?;
        let status = response.status();
        let location = response.headers().get(reqwest::header::LOCATION);
        let redirect = redirect_target(
            response.url(),
            location.and_then(|value| value.to_str().ok()),
        );
        let body = response.text().await.map_err(transient)?;
        classify(status, &body, &redirect)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_by_what_follows() {
        let body = "<Errors><Error>Prefix is not valid</Error><Error>Zip &amp; city are missing</Error></Errors>";
        assert_eq!(
            classify(StatusCode::BAD_REQUEST, body, ""),
            Err(DeliveryError::Rejected {
                status: 400,
                errors: vec![
                    "Prefix is not valid".into(),
                    "Zip & city are missing".into()
                ],
            })
        );
        assert!(matches!(
            classify(StatusCode::CREATED, "ok", ""),
            Ok(Accepted { status: 201, .. })
        ));
        assert!(matches!(
            classify(StatusCode::CONFLICT, "", ""),
            Err(DeliveryError::Duplicate { .. })
        ));
        assert!(matches!(
            classify(StatusCode::UNAUTHORIZED, "", ""),
            Err(DeliveryError::Misconfigured { status: 401, .. })
        ));
        assert!(matches!(
            classify(StatusCode::SERVICE_UNAVAILABLE, "down", ""),
            Err(DeliveryError::Transient(_))
        ));
    }

    #[test]
    fn a_redirect_is_our_misconfiguration_and_names_where_it_leads_without_the_key() {
        let from =
            reqwest::Url::parse("https://soapbox.example/api/production-messages?apikey=s3cr3t")
                .unwrap();
        let to = redirect_target(&from, Some("/api/production-messages/?apikey=s3cr3t"));
        assert_eq!(to, "soapbox.example/api/production-messages/");
        let classified = classify(StatusCode::PERMANENT_REDIRECT, "", &to);
        let Err(error @ DeliveryError::Misconfigured { status: 308, .. }) = classified else {
            panic!("{classified:?}");
        };
        let text = error.to_string();
        assert!(
            text.contains("redirected to soapbox.example/api/production-messages/"),
            "{text}"
        );
        assert!(!text.contains("s3cr3t"), "{text}");
        assert_eq!(redirect_target(&from, None), "an address it did not give");
    }

    #[tokio::test]
    async fn a_service_that_redirects_is_not_followed_and_not_retried_as_passing() {
        let router = axum::Router::new().route(
            "/api/messages",
            axum::routing::post(|| async {
                (
                    StatusCode::MOVED_PERMANENTLY,
                    [(reqwest::header::LOCATION, "/api/messages/?apikey=s3cr3t")],
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let settings = DeliverySettings {
            senate: Some(crate::settings::ChamberService {
                url: format!("http://{address}/api/messages"),
                variant: crate::settings::CwcVariant::default_for(Chamber::Senate),
            }),
            house: None,
            agent: crate::fixtures::delivery_agent(),
            text_placement: crate::settings::TextPlacement::default(),
            api_keys_secret: None,
            per_instance_rate: 1.0,
        };
        let keys = CwcApiKeys {
            senate: Some(ApiKey::new("s3cr3t")),
            house: None,
        };
        let delivery = HttpDelivery::new(&settings, keys, Duration::from_secs(5)).unwrap();
        let answer = delivery.submit(Chamber::Senate, "<CWC/>").await;
        let Err(DeliveryError::Misconfigured {
            status: 301,
            reason,
        }) = answer
        else {
            panic!("{answer:?}");
        };
        assert_eq!(
            reason,
            "redirected to 127.0.0.1/api/messages/: set the service's URL to where it leads"
        );
    }

    #[test]
    fn an_answer_without_error_elements_is_kept_as_one_bounded_line() {
        assert_eq!(error_texts("Bad\n  request"), ["Bad request"]);
        assert_eq!(one_line(&"x".repeat(900)).len(), ANSWER_CHARS);
    }

    #[test]
    fn a_key_never_prints() {
        let keys = CwcApiKeys {
            senate: Some(ApiKey::new("s3cr3t")),
            house: None,
        };
        assert!(!format!("{keys:?}").contains("s3cr3t"));
    }
}
