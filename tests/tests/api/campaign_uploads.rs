//! Publishing by upload, on moto's S3 and DynamoDB: the event EventBridge
//! hands the publisher, the file read from the bucket, the campaign
//! published to the table or refused, and the result written back where
//! staff read it. The template's wiring of bucket, rule and function is
//! held to this in the deploy rehearsal (infra/tests).

use crate::helpers::{Spawn, TEST_ENV, dynamodb_table, moto, share_picture_of};
use aws_sdk_s3::primitives::ByteStream;
use letters_aws::PublisherEvent;
use letters_aws::S3CampaignBucket;
use serde_json::{Value, json};
use shared::members::Members;
use shared::ports::CampaignStore;
use shared::preview::PreviewLinks;
use shared::publishing::Publisher;
use shared::publishing::pictures::Pictures;
use shared::publishing::uploads::{PublisherWork, publish_upload, result_key};
use shared::signing::SigningKey;
use std::sync::Arc;

const LAUNCH_FILE: &str = include_str!("../../../core/campaigns/sesta.toml");

async fn s3() -> aws_sdk_s3::Client {
    let config = letters_aws::bootstrap::sdk_loader()
        .endpoint_url(moto())
        .load()
        .await;
    // moto answers S3 at its own address, not at bucket.address.
    let config = aws_sdk_s3::config::Builder::from(&config)
        .force_path_style(true)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// A fresh bucket's name, made in moto.
async fn fresh_bucket(client: &aws_sdk_s3::Client) -> String {
    let name = format!("campaigns-{}", uuid::Uuid::new_v4());
    client.create_bucket().bucket(&name).send().await.unwrap();
    name
}

/// S3's "Object Created" for `key`, as EventBridge passes it to a function.
fn object_created(bucket: &str, key: &str) -> PublisherEvent {
    serde_json::from_value(json!({
        "version": "0",
        "id": "17793124-05d4-b198-2fde-7ededc63b103",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "account": "123456789012",
        "time": "2026-11-29T12:00:00Z",
        "region": "us-east-1",
        "resources": [format!("arn:aws:s3:::{bucket}")],
        "detail": {
            "version": "0",
            "bucket": { "name": bucket },
            "object": { "key": key, "size": 100, "etag": "abc", "sequencer": "00617F08299329D189" },
            "request-id": "N4N7GDK58NMKJ12R",
            "requester": "123456789012",
            "reason": "PutObject"
        }
    }))
    .unwrap()
}

/// The publisher as the function builds it, keeping pictures in `bucket`.
fn publisher(bucket: &Arc<S3CampaignBucket>) -> Publisher {
    Publisher {
        pictures: Pictures {
            painter: share_picture::draw,
            store: bucket.clone(),
        },
        previews: PreviewLinks::new(SigningKey::from_secret(&"ab".repeat(32)).unwrap()),
        site: None,
    }
}

struct Upload {
    client: aws_sdk_s3::Client,
    bucket: String,
}

impl Upload {
    async fn new() -> Self {
        let client = s3().await;
        let bucket = fresh_bucket(&client).await;
        Self { client, bucket }
    }

    /// Uploads `text` at `key` as staff would, runs the publisher on its
    /// event, and reads back the result it wrote.
    async fn publish(&self, key: &str, text: &str, store: &dyn CampaignStore) -> Value {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .body(ByteStream::from(text.as_bytes().to_vec()))
            .send()
            .await
            .unwrap();
        let event = object_created(&self.bucket, key);
        let PublisherWork::Upload(upload) = PublisherWork::of(&event.source, event.detail).unwrap()
        else {
            panic!("an upload's event read as other work");
        };
        let bucket = Arc::new(S3CampaignBucket::new(
            self.client.clone(),
            &upload.bucket.name,
        ));
        let members = Members::bundled().unwrap();
        publish_upload(
            &upload.object.key,
            bucket.as_ref(),
            store,
            &publisher(&bucket),
            &members,
        )
        .await
        .unwrap()
        .expect("the upload is there");
        let written = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(result_key(key))
            .send()
            .await
            .unwrap();
        assert_eq!(written.content_type(), Some("application/json"));
        let body = written.body.collect().await.unwrap().to_vec();
        serde_json::from_slice(&body).unwrap()
    }
}

#[tokio::test]
async fn an_uploaded_campaign_is_published_and_its_result_written_beside_it() {
    let (store, _, _) = dynamodb_table().await;
    let upload = Upload::new().await;
    let result = upload
        .publish("campaigns/sesta.toml", LAUNCH_FILE, &store)
        .await;
    assert_eq!(result["outcome"], "published", "{result}");
    assert_eq!(result["version"], 1);
    assert_eq!(result["status"], "open");
    assert_eq!(result["key"], "campaigns/sesta.toml");
    assert!(
        result["etag"].as_str().is_some_and(|tag| !tag.is_empty()),
        "{result}"
    );

    let closed = LAUNCH_FILE.replacen("status = \"open\"", "status = \"closed\"", 1);
    assert_ne!(closed, LAUNCH_FILE);
    let result = upload
        .publish("campaigns/sesta.toml", &closed, &store)
        .await;
    assert_eq!(result["version"], 2, "{result}");
    assert_eq!(result["status"], "closed");
    let published = store.published().await.unwrap();
    assert_eq!(published.len(), 1);
    assert_eq!(
        (published[0].version, published[0].text.as_str()),
        (2, closed.as_str())
    );
}

#[tokio::test]
async fn a_campaign_uploaded_with_a_new_headline_has_its_share_picture_in_the_bucket() {
    let (store, _, table) = dynamodb_table().await;
    let upload = Upload::new().await;
    let text = LAUNCH_FILE.replacen("headline = \"", "headline = \"Now: ", 1);
    let result = upload.publish("campaigns/sesta.toml", &text, &store).await;
    assert_eq!(result["outcome"], "published", "{result}");

    let env = [TEST_ENV[0], ("CAMPAIGNS_BUCKET", upload.bucket.as_str())];
    let mut spawn = Spawn::new(local::Backend::Aws { table });
    spawn.env = &env;
    spawn.consumers = local::Consumers::None;
    let app = spawn.start().await;
    let (picture, png) = share_picture_of(&app, "sesta").await;
    let key = format!("pictures/{}", picture.rsplit('/').next().unwrap());
    let kept = upload
        .client
        .get_object()
        .bucket(&upload.bucket)
        .key(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(kept.body.collect().await.unwrap().to_vec(), png, "{key}");
}

#[tokio::test]
async fn a_bad_upload_is_refused_in_its_result_and_changes_nothing() {
    let (store, _, _) = dynamodb_table().await;
    let upload = Upload::new().await;
    upload
        .publish("campaigns/sesta.toml", LAUNCH_FILE, &store)
        .await;

    let typo = LAUNCH_FILE.replacen("goal =", "gaol =", 1);
    let result = upload.publish("campaigns/sesta.toml", &typo, &store).await;
    assert_eq!(result["outcome"], "refused", "{result}");
    let errors = result["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["line"].is_u64() && e["field"].is_string()),
        "{result}"
    );

    let misnamed = upload
        .publish("campaigns/launch.toml", LAUNCH_FILE, &store)
        .await;
    assert_eq!(misnamed["outcome"], "refused", "{misnamed}");
    assert!(
        misnamed["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("slug"),
        "{misnamed}"
    );

    let oversized = format!("{LAUNCH_FILE}\n#{}", "x".repeat(70 * 1024));
    let result = upload
        .publish("campaigns/sesta.toml", &oversized, &store)
        .await;
    assert_eq!(result["outcome"], "refused", "{result}");

    let published = store.published().await.unwrap();
    assert_eq!(published.len(), 1);
    assert_eq!(
        (published[0].version, published[0].text.as_str()),
        (1, LAUNCH_FILE)
    );
}

#[tokio::test]
async fn an_event_for_a_file_already_gone_writes_nothing() {
    let (store, _, _) = dynamodb_table().await;
    let upload = Upload::new().await;
    let bucket = Arc::new(S3CampaignBucket::new(upload.client.clone(), &upload.bucket));
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
    let listed = upload
        .client
        .list_objects_v2()
        .bucket(&upload.bucket)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.key_count(), Some(0));
}

#[tokio::test]
async fn a_fresh_table_is_seeded_with_the_bundled_campaigns_once_as_drafts() {
    let (store, _, _) = dynamodb_table().await;
    let members = Members::bundled().unwrap();
    let seeded = shared::publishing::seed_bundled(&store, &members)
        .await
        .unwrap();
    assert_eq!(
        seeded.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["sesta"]
    );
    let published = store.published().await.unwrap();
    let draft = LAUNCH_FILE.replacen("status = \"open\"", "status = \"draft\"", 1);
    assert_eq!(
        (published[0].version, published[0].text.as_str()),
        (1, draft.as_str())
    );
    let campaign = shared::campaign::parse_campaign(&published[0].text, &members).unwrap();
    assert!(campaign.is_draft(), "seeded as a draft, not live");

    // A table that holds any published campaign is left as it is.
    let closed = LAUNCH_FILE.replacen("status = \"open\"", "status = \"closed\"", 1);
    let slug = published[0].slug.clone();
    store
        .publish(&slug, &closed, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(
        shared::publishing::seed_bundled(&store, &members)
            .await
            .unwrap()
            .is_empty()
    );
    let published = store.published().await.unwrap();
    assert_eq!(
        (published[0].version, published[0].text.as_str()),
        (2, closed.as_str())
    );
}

#[test]
fn the_publisher_refuses_events_from_elsewhere() {
    let error = PublisherWork::of("aws.ec2", json!({})).unwrap_err();
    assert!(error.to_string().contains("aws.ec2"), "{error}");
}
