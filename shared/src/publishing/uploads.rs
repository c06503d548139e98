//! Publishing without a Rust toolchain: staff copy a campaign's TOML to
//! `campaigns/{slug}.toml` in the campaigns bucket (the AWS CLI is enough),
//! S3 tells EventBridge, and the publisher checks the file as the route
//! does and publishes it. Either way it writes the result to
//! `results/{slug}.json` in the same bucket, for staff to read, and logs
//! it; a refusal raises an alarm (infra/template.yaml). The same function
//! seeds a fresh table with the bundled campaigns once the stack is ready.

use super::{Publisher, Refusal, check_campaign, unchanged};
use crate::campaign::{CampaignProblem, CampaignStatus};
use crate::domain::CampaignSlug;
use crate::members::Members;
use crate::ports::{CampaignBucket, CampaignStore, UploadedFile};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Where uploads go in the bucket; the publisher reads nothing else.
pub const UPLOADS_PREFIX: &str = "campaigns/";
/// Where results go: not under [`UPLOADS_PREFIX`], so writing one starts
/// nothing.
pub const RESULTS_PREFIX: &str = "results/";

/// What the publisher is asked to do.
#[derive(Debug, Clone)]
pub enum PublisherWork {
    /// Check and publish a file uploaded to the campaigns bucket.
    Upload(ObjectCreated),
    /// The stack is ready: publish the bundled campaigns if the table
    /// holds none (`publishing::seed_bundled`).
    StackReady,
}

impl PublisherWork {
    /// The work an event from `source` with `detail` asks for.
    pub fn of(source: &str, detail: serde_json::Value) -> anyhow::Result<Self> {
        match source {
            "aws.s3" => Ok(Self::Upload(serde_json::from_value(detail)?)),
            "aws.cloudformation" => Ok(Self::StackReady),
            other => anyhow::bail!(
                "the publisher takes events from S3 and CloudFormation, not {other:?}"
            ),
        }
    }
}

