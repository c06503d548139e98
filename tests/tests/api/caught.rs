//! A submission taken for a bot's (a filled honeypot, a forged token) is
//! answered as a stored letter is, and changes nothing anyone can see: not
//! the answer, not the thank-you page, not the public count, its headers,
//! nor whether it is read afresh, until the count's cache turns over for
//! every reader. Only then does a stored letter show.

use crate::helpers::{LAUNCH, Spawn, TestApp, letter_form, letter_json, set};
use local::Backend;
use reqwest::Response;
use serde_json::Value;
use shared::clock::Clock;
use time::{Duration, OffsetDateTime};

/// How long the app under test remembers its count.
const COUNT_TTL: Duration = Duration::seconds(5);

/// A response as anyone can see it: status, headers but the date, body.
#[derive(Debug, PartialEq)]
struct Seen {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    async fn of(response: Response) -> Self {
        let status = response.status().as_u16();
        let mut headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|(name, _)| *name != "date")
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
            .collect();
        headers.sort();
        let body = response.text().await.unwrap();
        Self {
            status,
            headers,
            body,
        }
    }
}

/// Everything public after a submission: its answer, the page it leads
/// to, the count's route, and the count the campaign page shows (the page
/// itself carries a fresh form token each time).
#[derive(Debug, PartialEq)]
struct Public {
    answer: Seen,
    thanks: Option<Seen>,
    count: Seen,
    count_on_page: String,
}

impl Public {
    async fn after(app: &TestApp, answer: Response) -> Self {
        let mut answer = Seen::of(answer).await;
        // A JSON answer names the letter by a random id, stored or not.
        if let Ok(mut body) = serde_json::from_str::<Value>(&answer.body) {
            assert!(body["id"].is_string(), "{body}");
            body["id"] = "an id".into();
            answer.body = body.to_string();
        }
        let thanks = match answer.headers.iter().find(|(name, _)| name == "location") {
            Some((_, location)) => Some(Seen::of(app.get(location).await).await),
            None => None,
        };
        let page = app.get(&format!("/c/{LAUNCH}")).await.text().await.unwrap();
        let (_, shown) = page
            .split_once("data-count>")
            .expect("the page shows the count");
        Self {
            answer,
            thanks,
            count: Seen::of(app.get(&format!("/c/{LAUNCH}/count")).await).await,
            count_on_page: shown.split('<').next().unwrap().to_owned(),
        }
    }
}

/// The app with its clock stopped, remembering its count as deployed.
async fn spawn_with_remembered_count() -> TestApp {
    let count_ttl = COUNT_TTL.whole_seconds().to_string();
    Spawn {
        clock: Clock::stopped_at(OffsetDateTime::now_utc()),
        env: &[
            ("MIN_FILL_SECONDS", "0"),
            ("COUNT_CACHE_SECONDS", &count_ttl),
        ],
        ..Spawn::new(Backend::Embedded)
    }
    .start()
    .await
}

/// How a submission is sent: form-encoded, or as the page's script sends it.
#[derive(Debug, Clone, Copy)]
enum Format {
    Form,
    Json,
}

/// What makes a submission a bot's, if anything.
#[derive(Debug, Clone, Copy)]
enum Sender {
    Person,
    FilledHoneypot,
    ForgedToken,
}

impl Sender {
    /// The field that gives a bot away, as it sends it.
    fn tell(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Person => None,
            Self::FilledHoneypot => Some(("website", "http://spam.example")),
            Self::ForgedToken => Some(("form_token", "123~abc.00112233445566778899aabbccddeeff")),
        }
    }
}

async fn submit(app: &TestApp, format: Format, sender: Sender, email: &str) -> Response {
    match format {
        Format::Form => {
            let mut fields = letter_form(email, "TX");
            if let Some((field, value)) = sender.tell() {
                set(&mut fields, field, value);
            }
            app.post_form(LAUNCH, &fields).await
        }
        Format::Json => {
            let mut letter = letter_json(email, "TX");
            if let Some((field, value)) = sender.tell() {
                letter[field] = value.into();
            }
            app.post_json(LAUNCH, &letter).await
        }
    }
}

#[tokio::test]
async fn a_caught_submission_changes_nothing_a_visitor_can_see_until_the_count_turns_over() {
    for format in [Format::Form, Format::Json] {
        let app = spawn_with_remembered_count().await;
        assert_eq!(app.count(LAUNCH).await, 0, "the count as first read");

        let mut seen = Vec::new();
        for (sender, email) in [
            (Sender::FilledHoneypot, "bot@example.org"),
            (Sender::ForgedToken, "forger@example.org"),
            (Sender::Person, "ada@example.org"),
        ] {
            let answer = submit(&app, format, sender, email).await;
            seen.push((sender, Public::after(&app, answer).await));
        }
        let (_, stored) = seen.last().unwrap();
        assert!(
            matches!(stored.answer.status, 201 | 303),
            "{format:?}: {stored:?}"
        );
        assert_eq!(stored.count_on_page, "0", "{format:?}");
        for (sender, caught) in &seen {
            assert_eq!(caught, stored, "{format:?}, {sender:?}");
        }

        app.clock.advance(COUNT_TTL - Duration::seconds(1));
        assert_eq!(
            app.count(LAUNCH).await,
            0,
            "{format:?}: not yet turned over"
        );
        app.clock.advance(Duration::seconds(1));
        assert_eq!(
            app.count(LAUNCH).await,
            1,
            "{format:?}: turned over, the stored letter shows, and it alone"
        );
    }
}
