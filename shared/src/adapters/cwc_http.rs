//! The chambers' delivery services over HTTPS (reqwest with rustls): one
//! POST of the message's XML per office, the chamber's key in the `apikey`
//! parameter, with deliberate timeouts, and each answer classified by what
//! follows from it. Neither the key nor a URL that carries it is ever
//! logged or kept: errors are stripped of their URL.

use crate::domain::Chamber;
use crate::ports::{Accepted, Delivery, DeliveryError};
use crate::settings::{DeliverySetting, DeliverySettings};
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

/// Where a redirect from `from` leads, without its query (which may carry
/// our key back), fragment or credentials.
fn redirect_target(from: &reqwest::Url, location: Option<&str>) -> String {
    location
        .and_then(|location| from.join(location).ok())
        .map_or_else(
            || "an address it did not give".to_owned(),
            |mut to| {
                to.set_query(None);
                to.set_fragment(None);
                // Only a URL that cannot be a base refuses these; a joined one can.
                let _ = to.set_username("");
                let _ = to.set_password(None);
                to.to_string()
            },
        )
}

/// An answer's status, classified by what follows from it; `redirect` is
/// where a 3xx leads ([`redirect_target`]).
fn classify(status: StatusCode, body: &str, redirect: &str) -> Result<Accepted, DeliveryError> {
    let code = status.as_u16();
    let misconfigured = |setting, problem: String| {
        Err(DeliveryError::Misconfigured {
            setting,
            problem: format!("answered {code}{problem}"),
        })
    };
    match code {
        200..=299 => Ok(Accepted {
            status: code,
            answer: one_line(body),
        }),
        409 => Err(DeliveryError::Duplicate {
            answer: one_line(body),
        }),
        // The message itself breaks the service's rules, unless the service
        // refuses our agent.
        400 | 413 | 422 => {
            let errors = error_texts(body);
            // MYD: the House's test service answered "DeliveryAgent
            // Mismatch" to a name it had not registered; every message would
            // be refused alike, so it is our setting, not the letter
            // (cwc-evidence.md §3(l)). Only those errors are kept: the others
            // may quote what the supporter wrote, and this one is logged.
            let agent: Vec<&str> = errors
                .iter()
                .map(String::as_str)
                .filter(|error| error.contains("DeliveryAgent"))
                .collect();
            if !agent.is_empty() {
                return misconfigured(DeliverySetting::Agent, format!(": {}", agent.join("; ")));
            }
            Err(DeliveryError::Rejected {
                status: code,
                errors,
            })
        }
        // No public client relies on a redirect and no documented endpoint
        // gives one (docs/cwc-evidence.md §3(l)): our URL is wrong (the
        // Senate's end in a slash), and retrying will not mend it.
        300..=399 => misconfigured(DeliverySetting::Url, format!(", redirecting to {redirect}")),
        // ELEC: 401 means the key is wrong; a 403 may also be an address
        // the service does not take calls from (EFF's notes: registered
        // addresses only).
        401 => misconfigured(DeliverySetting::Key, reason(status)),
        403 => misconfigured(DeliverySetting::KeyOrAddress, reason(status)),
        // No such endpoint, or not one that takes our POST of XML.
        404 | 405 | 415 => misconfigured(DeliverySetting::Url, reason(status)),
        _ => Err(DeliveryError::Transient(format!(
            "the service answered {code}: {}",
            one_line(body)
        ))),
    }
}

/// The status's reason phrase, as HTTP names it, after a space.
fn reason(status: StatusCode) -> String {
    status
        .canonical_reason()
        .map(|reason| format!(" {reason}"))
        .unwrap_or_default()
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
            // The deliverer finds a missing endpoint first: the key is missing.
            return Err(DeliveryError::Misconfigured {
                setting: DeliverySetting::Key,
                problem: "has no key configured".to_owned(),
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
            classify(StatusCode::SERVICE_UNAVAILABLE, "down", ""),
            Err(DeliveryError::Transient(_))
        ));
    }

    #[test]
    fn a_refusal_of_our_settings_names_the_setting_to_fix() {
        let agent = "<Errors><Error>Zip 04101 is not in ME</Error>\
                     <Error>DeliveryAgent Mismatch</Error></Errors>";
        for (status, body, setting, problem) in [
            (401, "", DeliverySetting::Key, "answered 401 Unauthorized"),
            (
                403,
                "",
                DeliverySetting::KeyOrAddress,
                "answered 403 Forbidden",
            ),
            (404, "", DeliverySetting::Url, "answered 404 Not Found"),
            (
                405,
                "",
                DeliverySetting::Url,
                "answered 405 Method Not Allowed",
            ),
            (
                415,
                "",
                DeliverySetting::Url,
                "answered 415 Unsupported Media Type",
            ),
            (
                400,
                agent,
                DeliverySetting::Agent,
                "answered 400: DeliveryAgent Mismatch",
            ),
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                classify(status, body, ""),
                Err(DeliveryError::Misconfigured {
                    setting,
                    problem: problem.into()
                }),
                "{status}"
            );
        }
    }

    #[test]
    fn a_redirect_is_our_misconfiguration_and_names_where_it_leads_without_the_key() {
        let from =
            reqwest::Url::parse("https://soapbox.example/api/production-messages?apikey=s3cr3t")
                .unwrap();
        let to = redirect_target(&from, Some("/api/production-messages/?apikey=s3cr3t#top"));
        assert_eq!(to, "https://soapbox.example/api/production-messages/");
        let elsewhere = redirect_target(
            &from,
            Some("http://user:pw@other.example:8080/x?apikey=s3cr3t"),
        );
        assert_eq!(elsewhere, "http://other.example:8080/x");
        assert_eq!(
            classify(StatusCode::PERMANENT_REDIRECT, "", &to),
            Err(DeliveryError::Misconfigured {
                setting: DeliverySetting::Url,
                problem: "answered 308, redirecting to \
                          https://soapbox.example/api/production-messages/"
                    .into(),
            })
        );
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
        assert_eq!(
            answer,
            Err(DeliveryError::Misconfigured {
                setting: DeliverySetting::Url,
                problem: format!("answered 301, redirecting to http://{address}/api/messages/"),
            })
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
