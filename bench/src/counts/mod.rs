//! `bench counts`: one letter's whole life through the real handlers
//! against moto, every AWS call counted by service and operation with
//! DynamoDB's units reckoned from item sizes (`proxy.rs`, `units.rs`), and
//! every HTTP request by route with its bytes, headers included. It writes
//! the file `bench cost` prices the day from (`docs/performance-counts.json`).
//!
//! The life: the count read (what each page environment does every 5 s),
//! a page view with the assets its HTML names and one count poll, the
//! letter sent and its thank-you page, the stream handed to the aggregator,
//! the confirmation mailed, the confirm link opened and pressed, the letter
//! delivered to its offices (the stand-in for Congress's services), and the
//! withdraw link opened and pressed. The stream's records are read from
//! moto directly, as the pipe and Lambda read them (priced per letter by
//! `bench cost`, not counted here).

mod proxy;
pub mod units;

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use integration_tests::cwc_stand_in::StandIn;
use integration_tests::{delivery, moto};
use letters_aws::dynamodb::ChangeStream;
use letters_aws::queue::handle_batch;
use letters_aws::{DynamoDbLetterStore, DynamoDbStream, SesMailer};
use local::{AdminToken, Backend, Consumers, LocalSettings, ServeLimits};
pub use proxy::Calls;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::aggregate::{StreamBatch, handle_stream_batch};
use shared::confirm::{ConfirmationSender, Pacer};
use shared::settings::{CwcVariant, Env};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// One route's requests in one phase, and their bytes on the wire as
/// HTTP/1.1 frames them (the request line or status line, each header,
/// the body).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Route {
    pub requests: u64,
    pub request_bytes: u64,
    pub response_header_bytes: u64,
    pub response_body_bytes: u64,
    /// The body gzipped, as CloudFront compresses text it serves.
    pub response_body_gzip_bytes: u64,
}

/// One phase of a letter's life: the AWS calls and HTTP requests it made.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Phase {
    pub aws: BTreeMap<String, Calls>,
    pub http: BTreeMap<String, Route>,
    /// Records the table's stream carried from this phase's writes.
    pub stream_records: u64,
}

/// One campaign's counted life.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Life {
    pub campaign: String,
    /// Offices the letter went to.
    pub offices: u64,
    /// Offices the stand-in took the letter for (the others settled
    /// otherwise: the stand-in's list of House offices is its own).
    pub offices_delivered: u64,
    /// The letter's item after it was stored, as DynamoDB sizes it.
    pub letter_item_bytes: u64,
    pub phases: BTreeMap<String, Phase>,
}

/// The file: how it was made, and each campaign's life.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CountsFile {
    pub recorded: String,
    pub lives: Vec<Life>,
}

/// A campaign to count: its slug, its catalog, and the offices the
/// stand-in takes for a Texan at the fixture's address.
struct Campaign {
    slug: &'static str,
    catalog: shared::campaign::CampaignCatalog,
    offices: &'static [&'static str],
}

/// Runs each campaign's life against moto at `moto_endpoint` and writes
/// the file to `out`.
pub async fn run(moto_endpoint: &str, out: &Path, recorded: String) -> anyhow::Result<()> {
    let campaigns = [
        Campaign {
            slug: "sesta",
            catalog: shared::fixtures::delivering_catalog(),
            offices: &["STX01", "STX02"],
        },
        Campaign {
            slug: "congress-demo",
            catalog: shared::fixtures::catalog_with_targets(&[("congress-demo", "\"congress\"")]),
            offices: &["STX01", "STX02", "HTX37"],
        },
    ];
    let mut file = CountsFile {
        recorded,
        lives: Vec::new(),
    };
    for campaign in campaigns {
        let life = live(moto_endpoint, &campaign).await?;
        println!("\n{}: {} offices", life.campaign, life.offices);
        for (name, phase) in &life.phases {
            for (call, counted) in &phase.aws {
                println!(
                    "  {name}: {call} x{} ({} refused), {} write units, {} index, {} read",
                    counted.calls,
                    counted.refused,
                    counted.write_units,
                    counted.index_write_units,
                    counted.read_units
                );
            }
            for (route, r) in &phase.http {
                println!(
                    "  {name}: {route} x{}, {} B out, {} B back ({} headers)",
                    r.requests,
                    r.request_bytes,
                    r.response_header_bytes + r.response_body_bytes,
                    r.response_header_bytes
                );
            }
        }
        file.lives.push(life);
    }
    let mut written = std::fs::File::create(out)?;
    serde_json::to_writer_pretty(&mut written, &file)?;
    writeln!(written)?;
    println!("\nWritten: {}", out.display());
    Ok(())
}

