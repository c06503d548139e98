//! Settings, read once per process from one snapshot of the environment.
//! Every variable is read here and nowhere else; a malformed one stops
//! start-up with a message naming it, and so does a missing one that the
//! process needs (asked for by the part that needs it, at start).

mod delivery;

pub use delivery::{BillsLayout, ChamberService, CwcVariant, DeliveryAgent, DeliverySettings};

use lettre::message::Mailbox;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

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

/// The site's public address, such as `https://letters.example.org`,
/// without a trailing slash: the base of every absolute link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

impl FromStr for PublicUrl {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let uri: axum::http::Uri = raw
            .parse()
            .map_err(|_| "an absolute http or https URL".to_owned())?;
        match (uri.scheme_str(), uri.authority()) {
            (Some("http" | "https"), Some(_)) => Ok(Self(raw.trim_end_matches('/').to_owned())),
            _ => Err("an absolute http or https URL".to_owned()),
        }
    }
}

impl PublicUrl {
    /// The public address of the campaign `slug`.
    pub fn campaign(&self, slug: &crate::domain::CampaignSlug) -> String {
        format!("{}/c/{slug}", self.0)
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
            delivery: delivery::DeliveryVariables::read(reader),
        }
    }

    /// The table's name, which every function needs.
    pub fn table_name(&self) -> Result<&str, SettingsError> {
        self.table_name
            .as_deref()
            .ok_or_else(|| SettingsError::missing("TABLE_NAME"))
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
    /// Delivery's settings; the agent's variables are required.
    pub fn delivery(&self) -> Result<DeliverySettings, SettingsError> {
        self.delivery.settings()
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
        assert!(settings.table_name().is_err());
    }

    #[test]
    fn every_malformed_variable_is_named_at_once() {
        let env = Env::from_pairs([
            ("RETENTION_DAYS", "-1"),
            ("SENDER_EMAIL", "not a mailbox"),
            ("PUBLIC_URL", "letters.example.org"),
        ]);
        let error = Settings::from_env(&env).unwrap_err().to_string();
        for name in ["RETENTION_DAYS", "SENDER_EMAIL", "PUBLIC_URL"] {
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
