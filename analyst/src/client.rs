//! A client for the analysts' routes. On AWS the routes take requests
//! signed with the analyst's own AWS credentials (SigV4, service
//! `execute-api`); the local server takes a bearer token instead.

use anyhow::{Context, bail};
use aws_credential_types::Credentials;
use aws_credential_types::provider::ProvideCredentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use reqwest::header::{HeaderName, HeaderValue};
use shared::analytics::{OfficeLetters, Summary};
use shared::members::OfficeCode;
use shared::web::admin::NEXT_CURSOR;
use shared::web::admin_campaigns::CampaignListing;
use std::time::SystemTime;

/// How requests prove who is asking.
pub enum Auth {
    Token(String),
    SigV4 {
        credentials: Credentials,
        region: String,
    },
}

impl Auth {
    /// The token if given; else, for the local server (a loopback address,
    /// or any plain `http://` one: API Gateway answers only HTTPS), a plain
    /// refusal rather than an AWS credentials hunt it could not use; else
    /// SigV4 with the AWS environment's credentials.
    pub async fn for_url(base: &reqwest::Url, token: Option<String>) -> anyhow::Result<Self> {
        if let Some(token) = token {
            return Ok(Self::Token(token));
        }
        let local = base.scheme() == "http"
            || match base.host() {
                Some(url::Host::Domain(name)) => name == "localhost",
                Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                None => false,
            };
        if local {
            bail!(
                "the local server takes a token: pass --token, or set ADMIN_TOKEN \
                 (the token the server printed when it started, or its own ADMIN_TOKEN)"
            );
        }
        Self::from_aws_environment().await
    }

    /// SigV4 with the credentials and region the AWS SDK finds (profile,
    /// environment, SSO...).
    pub async fn from_aws_environment() -> anyhow::Result<Self> {
        let config = letters_aws::bootstrap::sdk_loader().load().await;
        let provider = config
            .credentials_provider()
            .context("no AWS credentials found; or pass --token")?;
        let credentials = provider
            .provide_credentials()
            .await
            .context("loading AWS credentials")?;
        let region = config
            .region()
            .context("no AWS region set (AWS_REGION)")?
            .to_string();
        Ok(Self::SigV4 {
            credentials,
            region,
        })
    }
}

/// One page of an export: its bytes, how many letters, where the next starts.
pub struct Page {
    pub body: Vec<u8>,
    pub rows: u64,
    pub next: Option<String>,
}

/// The API's address as given on the command line, checked: a scheme and
/// a host, so a mistyped one is named rather than failing at the request.
pub fn base_url(text: &str) -> anyhow::Result<reqwest::Url> {
    match reqwest::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(url),
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => bail!(
            "{text:?} is not an address the command can reach: give its scheme and host, \
             as in http://127.0.0.1:3000 or https://abc123.execute-api.us-east-1.amazonaws.com"
        ),
        Err(error) => bail!("{text:?} is not a URL: {error}"),
    }
}

