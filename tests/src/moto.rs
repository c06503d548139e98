//! Reading the moto server's state back, as tests and drills check it: the
//! table's stream as a pipe would forward it, and the mail SES accepted.

use serde_json::{Value, json};

/// Every record of `table`'s stream so far, in the JSON a pipe forwards.
pub async fn stream_records(
    dynamodb: &aws_sdk_dynamodb::Client,
    streams: &aws_sdk_dynamodbstreams::Client,
    table: &str,
) -> Vec<Value> {
    let described = dynamodb
        .describe_table()
        .table_name(table)
        .send()
        .await
        .unwrap();
    let stream_arn = described.table.unwrap().latest_stream_arn.unwrap();
    let stream = streams
        .describe_stream()
        .stream_arn(&stream_arn)
        .send()
        .await
        .unwrap();
    let mut records = Vec::new();
    for shard in stream
        .stream_description
        .unwrap()
        .shards
        .unwrap_or_default()
    {
        let mut iterator = streams
            .get_shard_iterator()
            .stream_arn(&stream_arn)
            .shard_id(shard.shard_id.unwrap())
            .shard_iterator_type(aws_sdk_dynamodbstreams::types::ShardIteratorType::TrimHorizon)
            .send()
            .await
            .unwrap()
            .shard_iterator;
        // Page by page to the end of the shard (at most 1,000 records a page).
        let mut shard_records = Vec::new();
        while iterator.is_some() {
            let output = streams
                .get_records()
                .set_shard_iterator(iterator)
                .limit(1000)
                .send()
                .await
                .unwrap();
            let page = output.records.unwrap_or_default();
            iterator = output.next_shard_iterator.filter(|_| !page.is_empty());
            shard_records.extend(page);
        }
        for record in shard_records {
            let change = record.dynamodb.unwrap();
            let image: serde_dynamo::Item = change.new_image.unwrap_or_default().into();
            let keys: serde_dynamo::Item = change.keys.unwrap_or_default().into();
            records.push(json!({
                "eventID": record.event_id,
                "eventName": record.event_name.map(|name| name.as_str().to_owned()),
                "eventSource": "aws:dynamodb",
                "awsRegion": "us-east-1",
                "dynamodb": {
                    "ApproximateCreationDateTime": change.approximate_creation_date_time.map(|t| t.secs()),
                    "Keys": keys,
                    "NewImage": image,
                    "SequenceNumber": change.sequence_number,
                    "SizeBytes": change.size_bytes,
                    "StreamViewType": "NEW_IMAGE",
                },
            }));
        }
    }
    records
}

/// moto's whole state. It answers 500 when another request changes its
/// state while it is being serialised, so a few tries are made.
pub async fn state(endpoint: &str) -> Value {
    for _ in 0..40 {
        let response = reqwest::get(format!("{endpoint}/moto-api/data.json"))
            .await
            .unwrap();
        if response.status().is_success() {
            return response.json().await.unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("moto's state could not be read");
}

/// A message moto's SES accepted.
pub struct SentMail {
    pub id: String,
    /// The first recipient.
    pub to: String,
    /// The HTML part (moto keeps only that of a two-part message).
    pub body: String,
}

/// Every message moto's SES accepted.
pub async fn ses_messages(endpoint: &str) -> Vec<SentMail> {
    let data = state(endpoint).await;
    data["ses"]["Message"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|message| SentMail {
            id: message["id"].as_str().unwrap_or_default().to_owned(),
            to: message["destinations"]["ToAddresses"][0]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            body: message["body"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}
