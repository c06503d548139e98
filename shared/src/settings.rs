//! Settings, read once per process from one snapshot of the environment.
//! Every variable is read here and nowhere else; a malformed one stops
//! start-up with a message naming it, and so does a missing one that the
//! process needs (asked for by the part that needs it, at start).

mod delivery;

pub use delivery::{
    BillTypeSpelling, BillsLayout, ChamberService, CwcVariant, DeliveryAgent, DeliverySetting,
    DeliverySettings, TextPlacement,
};

use crate::domain::Origin;
pub use crate::domain::PublicUrl;
use crate::ports::RateLimit;
use lettre::message::Mailbox;
use std::collections::HashMap;
use std::fmt;

/// The environment as the process found it.
#[derive(Debug, Clone, Default)]
pub struct Env(HashMap<String, String>);

impl Env {
    pub fn from_process() -> Self {
        Self(std::env::vars().collect())
    }

    /// An environment of exactly these variables, for tests.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
        )
    }

    /// The variable's value; set but empty counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }
}

/// Every problem found with the settings, each naming its variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SettingsError(Vec<String>);

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

impl SettingsError {
    fn missing(name: &str) -> Self {
        Self(vec![format!("the environment variable {name} must be set")])
    }
}

/// Reads variables from an [`Env`], noting every problem, so that all of
/// them are reported at once.
pub struct Reader<'a> {
    env: &'a Env,
    problems: Vec<String>,
}

impl<'a> Reader<'a> {
    pub fn new(env: &'a Env) -> Self {
        Self {
            env,
            problems: Vec::new(),
        }
    }

    pub fn text(&self, name: &str) -> Option<String> {
        self.env.get(name).map(str::to_owned)
    }

    /// A value parsed by `parse`, whose error says what the value must be.
    pub fn parsed<T>(
        &mut self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let raw = self.env.get(name)?;
        parse(raw)
            .map_err(|must| {
                self.problems
                    .push(format!("{name} must be {must}, not {raw:?}"))
            })
            .ok()
    }

    /// A whole number no smaller than `least`, or `default` when unset.
    pub fn whole(&mut self, name: &str, default: u32, least: u32) -> u32 {
        self.parsed(name, |raw| {
            raw.trim()
                .parse::<u32>()
                .ok()
                .filter(|value| *value >= least)
                .ok_or_else(|| format!("a whole number of at least {least}"))
        })
        .unwrap_or(default)
    }

    /// A comma-separated list, each item parsed by `parse`; empty when unset.
    pub fn list<T>(&mut self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Vec<T> {
        self.parsed(name, |raw| {
            raw.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(&parse)
                .collect()
        })
        .unwrap_or_default()
    }

    /// A number above zero, or `default` when unset.
    pub fn positive(&mut self, name: &str, default: f64) -> f64 {
        self.parsed(name, |raw| {
            raw.trim()
                .parse::<f64>()
                .ok()
                .filter(|value| value.is_finite() && *value > 0.0)
                .ok_or_else(|| "a positive number".to_owned())
        })
        .unwrap_or(default)
    }

    /// Everything read, or every problem found.
    pub fn finish<T>(self, settings: T) -> Result<T, SettingsError> {
        if self.problems.is_empty() {
            Ok(settings)
        } else {
            Err(SettingsError(self.problems))
        }
    }
}

/// The organisation running a campaign: configuration, not code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sponsor {
    pub name: String,
    pub privacy_url: String,
    pub postal_address: String,
}

impl Sponsor {
    /// A plainly fictional sponsor, the default of each variable.
    pub fn demo() -> Self {
        Self {
            name: "Example Advocacy Coalition (a fictional demo sponsor)".into(),
            privacy_url: "https://example.org/privacy".into(),
            postal_address: "100 Example Street, Springfield, ST 00000".into(),
        }
    }

    fn read(reader: &Reader) -> Self {
        let demo = Self::demo();
        Self {
            name: reader.text("SPONSOR_NAME").unwrap_or(demo.name),
            privacy_url: reader
                .text("SPONSOR_PRIVACY_URL")
                .unwrap_or(demo.privacy_url),
            postal_address: reader
                .text("SPONSOR_POSTAL_ADDRESS")
                .unwrap_or(demo.postal_address),
        }
    }
}

