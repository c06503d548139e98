//! The mailer never sends faster than its rate.

use async_trait::async_trait;
use shared::adapters::{EmbeddedLetterStore, OutboxMailer};
use shared::confirm::{ConfirmationSender, Pacer, SendOutcome};
use shared::fixtures::{emails, letter};
use shared::ports::{Email, LetterStore, MailError, Mailer};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The real outbox mailer, with the moment of each send noted.
struct TimedMailer {
    outbox: OutboxMailer,
    sent_at: Mutex<Vec<Instant>>,
}

#[async_trait]
impl Mailer for TimedMailer {
    async fn send(&self, email: &Email) -> Result<String, MailError> {
        self.sent_at.lock().unwrap().push(Instant::now());
        self.outbox.send(email).await
    }
}

#[tokio::test]
async fn n_sends_at_rate_r_take_n_over_r_seconds_and_never_exceed_r_in_a_second() {
    const N: usize = 15;
    const RATE: usize = 10;
    let dir = tempfile::TempDir::new().unwrap();
    let store = Arc::new(EmbeddedLetterStore::open(dir.path()).unwrap());
    let letters: Vec<_> = (0..N)
        .map(|n| letter(&format!("s{n}@example.org")))
        .collect();
    for letter in &letters {
        store.record(letter).await.unwrap();
    }
    let mailer = Arc::new(TimedMailer {
        outbox: OutboxMailer::new(
            &dir.path().join("outbox"),
            "letters@example.org".parse().unwrap(),
        )
        .unwrap(),
        sent_at: Mutex::new(Vec::new()),
    });
    let confirmer = Arc::new(ConfirmationSender::new(
        store,
        mailer.clone(),
        emails(),
        Pacer::new(RATE as f64),
        Duration::from_secs(60),
    ));

    let start = Instant::now();
    let sends: Vec<_> = letters
        .into_iter()
        .map(|letter| {
            let confirmer = confirmer.clone();
            tokio::spawn(async move { confirmer.confirm(&letter).await.unwrap() })
        })
        .collect();
    for send in sends {
        assert_eq!(send.await.unwrap(), SendOutcome::Sent);
    }
    let elapsed = start.elapsed();

    let sent_at = mailer.sent_at.lock().unwrap().clone();
    assert_eq!(sent_at.len(), N);
    assert!(
        elapsed >= Duration::from_secs_f64(N as f64 / RATE as f64),
        "{elapsed:?}"
    );
    for &window_start in &sent_at {
        let in_window = sent_at
            .iter()
            .filter(|&&t| t >= window_start && t < window_start + Duration::from_secs(1))
            .count();
        assert!(in_window <= RATE, "{in_window} sends in one second");
    }
}
