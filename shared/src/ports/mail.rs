//! Sending a supporter an email.

use crate::domain::EmailAddress;
use async_trait::async_trait;

/// A rendered email, ready for any mailer. Its subject never holds what a
/// supporter typed; `to` is their validated address.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: EmailAddress,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The service is over its sending rate: the same email may go later.
    #[error("the mail service is throttling")]
    Throttled,
    /// The service refused this message for good; sending again won't help.
    /// `code` is safe to log; `message` may quote the address and is not.
    #[error("the mail service rejected the message ({code})")]
    Rejected { code: String, message: String },
    /// Anything else, assumed to pass: a timeout, a dropped connection.
    #[error(transparent)]
    Transient(#[from] anyhow::Error),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends `email`; the service's message id.
    async fn send(&self, email: &Email) -> Result<String, MailError>;
}
