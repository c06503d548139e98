//! The local server's mailer: each email is written as an `.eml` file (and
//! its HTML part beside it, to open in a browser) under `outbox/`, for its
//! owner's eyes only.

use crate::adapters::private_files;
use crate::ports::{Email, MailError, Mailer};
use anyhow::Context;
use async_trait::async_trait;
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use std::path::{Path, PathBuf};
use uuid::Uuid;

pub struct OutboxMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl OutboxMailer {
    /// Writes under `dir` (created if missing), as if sent from `from`.
    pub fn new(dir: &Path, from: Mailbox) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self {
            dir: dir.to_owned(),
            from,
        })
    }

    fn write(&self, email: &Email) -> anyhow::Result<String> {
        let id = Uuid::new_v4().to_string();
        let message = Message::builder()
            .from(self.from.clone())
            .to(email
                .to
                .for_sending()
                .parse()
                .context("a recipient lettre refuses")?)
            .subject(&email.subject)
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .context("building a MIME message")?;
        private_files::write(&self.dir.join(format!("{id}.eml")), message.formatted())?;
        private_files::write(&self.dir.join(format!("{id}.html")), &email.html)?;
        Ok(id)
    }

    /// Deletes the message `id` it wrote, if it is still there.
    pub fn delete(&self, id: &str) -> anyhow::Result<()> {
        // Only an id it made: no other file can be named.
        let id = Uuid::parse_str(id).context("not an outbox message's id")?;
        for file in [format!("{id}.eml"), format!("{id}.html")] {
            match std::fs::remove_file(self.dir.join(&file)) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(error).with_context(|| format!("deleting {file}"));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, email: &Email) -> Result<String, MailError> {
        self.write(email).map_err(MailError::Transient)
    }
}
