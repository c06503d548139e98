//! The letters table and its export index, as the local server and the
//! tests create them; on AWS the SAM template does, to the same design.

use super::DynamoDbLetterStore;
use super::keys::EXPORT_INDEX;
use anyhow::Context;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
};

fn key_element(name: &str, key_type: KeyType) -> anyhow::Result<KeySchemaElement> {
    Ok(KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(key_type)
        .build()?)
}

fn export_index() -> anyhow::Result<GlobalSecondaryIndex> {
    Ok(GlobalSecondaryIndex::builder()
        .index_name(EXPORT_INDEX)
        .key_schema(key_element("export_pk", KeyType::Hash)?)
        .key_schema(key_element("export_sk", KeyType::Range)?)
        .projection(
            Projection::builder()
                .projection_type(ProjectionType::KeysOnly)
                .build(),
        )
        .build()?)
}

/// Whether a table created here keeps a stream of its new items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeStream {
    /// As on AWS, where the stream feeds the consumers.
    NewImages,
    /// For a table no consumer reads: moto copies a table's stream with
    /// the table on each transaction, which slows long runs of writes.
    Omitted,
}

impl DynamoDbLetterStore {
    /// Creates the table if it does not exist.
    pub async fn create_table_if_missing(&self, stream: ChangeStream) -> anyhow::Result<()> {
        let described = self
            .client
            .describe_table()
            .table_name(&self.table)
            .send()
            .await;
        match described {
            Ok(_) => return Ok(()),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_not_found_exception()) => {}
            Err(error) => return Err(error).context("describing the letters table"),
        }
        let attributes = ["pk", "export_pk", "export_sk"]
            .into_iter()
            .map(|name| {
                AttributeDefinition::builder()
                    .attribute_name(name)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
            })
            .collect::<Result<_, _>>()?;
        let stream = match stream {
            ChangeStream::NewImages => Some(
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::NewImage)
                    .build()?,
            ),
            ChangeStream::Omitted => None,
        };
        self.client
            .create_table()
            .table_name(&self.table)
            .set_attribute_definitions(Some(attributes))
            .global_secondary_indexes(export_index()?)
            .key_schema(key_element("pk", KeyType::Hash)?)
            .billing_mode(BillingMode::PayPerRequest)
            .set_stream_specification(stream)
            .send()
            .await
            .context("creating the letters table")?;
        Ok(())
    }
}