/// The public form's defences against abuse.
#[derive(Debug, Clone)]
pub struct DefenceSettings {
    /// `MIN_FILL_SECONDS` (default 3; 0 turns the timing check off): a form
    /// sent sooner after it was served is a bot's.
    pub min_fill: std::time::Duration,
    /// `ALLOWED_ORIGINS`: origins besides the site's own whose pages may
    /// post to it (a campaign may add its own, for embeds).
    pub allowed_origins: Vec<Origin>,
    /// `RATE_LIMIT_PER_IP_PER_MINUTE` (default 60: a campus or an office
    /// shares one address).
    pub per_ip_per_minute: u32,
    /// `RATE_LIMIT_PER_EMAIL_PER_HOUR` (default 5).
    pub per_email_per_hour: u32,
    /// `RATE_LIMIT_PER_DOMAIN_PER_MINUTE` (default 60): confirmations sent to
    /// one recipient domain, so the form cannot be turned on a small one.
    pub per_domain_per_minute: u32,
    /// `RATE_LIMIT_EXEMPT_DOMAINS`: the large mail providers most supporters
    /// use, where that limit would only delay honest mail.
    pub exempt_domains: Vec<String>,
    /// `SIGNING_KEY_SECRET_ARN`: the Secrets Manager secret holding the key
    /// that signs form tokens and links (on AWS).
    pub signing_key_secret: Option<String>,
    /// `CDN_ORIGIN_SECRET_ARN`: the Secrets Manager secret CloudFront sends
    /// with every request it forwards (a stack with `EnableCdn`), which
    /// proves its `CloudFront-Viewer-Address` to be the client's.
    pub cdn_origin_secret: Option<String>,
    /// `CAPTCHA_SITE_KEY` and the rest: a CAPTCHA a person solves on the page,
    /// checked by its provider; off unless a site key is set.
    pub captcha: Option<CaptchaSettings>,
    /// How long a letter's body may take to arrive in full: ten seconds, an
    /// age for the largest letter on a slow phone line, and no longer, so
    /// that a client trickling bytes cannot hold the server.
    pub body_read_deadline: std::time::Duration,
    /// `COUNT_CACHE_SECONDS` (default 5; 0 reads the store each time): how
    /// long a campaign's public count is served from memory. A letter shows
    /// in it only when it turns over, never because it was stored, so the
    /// count cannot tell a bot whether its letter was stored or caught.
    pub count_ttl: std::time::Duration,
    /// The clock form tokens, rate-limit windows, links and the count's
    /// age are judged by: the system's, but for a test that moves time on.
    pub clock: crate::clock::Clock,
}

/// An optional CAPTCHA (Cloudflare Turnstile by default; any provider whose
/// widget posts its answer as a form field and whose service checks it the
/// same way), verified by the server before a letter is stored.
#[derive(Debug, Clone)]
pub struct CaptchaSettings {
    /// `CAPTCHA_SITE_KEY`: the widget's public key.
    pub site_key: String,
    /// `CAPTCHA_SCRIPT_URL`: the widget's script (default Turnstile's).
    pub script_url: PublicUrl,
    /// `CAPTCHA_VERIFY_URL`: where answers are checked (default Turnstile's).
    pub verify_url: PublicUrl,
    /// `CAPTCHA_SECRET_ARN`: the Secrets Manager secret holding the
    /// provider's secret key (on AWS; the local server takes
    /// `CAPTCHA_SECRET`).
    pub secret_arn: Option<String>,
}

impl CaptchaSettings {
    fn read(reader: &mut Reader) -> Option<Self> {
        let site_key = reader.text("CAPTCHA_SITE_KEY")?;
        let url = |reader: &mut Reader, name, default: &str| {
            reader
                .parsed(name, str::parse)
                .unwrap_or_else(|| default.parse().expect("a valid default"))
        };
        Some(Self {
            site_key,
            script_url: url(
                reader,
                "CAPTCHA_SCRIPT_URL",
                "https://challenges.cloudflare.com/turnstile/v0/api.js",
            ),
            verify_url: url(
                reader,
                "CAPTCHA_VERIFY_URL",
                "https://challenges.cloudflare.com/turnstile/v0/siteverify",
            ),
            secret_arn: reader.text("CAPTCHA_SECRET_ARN"),
        })
    }
}