/// A refused campaign's problems, one a line: `line 4: gaol: unknown field`.
fn problems(errors: &[serde_json::Value]) -> String {
    let lines: Vec<String> = errors
        .iter()
        .map(|error| {
            let line = error["line"]
                .as_u64()
                .map_or(String::new(), |n| format!("line {n}: "));
            let field = error["field"]
                .as_str()
                .map_or(String::new(), |f| format!("{f}: "));
            format!(
                "\n  {line}{field}{}",
                error["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    format!(
        "the campaign was refused, nothing changed:{}",
        lines.concat()
    )
}

pub struct AnalystClient {
    base: String,
    http: reqwest::Client,
    auth: Auth,
}

impl AnalystClient {
    pub fn new(base: &str, auth: Auth) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
            auth,
        }
    }

    /// A GET of `path` with `query`'s pairs, each encoded.
    async fn get(&self, path: &str, query: &[(&str, &str)]) -> anyhow::Result<reqwest::Response> {
        let request = self
            .http
            .get(format!("{}{path}", self.base))
            .query(query)
            .build()?;
        self.send(request).await
    }

    /// Signs or authorises `request` and sends it; an error for any status
    /// but success, with what the server said.
    async fn send(&self, mut request: reqwest::Request) -> anyhow::Result<reqwest::Response> {
        match &self.auth {
            Auth::Token(token) => {
                let value = HeaderValue::from_str(&format!("Bearer {token}"))
                    .context("the token has characters a header can't hold")?;
                request
                    .headers_mut()
                    .insert(reqwest::header::AUTHORIZATION, value);
            }
            Auth::SigV4 {
                credentials,
                region,
            } => sign_v4(&mut request, credentials, region)?,
        }
        let response = self
            .http
            .execute(request)
            .await
            .with_context(|| format!("reaching {}", self.base))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let asked = response.url().path().to_owned();
        let body = response.text().await.unwrap_or_default();
        // The routes answer `{"error": "..."}`, or a refused campaign
        // `{"errors": [{"line", "field", "message"}]}`; anything else is
        // shown as it came.
        let detail = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|json| {
                json["error"]
                    .as_str()
                    .map(str::to_owned)
                    .or_else(|| json["errors"].as_array().map(|errors| problems(errors)))
            })
            .unwrap_or(body);
        let detail = if detail.trim().is_empty() {
            String::new()
        } else {
            format!(": {}", detail.trim().trim_end_matches('.'))
        };
        match status.as_u16() {
            401 | 403 => bail!("refused ({status}): check your credentials or token{detail}"),
            404 => bail!(
                "nothing at {asked} on {} ({status}){detail}. Check --url and --campaign; \
                 `analyst campaigns` lists the campaigns",
                self.base
            ),
            _ => bail!("the server answered {status} to {asked}{detail}"),
        }
    }

    /// What `publish`'s `answer` for `slug` means, in a sentence or two: the
    /// version (kept, when the text was published already) and status, and
    /// a draft's preview link, whole (a path is on this server).
    pub fn publication_message(&self, slug: &str, answer: &serde_json::Value) -> String {
        let status = answer["status"].as_str().unwrap_or_default();
        let version = &answer["version"];
        let mut message = if answer["unchanged"] == true {
            format!(
                "{slug} is already version {version} ({status}) with this text: nothing changed."
            )
        } else {
            format!("Published {slug} as version {version} ({status}).")
        };
        if let Some(preview) = answer["preview"].as_str() {
            let link = match preview.starts_with('/') {
                true => format!("{}{preview}", self.base),
                false => preview.to_owned(),
            };
            message.push_str(&format!(
                "\nA draft: not public, and takes no letters. Preview it (the link opens it for 14 days):\n{link}"
            ));
        }
        message
    }

    /// Publishes `text` as the campaign `slug` (new, or its next version);
    /// the server's answer: `{"slug", "version", "status", "unchanged"}`,
    /// and a draft's `"preview"` link.
    pub async fn publish(&self, slug: &str, text: String) -> anyhow::Result<serde_json::Value> {
        let request = self
            .http
            .put(format!("{}/admin/campaigns/{slug}", self.base))
            .header(reqwest::header::CONTENT_TYPE, "application/toml")
            .body(text)
            .build()?;
        self.send(request)
            .await?
            .json()
            .await
            .context("reading the publication's answer")
    }

    /// Erases every letter `email` wrote; how many there were.
    pub async fn erase(&self, email: &str) -> anyhow::Result<u64> {
        let request = self
            .http
            .post(format!("{}/admin/erase", self.base))
            .json(&serde_json::json!({ "email": email }))
            .build()?;
        let answer: serde_json::Value = self
            .send(request)
            .await?
            .json()
            .await
            .context("reading the erasure's answer")?;
        answer["erased"]
            .as_u64()
            .context("the answer does not say how many letters were erased")
    }

    /// The campaigns that exist, open or closed.
    pub async fn campaigns(&self) -> anyhow::Result<Vec<CampaignListing>> {
        let response = self.get("/admin/campaigns", &[]).await?;
        response
            .json()
            .await
            .context("reading the list of campaigns")
    }

    pub async fn summary(&self, campaign: &str) -> anyhow::Result<Summary> {
        let response = self
            .get(&format!("/admin/c/{campaign}/summary"), &[])
            .await?;
        response.json().await.context("reading the summary")
    }

    /// One page of letters; `query` is the export's query without the cursor.
    pub async fn export_page(
        &self,
        campaign: &str,
        query: &[(&str, &str)],
        cursor: Option<&str>,
    ) -> anyhow::Result<Page> {
        self.page(&format!("/admin/c/{campaign}/letters"), query, cursor)
            .await
    }

    /// One page of `office`'s `letters`, in `format` (`csv` or `html`).
    pub async fn office_page(
        &self,
        campaign: &str,
        office: &OfficeCode,
        letters: OfficeLetters,
        format: &str,
        cursor: Option<&str>,
    ) -> anyhow::Result<Page> {
        let route = match letters {
            OfficeLetters::Addressed => "letters",
            OfficeLetters::Unreachable => "unreachable",
        };
        let path = format!("/admin/c/{campaign}/offices/{office}/{route}");
        self.page(&path, &[("format", format)], cursor).await
    }

    /// One page of a paged route: its body, rows and the next page's cursor.
    async fn page(
        &self,
        path: &str,
        query: &[(&str, &str)],
        cursor: Option<&str>,
    ) -> anyhow::Result<Page> {
        let mut query = query.to_vec();
        if let Some(cursor) = cursor {
            query.push(("cursor", cursor));
        }
        let response = self.get(path, &query).await?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let next = header(NEXT_CURSOR);
        let rows = header(shared::web::admin::PAGE_ROWS)
            .and_then(|rows| rows.parse().ok())
            .unwrap_or(0);
        let body = response
            .bytes()
            .await
            .context("reading a page of letters")?
            .to_vec();
        Ok(Page { body, rows, next })
    }
}

