//! The campaigns bucket on Amazon S3.

use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_s3::primitives::ByteStream;
use shared::ports::{CampaignBucket, PictureName, PictureStore, UploadedFile};

pub struct S3CampaignBucket {
    client: aws_sdk_s3::Client,
    bucket: String,
}

impl S3CampaignBucket {
    pub fn new(client: aws_sdk_s3::Client, bucket: impl Into<String>) -> Self {
        Self {
            client,
            bucket: bucket.into(),
        }
    }
}

#[async_trait]
impl CampaignBucket for S3CampaignBucket {
    async fn read(&self, key: &str, limit: usize) -> anyhow::Result<Option<UploadedFile>> {
        // One byte past the limit: enough to tell a file over it, and no more.
        let answer = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .range(format!("bytes=0-{limit}"))
            .send()
            .await;
        let object = match answer {
            Ok(object) => object,
            Err(error) if error.as_service_error().is_some_and(|e| e.is_no_such_key()) => {
                return Ok(None);
            }
            Err(error) => {
                return Err(anyhow::Error::new(error)
                    .context(format!("reading {key} from the campaigns bucket")));
            }
        };
        let etag = object.e_tag().map(str::to_owned);
        let bytes = object
            .body
            .collect()
            .await
            .with_context(|| format!("reading {key} from the campaigns bucket"))?
            .to_vec();
        Ok(Some(UploadedFile { bytes, etag }))
    }

    async fn write_json(&self, key: &str, json: Vec<u8>) -> anyhow::Result<()> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type("application/json")
            .body(ByteStream::from(json))
            .send()
            .await
            .with_context(|| format!("writing {key} to the campaigns bucket"))?;
        Ok(())
    }
}

/// Share pictures go under `pictures/`: not under the uploads' prefix, so
/// keeping one starts nothing.
const PICTURES_PREFIX: &str = "pictures/";

#[async_trait]
impl PictureStore for S3CampaignBucket {
    async fn keep(&self, name: &PictureName, png: Vec<u8>) -> anyhow::Result<()> {
        let key = format!("{PICTURES_PREFIX}{name}");
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(&key)
            .content_type("image/png")
            .body(ByteStream::from(png))
            .send()
            .await
            .with_context(|| format!("writing {key} to the campaigns bucket"))?;
        Ok(())
    }

    async fn picture(&self, name: &PictureName) -> anyhow::Result<Option<Vec<u8>>> {
        let key = format!("{PICTURES_PREFIX}{name}");
        Ok(self
            .read(&key, MAX_PICTURE_BYTES)
            .await?
            .map(|file| file.bytes))
    }
}

/// More than any picture drawn (about 30 KB): a read stops here.
const MAX_PICTURE_BYTES: usize = 1024 * 1024;