/// Where most supporters' mail lives: exempt from the per-domain limit.
const LARGE_PROVIDERS: &str = "gmail.com,googlemail.com,yahoo.com,outlook.com,hotmail.com,live.com,msn.com,icloud.com,me.com,aol.com,proton.me,protonmail.com,comcast.net";

impl DefenceSettings {
    /// Letters from one client address.
    pub fn per_ip(&self) -> RateLimit {
        RateLimit {
            name: RateLimit::IP,
            max: self.per_ip_per_minute,
            per: std::time::Duration::from_secs(60),
        }
    }

    /// Letters from one (normalised) email address.
    pub fn per_email(&self) -> RateLimit {
        RateLimit {
            name: RateLimit::EMAIL,
            max: self.per_email_per_hour,
            per: RateLimit::EMAIL_PERIOD,
        }
    }

    /// Confirmations to one recipient domain.
    pub fn per_domain(&self) -> RateLimit {
        RateLimit {
            name: RateLimit::DOMAIN,
            max: self.per_domain_per_minute,
            per: std::time::Duration::from_secs(60),
        }
    }

    fn read(reader: &mut Reader) -> Self {
        let domain = |raw: &str| Ok::<_, String>(raw.to_ascii_lowercase());
        let mut exempt_domains = reader.list("RATE_LIMIT_EXEMPT_DOMAINS", domain);
        if reader.text("RATE_LIMIT_EXEMPT_DOMAINS").is_none() {
            exempt_domains = LARGE_PROVIDERS.split(',').map(str::to_owned).collect();
        }
        Self {
            min_fill: std::time::Duration::from_secs(u64::from(reader.whole(
                "MIN_FILL_SECONDS",
                3,
                0,
            ))),
            allowed_origins: reader.list("ALLOWED_ORIGINS", |raw| {
                Origin::parse(raw).map_err(|error| error.to_string())
            }),
            per_ip_per_minute: reader.whole("RATE_LIMIT_PER_IP_PER_MINUTE", 60, 1),
            per_email_per_hour: reader.whole("RATE_LIMIT_PER_EMAIL_PER_HOUR", 5, 1),
            per_domain_per_minute: reader.whole("RATE_LIMIT_PER_DOMAIN_PER_MINUTE", 60, 1),
            exempt_domains,
            signing_key_secret: reader.text("SIGNING_KEY_SECRET_ARN"),
            cdn_origin_secret: reader.text("CDN_ORIGIN_SECRET_ARN"),
            captcha: CaptchaSettings::read(reader),
            body_read_deadline: std::time::Duration::from_secs(10),
            count_ttl: std::time::Duration::from_secs(u64::from(reader.whole(
                "COUNT_CACHE_SECONDS",
                5,
                0,
            ))),
            clock: crate::clock::Clock::system(),
        }
    }
}

/// The confirmation mailer's settings.
#[derive(Debug, Clone)]
pub struct MailerSettings {
    /// `SENDER_EMAIL`: the verified From address, e.g. `Name <letters@example.org>`.
    pub sender: Mailbox,
    /// `SES_CONFIGURATION_SET`: routes bounces and complaints back to us.
    pub configuration_set: Option<String>,
    /// `PUBLIC_URL`: the site's address, for links in emails.
    pub public_url: PublicUrl,
    /// `SEND_RATE_PER_SECOND` (default 10) divided by `MAILER_MAX_CONCURRENCY`
    /// (default 2, the event source mapping's bound): each instance's share,
    /// so that all of them together never exceed the total.
    pub per_instance_rate: f64,
}

