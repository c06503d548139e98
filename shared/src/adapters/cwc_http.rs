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

/// An answer's status, classified by what follows from it.
fn classify(status: StatusCode, body: &str) -> Result<Accepted, DeliveryError> {
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
        let body = response.text().await.map_err(transient)?;
        classify(status, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_by_what_follows() {
        let body = "<Errors><Error>Prefix is not valid</Error><Error>Zip &amp; city are missing</Error></Errors>";
        assert_eq!(
            classify(StatusCode::BAD_REQUEST, body),
            Err(DeliveryError::Rejected {
                status: 400,
                errors: vec![
                    "Prefix is not valid".into(),
                    "Zip & city are missing".into()
                ],
            })
        );
        assert!(matches!(
            classify(StatusCode::CREATED, "ok"),
            Ok(Accepted { status: 201, .. })
        ));
        assert!(matches!(
            classify(StatusCode::CONFLICT, ""),
            Err(DeliveryError::Duplicate { .. })
        ));
        assert!(matches!(
            classify(StatusCode::UNAUTHORIZED, ""),
            Err(DeliveryError::Misconfigured { status: 401, .. })
        ));
        assert!(matches!(
            classify(StatusCode::SERVICE_UNAVAILABLE, "down"),
            Err(DeliveryError::Transient(_))
        ));
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
