//! The mailer on Amazon SES (v1 `SendEmail`, text and HTML parts).

use async_trait::async_trait;
use aws_sdk_ses::Client;
use aws_sdk_ses::error::ProvideErrorMetadata;
use aws_sdk_ses::types::{Body, Content, Destination, Message};
use lettre::message::Mailbox;
use shared::ports::{Email, MailError, Mailer};

/// Error codes after which the same message will never be accepted.
const PERMANENT: [&str; 5] = [
    "MessageRejected",
    "MailFromDomainNotVerifiedException",
    "InvalidParameterValue",
    "ConfigurationSetDoesNotExist",
    "ConfigurationSetSendingPausedException",
];

pub struct SesMailer {
    client: Client,
    sender: String,
    configuration_set: Option<String>,
}

impl SesMailer {
    /// `sender` is the verified From address, with its display name from
    /// configuration; `configuration_set` routes bounces and complaints.
    pub fn new(client: Client, sender: &Mailbox, configuration_set: Option<String>) -> Self {
        Self {
            client,
            sender: sender.to_string(),
            configuration_set,
        }
    }
}

fn utf8(text: &str) -> Result<Content, MailError> {
    Content::builder()
        .data(text)
        .charset("UTF-8")
        .build()
        .map_err(|e| MailError::Transient(e.into()))
}

#[async_trait]
impl Mailer for SesMailer {
    #[tracing::instrument(skip_all)]
    async fn send(&self, email: &Email) -> Result<String, MailError> {
        let message = Message::builder()
            .subject(utf8(&email.subject)?)
            .body(
                Body::builder()
                    .text(utf8(&email.text)?)
                    .html(utf8(&email.html)?)
                    .build(),
            )
            .build();
        let sent = self
            .client
            .send_email()
            .source(&self.sender)
            .destination(
                Destination::builder()
                    .to_addresses(email.to.for_sending())
                    .build(),
            )
            .message(message)
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await;
        match sent {
            Ok(output) => Ok(output.message_id),
            Err(error) => Err(match error.code() {
                Some("Throttling" | "ThrottlingException") => MailError::Throttled,
                Some(code) if PERMANENT.contains(&code) => MailError::Rejected {
                    code: code.to_owned(),
                    message: error.message().unwrap_or("no reason given").to_owned(),
                },
                _ => MailError::Transient(anyhow::Error::new(error).context("sending through SES")),
            }),
        }
    }
}
