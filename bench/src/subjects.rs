//! What the cold-start and memory benchmarks start: each function's release
//! binary with the environment the SAM template and Lambda give it, the
//! empty `lambda_http` function (the floor), and the Python reference.

use crate::events;
use crate::variants::{self, Variant};
use anyhow::ensure;
use serde_json::Value;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// How an answer shows that the invocation did its job.
#[derive(Clone, Copy)]
pub enum Expect {
    /// An HTTP response below 400.
    Http,
    /// An SQS batch response with no failed message.
    NoFailedMessages,
    /// Any answer (the function reports errors through the error route).
    Answer,
}

impl Expect {
    pub fn check(self, answer: &Value) -> anyhow::Result<()> {
        match self {
            Self::Http => {
                let status = answer["statusCode"].as_u64().unwrap_or(0);
                ensure!(
                    (200..400).contains(&status),
                    "HTTP status {status}: {answer}"
                );
            }
            Self::NoFailedMessages => {
                let failed = answer["batchItemFailures"].as_array().map_or(0, Vec::len);
                ensure!(failed == 0, "{failed} messages failed: {answer}");
            }
            Self::Answer => {}
        }
        Ok(())
    }
}

/// One program started as Lambda starts a function.
pub struct Subject {
    pub name: String,
    pub command: Vec<String>,
    pub env: Vec<(String, String)>,
    /// The event of invocation `n` of a run.
    pub event: Box<dyn Fn(usize) -> Value + Send + Sync>,
    pub expect: Expect,
}

/// Where to find the programs and what AWS they talk to.
pub struct Setup {
    pub bin_dir: PathBuf,
    /// The Python interpreter with boto3; `None` leaves the reference out.
    pub python: Option<PathBuf>,
    pub python_dir: PathBuf,
    pub endpoint: String,
    pub table: String,
    pub memory_mb: u32,
    /// Stream records of stored letters, for the consumers.
    pub records: Vec<Value>,
    /// The Secrets Manager secret holding the signing key.
    pub signing_key_arn: String,
    /// The secret holding the chambers' API keys.
    pub delivery_keys_arn: String,
    /// Builds or settings measured beside the tuned build.
    pub variants: Vec<Variant>,
}

fn unique_email() -> String {
    format!("bench-{}@example.org", Uuid::new_v4().simple())
}

impl Setup {
    /// Every subject, the floor first.
    pub fn subjects(&self) -> Vec<Subject> {
        let floor = || Box::new(|n| events::http("GET", "/", None, n));
        let page = || Box::new(|n| events::http("GET", "/c/sesta", None, n));
        let submit = || {
            Box::new(|n| {
                let form = events::letter_form(&unique_email());
                events::http("POST", "/c/sesta/letters", Some(form), n)
            })
        };
        let (stored, queued, to_deliver) = (
            self.records.clone(),
            self.records.clone(),
            self.records.clone(),
        );
        let mut subjects = vec![
            self.rust("floor", "bench-floor", floor(), Expect::Http),
            self.rust(
                "floor, one thread",
                "bench-floor-one-thread",
                floor(),
                Expect::Http,
            ),
            self.rust("campaign-page", "campaign-page", page(), Expect::Http),
            self.rust("submit-letter", "submit-letter", submit(), Expect::Http),
            self.rust(
                "query-submissions",
                "query-submissions",
                Box::new(|n| {
                    let request = events::http("GET", "/admin/c/sesta/summary", None, n);
                    events::signed_by_analyst(request)
                }),
                Expect::Http,
            ),
            self.rust(
                "aggregate-letters",
                "aggregate-letters",
                Box::new(move |n| events::stream_batch(stored[n % stored.len()].clone())),
                Expect::Answer,
            ),
            self.rust(
                "send-confirmation",
                "send-confirmation",
                Box::new(move |n| events::queued(&queued[n % queued.len()])),
                Expect::NoFailedMessages,
            ),
            self.rust(
                "ses-feedback",
                "ses-feedback",
                Box::new(|_| events::bounce(&unique_email())),
                Expect::Answer,
            ),
            self.deliverer(Box::new(move |n| {
                events::queued(&to_deliver[n % to_deliver.len()])
            })),
        ];
        for variant in &self.variants {
            for function in variants::FUNCTIONS {
                if !variant.bin_dir.join(function).is_file() {
                    continue;
                }
                let event: Box<dyn Fn(usize) -> Value + Send + Sync> =
                    if function == "campaign-page" {
                        page()
                    } else {
                        submit()
                    };
                let mut subject = self.rust(function, function, event, Expect::Http);
                subject.name = variants::label(function, &variant.name);
                subject.command = vec![variant.bin_dir.join(function).display().to_string()];
                subject.env.extend(variant.env.iter().cloned());
                subjects.push(subject);
            }
        }
        if let Some(python) = &self.python {
            subjects.push(self.python(python, "python-page", "handlers.page", page()));
            subjects.push(self.python(python, "python-submit", "handlers.submit", submit()));
        }
        subjects
    }

