//! A whole flow through the local server, as `cargo run -p local` runs it,
//! with every log line on: a letter written, its email's withdraw link
//! followed, an export with personal data, an erasure. Nothing a supporter
//! typed appears in what the server printed.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// What the supporter types: distinctive, so a leak cannot hide.
const TYPED: [(&str, &str); 6] = [
    ("first_name", "Zebediah"),
    ("last_name", "Quillfeather"),
    ("email", "zz-private-4711@example.org"),
    ("street", "42 Peculiar Lane"),
    ("city", "Glimmerton"),
    ("zip", "78701"),
];

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    base: String,
    data_dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Self {
        let data_dir = tempfile::TempDir::new().unwrap();
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_local"))
            .env_clear()
            .env("PORT", port.to_string())
            .env("DATA_DIR", data_dir.path())
            .env("ADMIN_TOKEN", "log-test-token")
            .env("MIN_FILL_SECONDS", "0")
            .env("RUST_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            data_dir,
        }
    }

    /// Everything the server printed, once it has stopped.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let output = self.child.wait_with_output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr)
    }
}

async fn until_ready(client: &reqwest::Client, base: &str) {
    for _ in 0..100 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the local server did not start");
}

/// The link path `/{action}/…` in the one email the server wrote.
async fn link_in_email(server: &Server, action: &str) -> String {
    let outbox = server.data_dir.path().join("outbox");
    for _ in 0..100 {
        let html = std::fs::read_dir(&outbox)
            .into_iter()
            .flatten()
            .flatten()
            .find_map(|entry| {
                let path = entry.path();
                (path.extension()? == "html").then(|| std::fs::read_to_string(path).ok())?
            });
        if let Some(html) = html {
            let marker = format!("/{action}/");
            let start = html.find(&marker).unwrap() + marker.len();
            let token: String = html[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "~.-".contains(*c))
                .collect();
            return format!("{marker}{token}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no email was written");
}

#[tokio::test]
async fn a_whole_flow_logs_nothing_a_supporter_typed() {
    let server = Server::start();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = server.base.clone();
    until_ready(&client, &base).await;

    let asked: serde_json::Value = client
        .get(format!("{base}/c/sesta/form-token"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = asked["form_token"].as_str().unwrap();
    let mut form: Vec<(&str, &str)> = TYPED.to_vec();
    form.extend([
        ("state", "TX"),
        ("subject", "A private subject about Quillfeather"),
        ("message", "My neighbour Zebediah asked me to write."),
        ("closing", "Sincerely"),
        ("opt_in", "on"),
        ("form_token", token),
    ]);
    let sent = client
        .post(format!("{base}/c/sesta/letters"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let invalid = client
        .post(format!("{base}/c/sesta/letters"))
        .form(&[("email", TYPED[2].1)])
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 422);

    let export = client
        .get(format!(
            "{base}/admin/c/sesta/letters?format=csv&include=pii"
        ))
        .bearer_auth("log-test-token")
        .send()
        .await
        .unwrap();
    assert!(export.text().await.unwrap().contains("Quillfeather"));
    let withdraw = link_in_email(&server, "withdraw").await;
    assert_eq!(
        client
            .get(format!("{base}{withdraw}"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .post(format!("{base}{withdraw}"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let erased = client
        .post(format!("{base}/admin/erase"))
        .bearer_auth("log-test-token")
        .json(&serde_json::json!({ "email": TYPED[2].1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), 200);

    let logs = server.stop();
    assert!(
        logs.contains("letter received"),
        "the flow was logged at all"
    );
    assert!(logs.contains("letters erased by address"));
    for (field, value) in TYPED.iter().filter(|(field, _)| *field != "zip") {
        assert!(!logs.contains(value), "{field} ({value}) is in the logs");
    }
    for word in ["Quillfeather", "Zebediah", "private-4711"] {
        assert!(!logs.contains(word), "{word} is in the logs");
    }
}