/// What S3 tells EventBridge of a new object (the part read here).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ObjectCreated {
    pub bucket: CreatedIn,
    pub object: CreatedObject,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedIn {
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedObject {
    /// Taken as it comes: the keys that can be published
    /// (`campaigns/{slug}.toml`) have nothing URL-encoding would change.
    pub key: String,
}

/// What became of one upload, as written to its result file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadResult {
    /// The uploaded file's key.
    pub key: String,
    /// The uploaded file's entity tag, to tell which upload this answers.
    pub etag: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub checked_at: OffsetDateTime,
    #[serde(flatten)]
    pub outcome: UploadOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum UploadOutcome {
    /// Live everywhere within a minute (`publishing::REFRESH_AFTER`); a
    /// draft with its preview link.
    Published {
        version: u64,
        status: CampaignStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        preview: Option<String>,
    },
    /// The text is the version published already: nothing stored.
    Unchanged {
        version: u64,
        status: CampaignStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        preview: Option<String>,
    },
    /// Nothing changed; each problem with its line and field.
    Refused { errors: Vec<CampaignProblem> },
}

/// Where the result of the upload at `key` is written: `results/{name}.json`
/// for `campaigns/{name}.toml`, and for any other key under the uploads
/// prefix, its path there with `.json` added.
pub fn result_key(key: &str) -> String {
    let path = key.strip_prefix(UPLOADS_PREFIX).unwrap_or(key);
    let name = path.strip_suffix(".toml").unwrap_or(path);
    format!("{RESULTS_PREFIX}{name}.json")
}

/// The slug a key names: `campaigns/{slug}.toml` and nothing else.
fn slug_of(key: &str) -> Result<CampaignSlug, CampaignProblem> {
    key.strip_prefix(UPLOADS_PREFIX)
        .and_then(|path| path.strip_suffix(".toml"))
        .and_then(|name| CampaignSlug::parse(name).ok())
        .ok_or_else(|| CampaignProblem {
            line: None,
            field: None,
            message: format!(
                "{key:?} is not a campaign's place: upload each campaign to \
                 {UPLOADS_PREFIX}<slug>.toml, named by its slug"
            ),
        })
}

/// Publishes the file uploaded at `key` if it passes every check, and
/// writes its result beside it. An error (the bucket or the table out of
/// reach) leaves the campaigns as they were; the event is tried again.
pub async fn publish_upload(
    key: &str,
    bucket: &dyn CampaignBucket,
    store: &dyn CampaignStore,
    publisher: &Publisher,
    members: &Members,
) -> anyhow::Result<Option<UploadResult>> {
    let Some(UploadedFile { bytes, etag }) = bucket.read(key, super::MAX_CAMPAIGN_BYTES).await?
    else {
        // Deleted or replaced before this event came: the later one's
        // own event publishes what is there now.
        tracing::info!(key, "campaign upload gone before it was read");
        return Ok(None);
    };
    let checked = slug_of(key)
        .map_err(|problem| Refusal::Problems(vec![problem]))
        .and_then(|slug| check_campaign(&slug, &bytes, members).map(|checked| (slug, checked)));
    let outcome = match checked {
        Ok((slug, (campaign, text))) => {
            let preview = publisher.preview(&campaign);
            match unchanged(store, &slug, text).await? {
                Some(version) => UploadOutcome::Unchanged {
                    version,
                    status: campaign.status,
                    preview,
                },
                None => {
                    publisher.pictures.keep_for(&campaign).await?;
                    let version = store
                        .publish(&slug, text, OffsetDateTime::now_utc())
                        .await?;
                    tracing::info!(target: "audit", %slug, version, "campaign published from the bucket");
                    UploadOutcome::Published {
                        version,
                        status: campaign.status,
                        preview,
                    }
                }
            }
        }
        Err(refusal) => UploadOutcome::Refused {
            errors: refusal.into_problems(),
        },
    };
    let result = UploadResult {
        key: key.to_owned(),
        etag,
        checked_at: OffsetDateTime::now_utc(),
        outcome,
    };
    bucket
        .write_json(&result_key(key), serde_json::to_vec_pretty(&result)?)
        .await?;
    // The alarm counts these lines (infra/template.yaml).
    match &result.outcome {
        UploadOutcome::Published { version, .. } => {
            tracing::info!(key, version, outcome = "published", "campaign upload");
        }
        UploadOutcome::Unchanged { version, .. } => {
            tracing::info!(key, version, outcome = "unchanged", "campaign upload");
        }
        UploadOutcome::Refused { errors } => {
            tracing::warn!(
                key,
                errors = errors.len(),
                outcome = "refused",
                "campaign upload"
            );
        }
    }
    Ok(Some(result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::EmbeddedLetterStore;
    use crate::campaign::parse_campaign;
    use crate::language::Language;
    use crate::ports::{PictureName, PictureStore};
    use crate::preview::PreviewLinks;
    use crate::publishing::pictures::Pictures;
    use crate::signing::SigningKey;
    use async_trait::async_trait;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    /// A bucket in memory: the port's contract is tried on S3 itself in
    /// the integration tests (moto).
    #[derive(Default)]
    struct Bucket(Mutex<HashMap<String, Vec<u8>>>);

    #[async_trait]
    impl CampaignBucket for Bucket {
        async fn read(&self, key: &str, limit: usize) -> anyhow::Result<Option<UploadedFile>> {
            Ok(self.0.lock().unwrap().get(key).map(|bytes| UploadedFile {
                bytes: bytes[..bytes.len().min(limit + 1)].to_vec(),
                etag: Some("\"tag\"".into()),
            }))
        }

        async fn write_json(&self, key: &str, json: Vec<u8>) -> anyhow::Result<()> {
            self.0.lock().unwrap().insert(key.to_owned(), json);
            Ok(())
        }
    }

    #[async_trait]
    impl PictureStore for Bucket {
        async fn keep(&self, name: &PictureName, png: Vec<u8>) -> anyhow::Result<()> {
            self.0.lock().unwrap().insert(name.to_string(), png);
            Ok(())
        }

        async fn picture(&self, name: &PictureName) -> anyhow::Result<Option<Vec<u8>>> {
            Ok(self.0.lock().unwrap().get(&name.to_string()).cloned())
        }
    }

    /// A publisher keeping pictures in `bucket`, on no site.
    fn publisher(bucket: &Arc<Bucket>) -> Publisher {
        Publisher {
            pictures: Pictures {
                painter,
                store: bucket.clone(),
            },
            previews: PreviewLinks::new(SigningKey::from_secret(&"ab".repeat(32)).unwrap()),
            site: None,
        }
    }

    /// Writes the words it is asked to draw, for a test to read back.
    fn painter(headline: &str, line: &str) -> anyhow::Result<Vec<u8>> {
        Ok(format!("{headline} / {line}").into_bytes())
    }

    fn bundled_text() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/campaigns/sesta.toml"
        ))
        .unwrap()
    }

    /// A store in a fresh directory, which lives as long as the store is used.
    fn store() -> (EmbeddedLetterStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        (EmbeddedLetterStore::open(dir.path()).unwrap(), dir)
    }

    async fn upload(
        key: &str,
        bytes: &[u8],
    ) -> (UploadResult, EmbeddedLetterStore, tempfile::TempDir) {
        let (result, store, dir, _) = upload_to(key, bytes).await;
        (result, store, dir)
    }

    /// Uploads `bytes` at `key` and publishes them; the bucket too.
    async fn upload_to(
        key: &str,
        bytes: &[u8],
    ) -> (
        UploadResult,
        EmbeddedLetterStore,
        tempfile::TempDir,
        Arc<Bucket>,
    ) {
        let bucket = Arc::new(Bucket::default());
        bucket.0.lock().unwrap().insert(key.into(), bytes.to_vec());
        let (store, dir) = store();
        let members = Members::bundled().unwrap();
        let result = publish_upload(key, bucket.as_ref(), &store, &publisher(&bucket), &members)
            .await
            .unwrap()
            .unwrap();
        let written: UploadResult =
            serde_json::from_slice(&bucket.0.lock().unwrap()[&result_key(key)]).unwrap();
        assert_eq!(written, result);
        (result, store, dir, bucket)
    }

    #[test]
    fn results_go_beside_the_uploads_not_under_them() {
        assert_eq!(result_key("campaigns/sesta.toml"), "results/sesta.json");
        assert_eq!(result_key("campaigns/notes.txt"), "results/notes.txt.json");
        assert_eq!(result_key("campaigns/a/b.toml"), "results/a/b.json");
    }

    #[tokio::test]
    async fn a_good_upload_is_published_and_says_its_version() {
        let (result, store, _dir) = upload("campaigns/sesta.toml", bundled_text().as_bytes()).await;
        assert_eq!(
            result.outcome,
            UploadOutcome::Published {
                version: 1,
                status: CampaignStatus::Open,
                preview: None,
            }
        );
        assert_eq!(result.etag.as_deref(), Some("\"tag\""));
        let published = store.published().await.unwrap();
        assert_eq!(published.len(), 1);
        assert_eq!(published[0].text, bundled_text());
    }

    #[tokio::test]
    async fn a_draft_upload_carries_its_preview_link() {
        let text = super::super::as_draft(&bundled_text());
        let (result, _, _) = upload("campaigns/sesta.toml", text.as_bytes()).await;
        let UploadOutcome::Published {
            status: CampaignStatus::Draft,
            preview: Some(preview),
            ..
        } = result.outcome
        else {
            panic!("no preview: {result:?}");
        };
        assert!(preview.starts_with("/c/sesta?preview="), "{preview}");
    }

    #[tokio::test]
    async fn an_upload_of_the_text_published_already_keeps_its_version() {
        let (store, _dir) = store();
        let bucket = Arc::new(Bucket::default());
        let members = Members::bundled().unwrap();
        let key = "campaigns/sesta.toml";
        let mut outcomes = Vec::new();
        for _ in 0..2 {
            bucket
                .0
                .lock()
                .unwrap()
                .insert(key.into(), bundled_text().into_bytes());
            let result =
                publish_upload(key, bucket.as_ref(), &store, &publisher(&bucket), &members)
                    .await
                    .unwrap()
                    .unwrap();
            outcomes.push(result.outcome);
        }
        assert_eq!(
            outcomes[1],
            UploadOutcome::Unchanged {
                version: 1,
                status: CampaignStatus::Open,
                preview: None,
            }
        );
        assert_eq!(store.published().await.unwrap()[0].version, 1);
        let written: serde_json::Value =
            serde_json::from_slice(&bucket.0.lock().unwrap()[&result_key(key)]).unwrap();
        assert_eq!(written["outcome"], "unchanged", "{written}");
    }

    #[tokio::test]
    async fn a_published_upload_keeps_the_picture_of_its_headline() {
        let text = bundled_text().replacen("headline = \"", "headline = \"New: ", 1);
        let (_, _, _, bucket) = upload_to("campaigns/sesta.toml", text.as_bytes()).await;
        let campaign = parse_campaign(&text, &Members::bundled().unwrap()).unwrap();
        let name = super::super::pictures::name_of(&campaign, Language::En);
        let drawn = bucket
            .picture(&name)
            .await
            .unwrap()
            .expect("a picture kept");
        let drawn = String::from_utf8(drawn).unwrap();
        assert!(drawn.starts_with("New: "), "{drawn}");
        assert!(drawn.ends_with("Senators: it takes a minute."), "{drawn}");
        let spanish = super::super::pictures::name_of(&campaign, Language::Es);
        let drawn = bucket.picture(&spanish).await.unwrap();
        let drawn = String::from_utf8(drawn.expect("the Spanish copy's picture kept")).unwrap();
        assert!(drawn.ends_with("le tomará un minuto."), "{drawn}");
    }

    #[tokio::test]
    async fn a_bad_upload_is_refused_with_line_and_field_and_changes_nothing() {
        let text = bundled_text().replacen("goal =", "gaol =", 1);
        let (result, store, _dir) = upload("campaigns/sesta.toml", text.as_bytes()).await;
        let UploadOutcome::Refused { errors } = result.outcome else {
            panic!("published: {result:?}");
        };
        assert!(
            errors.iter().any(|e| e.line.is_some() && e.field.is_some()),
            "{errors:?}"
        );
        assert!(store.published().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_file_named_for_another_slug_or_nothing_is_refused() {
        for key in [
            "campaigns/other.toml",
            "campaigns/Sesta.toml",
            "campaigns/sesta.txt",
        ] {
            let (result, store, _dir) = upload(key, bundled_text().as_bytes()).await;
            assert!(
                matches!(result.outcome, UploadOutcome::Refused { .. }),
                "{key}: {result:?}"
            );
            assert!(store.published().await.unwrap().is_empty());
        }
    }

    #[tokio::test]
    async fn an_oversized_upload_is_refused_unread() {
        let text = format!(
            "{}\n#{}",
            bundled_text(),
            "x".repeat(super::super::MAX_CAMPAIGN_BYTES)
        );
        let (result, _, _) = upload("campaigns/sesta.toml", text.as_bytes()).await;
        let UploadOutcome::Refused { errors } = result.outcome else {
            panic!("published: {result:?}");
        };
        assert!(errors[0].message.contains("64 KiB"), "{errors:?}");
    }

    #[tokio::test]
    async fn an_upload_gone_before_it_is_read_publishes_nothing() {
        let (store, _dir) = store();
        let bucket = Arc::new(Bucket::default());
        let outcome = publish_upload(
            "campaigns/sesta.toml",
            bucket.as_ref(),
            &store,
            &publisher(&bucket),
            &Members::bundled().unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(outcome, None);
        assert!(store.published().await.unwrap().is_empty());
    }
}
