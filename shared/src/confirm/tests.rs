//! The confirmation sender with its ports faked: a store that keeps
//! statuses in memory and a mailer that answers as each test scripts it.

use super::*;
use crate::domain::EmailAddress;
use crate::fixtures::{emails, letter};
use crate::ports::Email;
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::Mutex;
use uuid::Uuid;

#[derive(Default)]
struct FakeStore {
    statuses: Mutex<HashMap<Uuid, ConfirmationStatus>>,
    suppressed: Mutex<Vec<EmailAddress>>,
}

impl FakeStore {
    fn status(&self, letter: &Letter) -> ConfirmationStatus {
        self.statuses.lock().unwrap()[&letter.id].clone()
    }

    fn set(&self, letter: &Letter, status: ConfirmationStatus) {
        self.statuses.lock().unwrap().insert(letter.id, status);
    }
}

#[async_trait]
impl ConfirmationStore for FakeStore {
    async fn claim(
        &self,
        letter: &Letter,
        now: OffsetDateTime,
        _lease: Duration,
    ) -> Result<Claim, StoreError> {
        let mut statuses = self.statuses.lock().unwrap();
        let status = statuses
            .entry(letter.id)
            .or_insert(ConfirmationStatus::Pending);
        Ok(match status {
            ConfirmationStatus::Pending => {
                *status = ConfirmationStatus::Sending {
                    claimed_at: now.unix_timestamp(),
                };
                Claim::Claimed
            }
            ConfirmationStatus::Sending { .. } => Claim::HeldElsewhere,
            settled => Claim::Settled(settled.clone()),
        })
    }

    async fn settle(&self, letter: &Letter, status: &ConfirmationStatus) -> Result<(), StoreError> {
        self.set(letter, status.clone());
        Ok(())
    }

    async fn is_suppressed(&self, email: &EmailAddress) -> Result<bool, StoreError> {
        Ok(self.suppressed.lock().unwrap().contains(email))
    }

    async fn suppress(&self, email: &EmailAddress) -> Result<(), StoreError> {
        self.suppressed.lock().unwrap().push(email.clone());
        Ok(())
    }
}

/// A mailer that gives each send the next scripted answer.
struct ScriptedMailer {
    answers: Mutex<Vec<Result<String, MailError>>>,
    sent: Mutex<Vec<Email>>,
}

impl ScriptedMailer {
    fn answering(answers: Vec<Result<String, MailError>>) -> Arc<Self> {
        Arc::new(Self {
            answers: Mutex::new(answers),
            sent: Mutex::new(Vec::new()),
        })
    }

    fn sends(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
}

#[async_trait]
impl Mailer for ScriptedMailer {
    async fn send(&self, email: &Email) -> Result<String, MailError> {
        self.sent.lock().unwrap().push(email.clone());
        self.answers.lock().unwrap().remove(0)
    }
}

fn sender(store: &Arc<FakeStore>, mailer: &Arc<ScriptedMailer>) -> ConfirmationSender {
    ConfirmationSender::new(
        store.clone(),
        mailer.clone(),
        emails(),
        Pacer::new(1000.0),
        Duration::from_secs(60),
    )
}

#[tokio::test]
async fn a_letter_is_sent_once_and_settled_with_the_message_id() {
    let (store, mailer) = (
        Arc::new(FakeStore::default()),
        ScriptedMailer::answering(vec![Ok("m-1".into())]),
    );
    let sender = sender(&store, &mailer);
    let letter = letter("ada@example.org");
    assert_eq!(sender.confirm(&letter).await.unwrap(), SendOutcome::Sent);
    assert_eq!(
        sender.confirm(&letter).await.unwrap(),
        SendOutcome::AlreadySettled
    );
    assert_eq!(mailer.sends(), 1);
    assert_eq!(
        store.status(&letter),
        ConfirmationStatus::Sent {
            message_id: "m-1".into()
        }
    );
}

#[tokio::test]
async fn passing_failures_hand_the_letter_back_for_a_retry() {
    for (answer, expected) in [
        (MailError::Throttled, "throttling"),
        (
            MailError::Transient(anyhow::anyhow!("connection reset")),
            "connection reset",
        ),
    ] {
        let (store, mailer) = (
            Arc::new(FakeStore::default()),
            ScriptedMailer::answering(vec![Err(answer)]),
        );
        let letter = letter("ada@example.org");
        let error = sender(&store, &mailer).confirm(&letter).await.unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
        assert_eq!(store.status(&letter), ConfirmationStatus::Pending);
    }
}

#[tokio::test]
async fn a_rejection_is_settled_as_failed_with_its_reason_and_not_retried() {
    let rejected = MailError::Rejected {
        code: "MessageRejected".into(),
        message: "Email address is not verified.".into(),
    };
    let (store, mailer) = (
        Arc::new(FakeStore::default()),
        ScriptedMailer::answering(vec![Err(rejected)]),
    );
    let letter = letter("ada@example.org");
    let outcome = sender(&store, &mailer).confirm(&letter).await.unwrap();
    assert_eq!(outcome, SendOutcome::Failed);
    assert_eq!(
        store.status(&letter),
        ConfirmationStatus::Failed {
            reason: "MessageRejected: Email address is not verified.".into()
        }
    );
}

#[tokio::test]
async fn a_suppressed_address_or_a_letter_held_elsewhere_sends_nothing() {
    let (store, mailer) = (
        Arc::new(FakeStore::default()),
        ScriptedMailer::answering(Vec::new()),
    );
    let sender = sender(&store, &mailer);
    let suppressed = letter("gone@example.org");
    store.suppress(&suppressed.fields.email).await.unwrap();
    assert_eq!(
        sender.confirm(&suppressed).await.unwrap(),
        SendOutcome::Suppressed
    );
    assert_eq!(store.status(&suppressed), ConfirmationStatus::Suppressed);

    let held = letter("ada@example.org");
    store.set(&held, ConfirmationStatus::Sending { claimed_at: 0 });
    assert!(matches!(
        sender.confirm(&held).await,
        Err(RetryLater::HeldElsewhere)
    ));
    assert_eq!(mailer.sends(), 0);
}

#[tokio::test]
async fn a_letter_whose_email_cannot_be_composed_is_handed_back() {
    let (store, mailer) = (
        Arc::new(FakeStore::default()),
        ScriptedMailer::answering(Vec::new()),
    );
    let mut letter = letter("ada@example.org");
    letter.campaign = crate::domain::CampaignSlug::parse("retired").unwrap();
    let error = sender(&store, &mailer).confirm(&letter).await.unwrap_err();
    assert!(error.to_string().contains("not in this build"), "{error}");
    assert_eq!(store.status(&letter), ConfirmationStatus::Pending);
    assert_eq!(mailer.sends(), 0);
}