    fn rust(
        &self,
        name: &str,
        binary: &str,
        event: Box<dyn Fn(usize) -> Value + Send + Sync>,
        expect: Expect,
    ) -> Subject {
        Subject {
            name: name.to_owned(),
            command: vec![self.bin_dir.join(binary).display().to_string()],
            env: self.lambda_env(name, "bootstrap", &self.bin_dir),
            event,
            expect,
        }
    }

    /// deliver-letter with what the template gives it when delivery is on
    /// (the services on a closed port: the bundled campaign does not deliver).
    fn deliverer(&self, event: Box<dyn Fn(usize) -> Value + Send + Sync>) -> Subject {
        let mut subject = self.rust(
            "deliver-letter",
            "deliver-letter",
            event,
            Expect::NoFailedMessages,
        );
        let pairs = [
            ("CWC_API_KEYS_SECRET_ARN", self.delivery_keys_arn.as_str()),
            ("CWC_SENATE_URL", "http://127.0.0.1:9/senate"),
            ("CWC_HOUSE_URL", "http://127.0.0.1:9/house"),
            ("CWC_DELIVERY_AGENT", "Friends of the Bench"),
            ("CWC_ACK_EMAIL", "acks@bench.example.org"),
            ("CWC_CONTACT_NAME", "Bench Contact"),
            ("CWC_CONTACT_EMAIL", "contact@bench.example.org"),
            ("CWC_CONTACT_PHONE", "202-555-0100"),
        ];
        subject.env.extend(
            pairs
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned())),
        );
        subject
    }

    fn python(
        &self,
        python: &Path,
        name: &str,
        handler: &str,
        event: Box<dyn Fn(usize) -> Value + Send + Sync>,
    ) -> Subject {
        let bootstrap = self.python_dir.join("bootstrap.py");
        Subject {
            name: name.to_owned(),
            command: vec![
                python.display().to_string(),
                bootstrap.display().to_string(),
            ],
            env: self.lambda_env(name, handler, &self.python_dir),
            event,
            expect: Expect::Http,
        }
    }

    /// What Lambda sets, what the template sets, and AWS on loopback.
    fn lambda_env(&self, name: &str, handler: &str, task_root: &Path) -> Vec<(String, String)> {
        let memory = self.memory_mb.to_string();
        let pairs = [
            ("AWS_LAMBDA_FUNCTION_NAME", name),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", &memory),
            ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
            ("AWS_LAMBDA_LOG_FORMAT", "JSON"),
            ("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench"),
            ("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/28/[$LATEST]bench"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_SESSION_TOKEN", "test"),
            ("AWS_ENDPOINT_URL", &self.endpoint),
            ("_HANDLER", handler),
            ("LAMBDA_TASK_ROOT", &task_root.display().to_string()),
            ("LAMBDA_RUNTIME_DIR", "/var/runtime"),
            ("LANG", "en_US.UTF-8"),
            ("TZ", ":UTC"),
            ("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin"),
            ("TABLE_NAME", &self.table),
            ("SPONSOR_NAME", "Friends of the Bench"),
            ("SPONSOR_POSTAL_ADDRESS", "1 Bench Street, Springfield"),
            ("SPONSOR_PRIVACY_URL", "https://bench.example.org/privacy"),
            ("RUST_LOG", "info"),
            ("RETENTION_DAYS", "365"),
            ("SENDER_EMAIL", crate::aws::SENDER),
            ("SES_CONFIGURATION_SET", crate::aws::CONFIGURATION_SET),
            ("PUBLIC_URL", events::PUBLIC_URL),
            ("SIGNING_KEY_SECRET_ARN", &self.signing_key_arn),
            ("MIN_FILL_SECONDS", "3"),
            // Set, as the template sets it: the client is built at start,
            // though a Texan's letter to Senators never asks it.
            ("CENSUS_GEOCODER_URL", "http://127.0.0.1:9"),
            // The template's default is 10; the memory run sends faster.
            ("SEND_RATE_PER_SECOND", "1000"),
            ("MAILER_MAX_CONCURRENCY", "2"),
        ];
        pairs
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect()
    }
}