/// Adds SigV4 headers for API Gateway (`execute-api`) to `request`.
fn sign_v4(
    request: &mut reqwest::Request,
    credentials: &Credentials,
    region: &str,
) -> anyhow::Result<()> {
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("execute-api")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()?
        .into();
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .filter_map(|(name, value)| value.to_str().ok().map(|value| (name.as_str(), value)))
        .collect();
    let body = request
        .body()
        .and_then(|body| body.as_bytes())
        .unwrap_or_default()
        .to_vec();
    let signable = SignableRequest::new(
        request.method().as_str(),
        request.url().as_str(),
        headers.into_iter(),
        SignableBody::Bytes(&body),
    )?;
    let (instructions, _) = sign(signable, &params)?.into_parts();
    for (name, value) in instructions.headers() {
        request.headers_mut().insert(
            HeaderName::from_bytes(name.as_bytes())?,
            HeaderValue::from_str(value)?,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publication_says_its_version_whether_it_changed_and_a_draft_s_whole_preview_link() {
        let client = AnalystClient::new("http://127.0.0.1:3000/", Auth::Token("t".into()));
        let message = |answer: serde_json::Value| client.publication_message("sesta", &answer);
        assert_eq!(
            message(serde_json::json!({"version": 2, "status": "open", "unchanged": false})),
            "Published sesta as version 2 (open)."
        );
        let kept = message(serde_json::json!({"version": 2, "status": "open", "unchanged": true}));
        assert!(
            kept.contains("already version 2") && kept.contains("nothing changed"),
            "{kept}"
        );
        let draft = message(serde_json::json!({
            "version": 1, "status": "draft", "unchanged": false, "preview": "/c/sesta?preview=t.s"
        }));
        assert!(
            draft.ends_with("\nhttp://127.0.0.1:3000/c/sesta?preview=t.s"),
            "{draft}"
        );
    }

    #[test]
    fn query_values_are_encoded() {
        let client = AnalystClient::new("http://127.0.0.1:3000", Auth::Token("t".into()));
        let request = client
            .http
            .get("http://127.0.0.1:3000/admin/c/sesta/letters")
            .query(&[("since", "2026-11-28T00:00:00+01:00")])
            .build()
            .unwrap();
        assert_eq!(
            request.url().query(),
            Some("since=2026-11-28T00%3A00%3A00%2B01%3A00")
        );
    }

    #[test]
    fn sigv4_signs_for_execute_api_in_the_region() {
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let mut request = reqwest::Client::new()
            .get("https://abc.execute-api.us-east-1.amazonaws.com/admin/c/sesta/summary")
            .build()
            .unwrap();
        sign_v4(&mut request, &credentials, "us-east-1").unwrap();
        let authorization = request.headers()["authorization"].to_str().unwrap();
        assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
        assert!(authorization.contains("/us-east-1/execute-api/aws4_request"));
        assert!(request.headers().contains_key("x-amz-date"));
    }
}
