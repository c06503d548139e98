//! AWS on loopback (the moto server) made ready for the cold starts: the
//! letters table, the sender's verified identity, the signing key's secret,
//! and a few stored letters whose items become the stream records the
//! consumers are started with.

use crate::events;
use anyhow::Context;
use aws_sdk_dynamodb::types::AttributeValue;
use letters_aws::DynamoDbLetterStore;
use letters_aws::dynamodb::ChangeStream;
use serde_json::Value;
use shared::ports::LetterStore;
use std::collections::{HashMap, HashSet};

/// The sender the mailer is configured with, verified in SES.
pub const SENDER: &str = "Letters bench <letters@example.org>";
const SENDER_ADDRESS: &str = "letters@example.org";
/// The SES configuration set the mailer names, as on AWS.
pub const CONFIGURATION_SET: &str = "bench-confirmations";

/// What the functions find on AWS.
pub struct Prepared {
    /// Stream records of stored letters (inserts, as the stream carries them).
    pub records: Vec<Value>,
    /// The secret holding the signing key.
    pub signing_key_arn: String,
    /// The secret holding the chambers' API keys, for delivery.
    pub delivery_keys_arn: String,
    /// Clears what the functions write after this.
    pub pruner: Pruner,
}

/// Deletes every item written after `prepare`: moto never expires items by
/// their time to live (the used form tokens, the rate windows), and a table
/// kept as the first invocation found it answers every invocation alike.
/// (Run as moto itself ships, not through `scripts/moto_server.py`, moto
/// copied the whole table on each transaction, so a table filling through
/// a thousand invocations soon answered slower than the functions wait.)
pub struct Pruner {
    dynamodb: aws_sdk_dynamodb::Client,
    table: String,
    kept: HashSet<String>,
}

impl Pruner {
    /// The number of items deleted.
    pub async fn prune(&self) -> anyhow::Result<usize> {
        let mut deleted = 0;
        for item in scan(&self.dynamodb, &self.table).await? {
            let Some(AttributeValue::S(pk)) = item.get("pk") else {
                continue;
            };
            if self.kept.contains(pk) {
                continue;
            }
            self.dynamodb
                .delete_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(pk.clone()))
                .send()
                .await
                .context("deleting an item the benchmark wrote")?;
            deleted += 1;
        }
        Ok(deleted)
    }
}

/// Every item in `table`, as stored.
async fn scan(
    dynamodb: &aws_sdk_dynamodb::Client,
    table: &str,
) -> anyhow::Result<Vec<HashMap<String, AttributeValue>>> {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = dynamodb
            .scan()
            .table_name(table)
            .set_exclusive_start_key(start)
            .send()
            .await
            .with_context(|| format!("scanning {table}"))?;
        items.extend(page.items.unwrap_or_default());
        start = page.last_evaluated_key;
        if start.is_none() {
            return Ok(items);
        }
    }
}

/// Creates the table, the SES identity and the secrets (the signing key,
/// the delivery keys), and stores `letters` letters.
pub async fn prepare(table: &str, letters: usize) -> anyhow::Result<Prepared> {
    let config = letters_aws::bootstrap::sdk_loader().load().await;
    let secrets = aws_sdk_secretsmanager::Client::new(&config);
    let signing_key_arn =
        create_secret(&secrets, table, "signing-key", events::SIGNING_KEY).await?;
    let delivery_keys_arn =
        create_secret(&secrets, table, "delivery-keys", events::DELIVERY_KEYS).await?;
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let store = DynamoDbLetterStore::new(dynamodb.clone(), table);
    // The consumers are started with records built here, so nothing reads
    // a stream; without one, moto answers a long run of writes in time.
    store.create_table_if_missing(ChangeStream::Omitted).await?;
    let ses = aws_sdk_ses::Client::new(&config);
    ses.verify_email_identity()
        .email_address(SENDER_ADDRESS)
        .send()
        .await
        .context("verifying the sender in SES")?;
    let set = aws_sdk_ses::types::ConfigurationSet::builder()
        .name(CONFIGURATION_SET)
        .build()?;
    // Each benchmark prepares its own table, but SES in moto is one for
    // the run: the set made by the one before is the same set.
    let created = ses
        .create_configuration_set()
        .configuration_set(set)
        .send()
        .await;
    if let Err(error) = created
        && !error
            .as_service_error()
            .is_some_and(|e| e.is_configuration_set_already_exists_exception())
    {
        return Err(error).context("creating the SES configuration set");
    }
    for n in 0..letters {
        store
            .record(&shared::fixtures::letter(&format!("seed-{n}@example.org")))
            .await?;
    }
    let items = scan(&dynamodb, table).await?;
    let kept = items
        .iter()
        .filter_map(|item| item.get("pk")?.as_s().ok().cloned())
        .collect();
    let records = items
        .into_iter()
        .filter(|item| {
            item.get("pk")
                .and_then(|pk| pk.as_s().ok())
                .is_some_and(|pk| pk.starts_with("LETTER#"))
        })
        .map(|item| {
            let item: serde_dynamo::Item = item.into();
            Ok(events::inserted(&serde_json::to_value(item)?))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    anyhow::ensure!(!records.is_empty(), "no letter was stored");
    Ok(Prepared {
        records,
        signing_key_arn,
        delivery_keys_arn,
        pruner: Pruner {
            dynamodb,
            table: table.to_owned(),
            kept,
        },
    })
}

/// A new secret holding the bench's signing key; its ARN.
pub async fn signing_key_secret(table: &str) -> anyhow::Result<String> {
    let config = letters_aws::bootstrap::sdk_loader().load().await;
    let secrets = aws_sdk_secretsmanager::Client::new(&config);
    create_secret(&secrets, table, "signing-key", events::SIGNING_KEY).await
}

/// A new secret holding `text`; its ARN.
async fn create_secret(
    secrets: &aws_sdk_secretsmanager::Client,
    table: &str,
    what: &str,
    text: &str,
) -> anyhow::Result<String> {
    let secret = secrets
        .create_secret()
        .name(format!("{table}-{what}-{}", uuid::Uuid::new_v4().simple()))
        .secret_string(text)
        .send()
        .await
        .with_context(|| format!("creating the {what} secret"))?;
    Ok(secret.arn().context("a secret has an ARN")?.to_owned())
}
