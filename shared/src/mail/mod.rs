//! The mailer port: sends a supporter the confirmation of their letter.
//!
//! Two adapters: [`SesMailer`] (Amazon SES, and the moto emulator) and
//! [`OutboxMailer`] (`.eml` files on disk, for the local server).

mod compose;
mod outbox;
mod ses;

pub use compose::ConfirmationEmail;
pub use outbox::OutboxMailer;
pub use ses::SesMailer;

use async_trait::async_trait;

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
    async fn send(&self, email: &ConfirmationEmail) -> Result<String, MailError>;
}
