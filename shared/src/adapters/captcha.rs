//! A CAPTCHA checked with its provider's `siteverify` service (Cloudflare
//! Turnstile's, or one that answers alike): the secret and the page's
//! answer posted as a form, `{"success": true|false}` back.

use crate::ports::HumanCheck;
use crate::settings::PublicUrl;
use anyhow::Context;
use async_trait::async_trait;
use serde::Deserialize;
use std::net::IpAddr;
use std::time::Duration;

/// How long the provider has to answer: a supporter is waiting.
const TIMEOUT: Duration = Duration::from_secs(3);

pub struct SiteVerify {
    http: reqwest::Client,
    url: PublicUrl,
    secret: String,
}

impl SiteVerify {
    pub fn new(url: PublicUrl, secret: String) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .context("building the CAPTCHA client")?;
        Ok(Self { http, url, secret })
    }
}

#[derive(Deserialize)]
struct Verdict {
    success: bool,
}

#[async_trait]
impl HumanCheck for SiteVerify {
    async fn passed(&self, answer: &str, client: Option<IpAddr>) -> anyhow::Result<bool> {
        if answer.is_empty() {
            return Ok(false);
        }
        let client = client.map(|ip| ip.to_string());
        let mut form = vec![("secret", self.secret.as_str()), ("response", answer)];
        if let Some(ip) = &client {
            form.push(("remoteip", ip));
        }
        let verdict: Verdict = self
            .http
            .post(self.url.to_string())
            .form(&form)
            .send()
            .await
            .context("asking the CAPTCHA's provider")?
            .error_for_status()
            .context("the CAPTCHA's provider refused the check")?
            .json()
            .await
            .context("reading the CAPTCHA's verdict")?;
        Ok(verdict.success)
    }
}