/// The SDK as a background function has it, at `endpoint`.
async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    letters_aws::bootstrap::Patience::BACKGROUND
        .loader()
        .endpoint_url(endpoint)
        .load()
        .await
}

/// One letter's life for `campaign`.
async fn live(moto_endpoint: &str, campaign: &Campaign) -> anyhow::Result<Life> {
    let proxy = proxy::CountingProxy::start(moto_endpoint).await?;
    let direct = sdk_config(moto_endpoint).await;
    let table = format!("counts-{}", uuid::Uuid::new_v4());
    let direct_store = DynamoDbLetterStore::new(aws_sdk_dynamodb::Client::new(&direct), &table);
    direct_store
        .create_table_if_missing(ChangeStream::NewImages)
        .await?;
    aws_sdk_ses::Client::new(&direct)
        .verify_email_identity()
        .email_address("letters@example.org")
        .send()
        .await?;

    let data_dir = tempfile::TempDir::new()?;
    let env = Env::from_pairs([("MIN_FILL_SECONDS", "0")]);
    let mut local = LocalSettings::isolated(
        data_dir.path(),
        Backend::Aws {
            table: table.clone(),
        },
        AdminToken::new("counts"),
        &env,
    );
    local.aws_endpoint = Some(proxy.endpoint.clone());
    let router = local::build(&local, campaign.catalog.clone(), Consumers::None).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(local::serve(
        listener,
        router,
        ServeLimits::default(),
        std::future::pending(),
    ));
    let web = Web {
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?,
        base: base.clone(),
        routes: Default::default(),
    };
    let slug = campaign.slug;
    let email = format!("{table}@example.org");
    let through = sdk_config(&proxy.endpoint).await;
    let store = Arc::new(DynamoDbLetterStore::new(
        aws_sdk_dynamodb::Client::new(&through),
        &table,
    ));
    let mut life = Life {
        campaign: slug.to_owned(),
        offices: campaign.offices.len() as u64,
        ..Life::default()
    };
    let mut seen = 0;
    let records = || moto_records(&direct, &table);

    proxy.phase("count read");
    web.get(&format!("/c/{slug}/count"), "GET /c/{slug}/count")
        .await?;
    end_phase(
        "count read",
        &mut life,
        &web,
        records().await.len(),
        &mut seen,
    );

    proxy.phase("page view");
    let html = web.get(&format!("/c/{slug}"), "GET /c/{slug}").await?;
    for asset in assets(&html) {
        web.get(&asset, &format!("GET {asset}")).await?;
    }
    web.get(&format!("/c/{slug}/count"), "GET /c/{slug}/count")
        .await?;
    end_phase(
        "page view",
        &mut life,
        &web,
        records().await.len(),
        &mut seen,
    );

    proxy.phase("submit");
    // The page is the same for everyone: its script fetches the form's
    // token when the visitor first touches the form.
    let answer = web
        .get(&format!("/c/{slug}/form-token"), "GET /c/{slug}/form-token")
        .await?;
    let token: serde_json::Value = serde_json::from_str(&answer)?;
    let token = token["form_token"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("the token route gave no form token"))?;
    let mut letter = serde_json::to_value(shared::fixtures::letter_form("TX", &email))?;
    letter["form_token"] = token.into();
    letter["prefix"] = "Ms.".into();
    // Updates asked for: the email then carries a confirm link to press.
    letter["opt_in"] = true.into();
    let answer = web
        .post_json(
            &format!("/c/{slug}/letters"),
            "POST /c/{slug}/letters",
            &letter,
        )
        .await?;
    let district = answer["district"]
        .as_str()
        .map_or_else(String::new, |d| format!("&district={d}"));
    web.get(
        &format!("/c/{slug}/thanks?state=TX{district}"),
        "GET /c/{slug}/thanks",
    )
    .await?;
    let stream = records().await;
    end_phase("submit", &mut life, &web, stream.len(), &mut seen);
    life.letter_item_bytes = stream
        .iter()
        .find(|r| is_letter(r))
        .map_or(0, |r| units::item_bytes(&r["dynamodb"]["NewImage"]) as u64);

    proxy.phase("aggregate");
    aggregate(&store, stream.clone()).await?;
    end_phase(
        "aggregate",
        &mut life,
        &web,
        records().await.len(),
        &mut seen,
    );

    proxy.phase("confirmation mail");
    let mailer = Arc::new(SesMailer::new(
        aws_sdk_ses::Client::new(&through),
        &"Letters demo <letters@example.org>".parse()?,
        None,
    ));
    // Links signed with the server's own key, so that its link pages open them.
    let key = std::fs::read_to_string(data_dir.path().join("signing.key"))?;
    let emails = shared::confirm::ConfirmationEmails::new(
        campaign.catalog.clone(),
        shared::members::Members::bundled()?,
        shared::settings::Sponsor::demo(),
        "https://letters.example.org"
            .parse()
            .map_err(anyhow::Error::msg)?,
        shared::links::LetterLinks::new(shared::signing::SigningKey::from_secret(&key)?),
    );
    let sender = ConfirmationSender::new(
        store.clone(),
        mailer,
        emails,
        Pacer::new(1000.0),
        Duration::from_secs(30),
    );
    let new_letters: Vec<Value> = stream.iter().filter(|r| is_letter(r)).cloned().collect();
    let failures = handle_batch(&sender, &DynamoDbStream, None, sqs_event(&new_letters)).await;
    anyhow::ensure!(failures.batch_item_failures.is_empty(), "the mailer failed");
    let stream = records().await;
    aggregate(&store, stream[seen..].to_vec()).await?;
    end_phase(
        "confirmation mail",
        &mut life,
        &web,
        stream.len(),
        &mut seen,
    );

    let mail = moto::ses_messages(moto_endpoint)
        .await
        .into_iter()
        .find(|m| m.to == email)
        .ok_or_else(|| anyhow::anyhow!("no confirmation in moto"))?;
    proxy.phase("confirm click");
    let confirm = link(&mail.body, "confirm")?;
    web.get(&confirm, "GET /confirm/{token}").await?;
    web.post_form(&confirm, "POST /confirm/{token}").await?;
    let stream = records().await;
    aggregate(&store, stream[seen..].to_vec()).await?;
    end_phase("confirm click", &mut life, &web, stream.len(), &mut seen);

    proxy.phase("delivery");
    let stand_in = StandIn::start(campaign.offices).await;
    let settings = delivery::settings(
        &stand_in,
        CwcVariant::default_for(shared::domain::Chamber::Senate),
        1000.0,
    );
    let deliverer = delivery::deliverer(
        store.clone(),
        settings,
        campaign.offices,
        Duration::from_secs(5),
    );
    let latest: Vec<Value> = stream
        .iter()
        .rev()
        .find(|r| is_letter(r))
        .cloned()
        .into_iter()
        .collect();
    let failures = handle_batch(&deliverer, &DynamoDbStream, None, sqs_event(&latest)).await;
    anyhow::ensure!(failures.batch_item_failures.is_empty(), "delivery failed");
    life.offices_delivered = stand_in.taken().len() as u64;
    let stream = records().await;
    aggregate(&store, stream[seen..].to_vec()).await?;
    end_phase("delivery", &mut life, &web, stream.len(), &mut seen);

    proxy.phase("withdraw");
    let withdraw = link(&mail.body, "withdraw")?;
    web.get(&withdraw, "GET /withdraw/{token}").await?;
    web.post_form(&withdraw, "POST /withdraw/{token}").await?;
    let stream = records().await;
    aggregate(&store, stream[seen..].to_vec()).await?;
    end_phase("withdraw", &mut life, &web, stream.len(), &mut seen);

    for (phase, calls) in proxy.counted() {
        if let Some(kept) = life.phases.get_mut(&phase) {
            kept.aws = calls;
        }
    }
    Ok(life)
}