/// Everything the functions read from the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `TABLE_NAME`: the DynamoDB table.
    pub table_name: Option<String>,
    /// `CAMPAIGNS_BUCKET`: the campaigns bucket, where the share pictures of
    /// campaigns published live are kept; unset, only the bundled
    /// campaigns' pictures are served.
    pub campaigns_bucket: Option<String>,
    /// `SPONSOR_NAME`, `SPONSOR_PRIVACY_URL`, `SPONSOR_POSTAL_ADDRESS`.
    pub sponsor: Sponsor,
    /// `RETENTION_DAYS` (default 365): how long letters are kept.
    pub retention: time::Duration,
    /// `SENDER_EMAIL`.
    pub sender: Option<Mailbox>,
    /// `SES_CONFIGURATION_SET`.
    pub configuration_set: Option<String>,
    /// `PUBLIC_URL`.
    pub public_url: Option<PublicUrl>,
    /// `SEND_RATE_PER_SECOND` (default 10).
    pub send_rate_per_second: f64,
    /// `MAILER_MAX_CONCURRENCY` (default 2).
    pub mailer_max_concurrency: f64,
    pub defences: DefenceSettings,
    /// `CENSUS_GEOCODER_URL`: the U.S. Census Bureau's geocoder (or a
    /// stand-in), asked for a district when a ZIP code spans several;
    /// unset, the supporter is asked instead.
    pub census_geocoder_url: Option<PublicUrl>,
    /// `GEOCODER_TIMEOUT_MS` (default 1500): how long a letter waits for it.
    pub geocoder_timeout: std::time::Duration,
    /// `AWS_REGION`, which Lambda sets.
    pub aws_region: Option<String>,
    /// `AWS_ENDPOINT_URL`: AWS reached elsewhere (an emulator), as the
    /// SDK's own loader would take it.
    pub aws_endpoint_url: Option<String>,
    /// Delivery's variables (`CWC_*`, `DELIVERY_*`).
    delivery: delivery::DeliveryVariables,
}

impl Settings {
    pub fn from_env(env: &Env) -> Result<Self, SettingsError> {
        let mut reader = Reader::new(env);
        let settings = Self::read(&mut reader);
        reader.finish(settings)
    }

    /// Reads the functions' settings with `reader`, beside a process's own.
    pub fn read(reader: &mut Reader) -> Self {
        let retention_days = reader.positive("RETENTION_DAYS", 365.0);
        Self {
            table_name: reader.text("TABLE_NAME"),
            campaigns_bucket: reader.text("CAMPAIGNS_BUCKET"),
            sponsor: Sponsor::read(reader),
            retention: time::Duration::seconds_f64(retention_days * 86_400.0),
            sender: reader.parsed("SENDER_EMAIL", |raw| {
                raw.parse::<Mailbox>()
                    .map_err(|_| "a mailbox such as \"Name <letters@example.org>\"".to_owned())
            }),
            configuration_set: reader.text("SES_CONFIGURATION_SET"),
            public_url: reader.parsed("PUBLIC_URL", str::parse),
            send_rate_per_second: reader.positive("SEND_RATE_PER_SECOND", 10.0),
            mailer_max_concurrency: reader.positive("MAILER_MAX_CONCURRENCY", 2.0),
            defences: DefenceSettings::read(reader),
            census_geocoder_url: reader.parsed("CENSUS_GEOCODER_URL", str::parse),
            geocoder_timeout: std::time::Duration::from_secs_f64(
                reader.positive("GEOCODER_TIMEOUT_MS", 1500.0) / 1000.0,
            ),
            aws_region: reader.text("AWS_REGION"),
            aws_endpoint_url: reader.text("AWS_ENDPOINT_URL"),
            delivery: delivery::DeliveryVariables::read(reader),
        }
    }

    /// The table's name, which every function needs.
    pub fn table_name(&self) -> Result<&str, SettingsError> {
        self.table_name
            .as_deref()
            .ok_or_else(|| SettingsError::missing("TABLE_NAME"))
    }

    /// The region, which every function needs.
    pub fn aws_region(&self) -> Result<&str, SettingsError> {
        self.aws_region
            .as_deref()
            .ok_or_else(|| SettingsError::missing("AWS_REGION"))
    }

    /// The mailer's settings; `SENDER_EMAIL` and `PUBLIC_URL` are required.
    pub fn mailer(&self) -> Result<MailerSettings, SettingsError> {
        let missing: Vec<String> = [
            ("SENDER_EMAIL", self.sender.is_none()),
            ("PUBLIC_URL", self.public_url.is_none()),
        ]
        .into_iter()
        .filter(|(_, missing)| *missing)
        .flat_map(|(name, _)| SettingsError::missing(name).0)
        .collect();
        match (&self.sender, &self.public_url) {
            (Some(sender), Some(public_url)) => Ok(MailerSettings {
                sender: sender.clone(),
                configuration_set: self.configuration_set.clone(),
                public_url: public_url.clone(),
                per_instance_rate: self.send_rate_per_second / self.mailer_max_concurrency,
            }),
            _ => Err(SettingsError(missing)),
        }
    }
}

impl Settings {
    /// Delivery's settings; the agent's variables are required, and the
    /// sponsor's name must be one a message's `Organization` takes.
    pub fn delivery(&self) -> Result<DeliverySettings, SettingsError> {
        self.delivery.settings(&self.sponsor.name)
    }

