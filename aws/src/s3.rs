//! The campaigns bucket on Amazon S3.

use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_s3::primitives::ByteStream;
use shared::ports::{CampaignBucket, UploadedFile};

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