/// Closes phase `name`: the requests made in it, and the stream records
/// since the last phase (`seen` of them before).
fn end_phase(name: &str, life: &mut Life, web: &Web, records: usize, seen: &mut usize) {
    let phase = life.phases.entry(name.to_owned()).or_default();
    phase.http = std::mem::take(&mut *web.routes.lock().expect("not poisoned"));
    phase.stream_records = (records - *seen) as u64;
    *seen = records;
}

/// Whether a stream record is a new letter's.
fn is_letter(record: &Value) -> bool {
    record["dynamodb"]["Keys"]["pk"]["S"]
        .as_str()
        .is_some_and(|pk| pk.starts_with("LETTER#"))
}

async fn aggregate(store: &DynamoDbLetterStore, records: Vec<Value>) -> anyhow::Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    handle_stream_batch(&DynamoDbStream, store, StreamBatch { records }).await?;
    Ok(())
}

async fn moto_records(config: &aws_config::SdkConfig, table: &str) -> Vec<Value> {
    moto::stream_records(
        &aws_sdk_dynamodb::Client::new(config),
        &aws_sdk_dynamodbstreams::Client::new(config),
        table,
    )
    .await
}

fn sqs_event(records: &[Value]) -> SqsEvent {
    let mut event = SqsEvent::default();
    for (at, record) in records.iter().enumerate() {
        let mut message = SqsMessage::default();
        message.message_id = Some(at.to_string());
        message.body = Some(record.to_string());
        event.records.push(message);
    }
    event
}

