//! The warehouse's files on Amazon S3, under `warehouse/` in the analytics
//! bucket: the prefix the Glue tables' locations name.

use anyhow::Context;
use async_trait::async_trait;
use aws_sdk_s3::primitives::ByteStream;
use shared::ports::WarehouseFiles;

/// The prefix of every warehouse key in the bucket.
const PREFIX: &str = "warehouse/";

pub struct S3WarehouseFiles {
    client: aws_sdk_s3::Client,
    bucket: String,
}

impl S3WarehouseFiles {
    pub fn new(client: aws_sdk_s3::Client, bucket: impl Into<String>) -> Self {
        Self {
            client,
            bucket: bucket.into(),
        }
    }
}

#[async_trait]
impl WarehouseFiles for S3WarehouseFiles {
    /// One PUT: S3 shows a reader the old object or the new one, whole.
    async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(format!("{PREFIX}{key}"))
            .body(ByteStream::from(bytes))
            .send()
            .await
            .with_context(|| format!("writing {key} to the warehouse"))?;
        Ok(())
    }

    async fn get(&self, key: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let answer = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(format!("{PREFIX}{key}"))
            .send()
            .await;
        let object = match answer {
            Ok(object) => object,
            Err(error) if error.as_service_error().is_some_and(|e| e.is_no_such_key()) => {
                return Ok(None);
            }
            Err(error) => {
                return Err(
                    anyhow::Error::new(error).context(format!("reading {key} from the warehouse"))
                );
            }
        };
        let bytes = object
            .body
            .collect()
            .await
            .with_context(|| format!("reading {key} from the warehouse"))?;
        Ok(Some(bytes.to_vec()))
    }
}