    /// The delivery queue's dead-letter queue, where the delivery function
    /// sets aside a letter held until a setting is fixed: it needs one.
    pub fn delivery_dead_letter_queue_url(&self) -> Result<&str, SettingsError> {
        self.delivery
            .dead_letter_queue_url()
            .ok_or_else(|| SettingsError::missing("DELIVERY_DEAD_LETTER_QUEUE_URL"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_what_is_unset() {
        let settings = Settings::from_env(&Env::default()).unwrap();
        assert_eq!(settings.sponsor, Sponsor::demo());
        assert_eq!(settings.retention, time::Duration::days(365));
        assert_eq!(
            settings.defences.count_ttl,
            std::time::Duration::from_secs(5)
        );
        assert!(settings.table_name().is_err());
    }

    #[test]
    fn every_malformed_variable_is_named_at_once() {
        let env = Env::from_pairs([
            ("RETENTION_DAYS", "-1"),
            ("SENDER_EMAIL", "not a mailbox"),
            ("PUBLIC_URL", "letters.example.org"),
            ("CENSUS_GEOCODER_URL", "geocoding.geo.census.gov"),
            ("GEOCODER_TIMEOUT_MS", "soon"),
        ]);
        let error = Settings::from_env(&env).unwrap_err().to_string();
        for name in [
            "RETENTION_DAYS",
            "SENDER_EMAIL",
            "PUBLIC_URL",
            "CENSUS_GEOCODER_URL",
            "GEOCODER_TIMEOUT_MS",
        ] {
            assert!(error.contains(name), "{name} in {error}");
        }
    }

    #[test]
    fn the_defences_read_their_limits_and_origins() {
        let env = Env::from_pairs([
            ("MIN_FILL_SECONDS", "0"),
            (
                "ALLOWED_ORIGINS",
                "https://Partner.example.org, http://127.0.0.1:8080",
            ),
            ("RATE_LIMIT_PER_EMAIL_PER_HOUR", "2"),
        ]);
        let defences = Settings::from_env(&env).unwrap().defences;
        assert_eq!(defences.min_fill, std::time::Duration::ZERO);
        let origins: Vec<&str> = defences
            .allowed_origins
            .iter()
            .map(Origin::as_str)
            .collect();
        assert_eq!(
            origins,
            ["https://partner.example.org", "http://127.0.0.1:8080"]
        );
        assert_eq!(
            (defences.per_email_per_hour, defences.per_ip_per_minute),
            (2, 60)
        );
        assert!(defences.exempt_domains.contains(&"gmail.com".to_owned()));

        let bad = Env::from_pairs([
            ("ALLOWED_ORIGINS", "https://example.org/page"),
            ("RATE_LIMIT_PER_IP_PER_MINUTE", "0"),
            ("MIN_FILL_SECONDS", "soon"),
            ("COUNT_CACHE_SECONDS", "-5"),
        ]);
        let error = Settings::from_env(&bad).unwrap_err().to_string();
        for name in [
            "ALLOWED_ORIGINS",
            "RATE_LIMIT_PER_IP_PER_MINUTE",
            "MIN_FILL_SECONDS",
            "COUNT_CACHE_SECONDS",
        ] {
            assert!(error.contains(name), "{name} in {error}");
        }
    }

    #[test]
    fn the_mailer_names_each_missing_variable() {
        let settings = Settings::from_env(&Env::default()).unwrap();
        let error = settings.mailer().unwrap_err().to_string();
        assert!(
            error.contains("SENDER_EMAIL") && error.contains("PUBLIC_URL"),
            "{error}"
        );
    }

    #[test]
    fn the_mailer_shares_the_rate_among_its_instances() {
        let env = Env::from_pairs([
            ("SENDER_EMAIL", "Letters <letters@example.org>"),
            ("PUBLIC_URL", "https://letters.example.org/"),
            ("SEND_RATE_PER_SECOND", "14"),
        ]);
        let mailer = Settings::from_env(&env).unwrap().mailer().unwrap();
        assert_eq!(mailer.per_instance_rate, 7.0);
        assert_eq!(mailer.public_url.to_string(), "https://letters.example.org");
        assert_eq!(mailer.sender.email.to_string(), "letters@example.org");
    }
}