/// The path of the `action` link in an email's HTML.
fn link(email: &str, action: &str) -> anyhow::Result<String> {
    let marker = format!("/{action}/");
    let start = email
        .find(&marker)
        .ok_or_else(|| anyhow::anyhow!("the email has no {action} link"))?;
    let token: String = email[start + marker.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "~.-_".contains(*c))
        .collect();
    Ok(format!("{marker}{token}"))
}

/// The same-site files a browser fetches for a page: its stylesheets,
/// scripts and images.
fn assets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let attribute = if tag.starts_with("script") || tag.starts_with("img") {
            "src=\""
        } else if tag.starts_with("link") && tag.contains("stylesheet") {
            "href=\""
        } else {
            continue;
        };
        if let Some(path) = tag
            .split(attribute)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .filter(|path| path.starts_with('/') && !path.starts_with("//"))
            && !found.iter().any(|f| f == path)
        {
            found.push(path.to_owned());
        }
    }
    found
}

/// A browser's requests to the app, each counted under its route.
struct Web {
    client: reqwest::Client,
    base: String,
    routes: Arc<std::sync::Mutex<BTreeMap<String, Route>>>,
}

/// Headers a browser sends on every request, beside what the client adds
/// (a desktop Chrome's, measured from its requests: about 600 bytes).
const BROWSER_HEADERS: [(&str, &str); 4] = [
    (
        "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    ),
    (
        "accept",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    ),
    ("accept-language", "en-US,en;q=0.9"),
    ("accept-encoding", "gzip, deflate, br, zstd"),
];

impl Web {
    async fn get(&self, path: &str, route: &str) -> anyhow::Result<String> {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request, route, 200).await
    }

    async fn post_json(&self, path: &str, route: &str, body: &Value) -> anyhow::Result<Value> {
        let request = self.client.post(format!("{}{path}", self.base)).json(body);
        Ok(serde_json::from_str(
            &self.send(request, route, 201).await?,
        )?)
    }

    async fn post_form(&self, path: &str, route: &str) -> anyhow::Result<String> {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded");
        self.send(request, route, 200).await
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        route: &str,
        expected: u16,
    ) -> anyhow::Result<String> {
        let mut request = request;
        for (name, value) in BROWSER_HEADERS {
            request = request.header(name, value);
        }
        let request = request.build()?;
        let url = request.url();
        let body_len = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .map_or(0, <[u8]>::len);
        let line = format!(
            "{} {}{} HTTP/1.1\r\n",
            request.method(),
            url.path(),
            url.query().map_or_else(String::new, |q| format!("?{q}"))
        );
        let host = format!("host: {}\r\n", url.authority());
        let length = if body_len > 0 {
            format!("content-length: {body_len}\r\n")
        } else {
            String::new()
        };
        let request_bytes =
            line.len() + host.len() + length.len() + header_bytes(request.headers()) + 2 + body_len;
        let response = self.client.execute(request).await?;
        let status = response.status();
        let status_line = format!("HTTP/1.1 {status}\r\n").len();
        let headers = status_line + header_bytes(response.headers()) + 2;
        let body = response.bytes().await?;
        anyhow::ensure!(
            status.as_u16() == expected,
            "{route}: {status}, not {expected}: {}",
            String::from_utf8_lossy(&body)
        );
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gzip.write_all(&body)?;
        let gzipped = gzip.finish()?.len();
        let mut routes = self.routes.lock().expect("not poisoned");
        let counted = routes.entry(route.to_owned()).or_default();
        counted.requests += 1;
        counted.request_bytes += request_bytes as u64;
        counted.response_header_bytes += headers as u64;
        counted.response_body_bytes += body.len() as u64;
        counted.response_body_gzip_bytes += gzipped.min(body.len()) as u64;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}

/// Bytes of headers as HTTP/1.1 frames them: `name: value\r\n` each.
fn header_bytes(headers: &reqwest::header::HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| name.as_str().len() + 2 + value.len() + 2)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_assets_are_its_same_site_stylesheets_scripts_and_images() {
        let html = r#"<link rel="stylesheet" href="/static/site.css"><link rel="icon" href="/i.png">
            <script src="/static/app.js" defer></script><img src="https://x.org/a.png"><img src="/static/s.svg">"#;
        assert_eq!(
            assets(html),
            ["/static/site.css", "/static/app.js", "/static/s.svg"]
        );
    }
}
