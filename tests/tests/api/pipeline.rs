//! The confirmation pipeline on the moto server, as AWS wires it: the
//! table's stream feeds an SQS queue (EventBridge Pipes in AWS, here a pump),
//! whose batches go to a consumer's handler (Lambda's event source mapping,
//! here `deliver`): the mailer's or the deliverer's, with a dead-letter
//! queue after two receives, where a letter set aside goes at once.

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use aws_sdk_sqs::types::QueueAttributeName;
use integration_tests::moto;
use letters_aws::DynamoDbStream;
use letters_aws::queue::{SqsDeadLetterQueue, handle_batch};
use serde_json::{Value, json};
use shared::queue::LetterConsumer;
use std::collections::HashMap;

pub const MAX_RECEIVES: u32 = 2;

pub struct Pipeline {
    pub sqs: aws_sdk_sqs::Client,
    pub queue_url: String,
    pub dead_letter_url: String,
    streams: aws_sdk_dynamodbstreams::Client,
    dynamodb: aws_sdk_dynamodb::Client,
    table: String,
}

async fn sdk_config() -> aws_config::SdkConfig {
    letters_aws::bootstrap::sdk_loader().load().await
}

impl Pipeline {
    /// A queue of its own, with its dead-letter queue, for `table`'s stream.
    pub async fn new(table: &str) -> Self {
        let config = sdk_config().await;
        let sqs = aws_sdk_sqs::Client::new(&config);
        let name = format!("confirmations-{}", uuid::Uuid::new_v4());
        let dead_letter_url = sqs
            .create_queue()
            .queue_name(format!("{name}-dlq"))
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap();
        let dead_letter_arn = sqs
            .get_queue_attributes()
            .queue_url(&dead_letter_url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .unwrap()
            .attributes
            .unwrap()[&QueueAttributeName::QueueArn]
            .clone();
        let redrive = json!({ "deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": MAX_RECEIVES.to_string() });
        let queue_url = sqs
            .create_queue()
            .queue_name(name)
            .attributes(QueueAttributeName::RedrivePolicy, redrive.to_string())
            // Failed messages come back at once, so tests need not wait.
            .attributes(QueueAttributeName::VisibilityTimeout, "0")
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap();
        Self {
            sqs,
            queue_url,
            dead_letter_url,
            streams: aws_sdk_dynamodbstreams::Client::new(&config),
            dynamodb: aws_sdk_dynamodb::Client::new(&config),
            table: table.to_owned(),
        }
    }

    /// Every record of the table's stream so far, in the JSON a pipe forwards.
    pub async fn stream_records(&self) -> Vec<Value> {
        moto::stream_records(&self.dynamodb, &self.streams, &self.table).await
    }

    /// Forwards every stream record to the queue `times` times over, as an
    /// at-least-once pipe may.
    pub async fn pump(&self, times: usize) {
        for record in self.stream_records().await {
            for _ in 0..times {
                self.send(&record.to_string()).await;
            }
        }
    }

    /// Forwards the stream's records that `forwards` picks, once each.
    pub async fn pump_only(&self, forwards: impl Fn(&Value) -> bool) {
        for record in self.stream_records().await {
            if forwards(&record) {
                self.send(&record.to_string()).await;
            }
        }
    }

    pub async fn send(&self, body: &str) {
        self.sqs
            .send_message()
            .queue_url(&self.queue_url)
            .message_body(body)
            .send()
            .await
            .unwrap();
    }

    /// One receive of up to ten messages handed to `consumer` as a batch,
    /// with the queue's dead-letter queue for the letters it sets aside;
    /// the messages it did not report failed are deleted. How many came.
    pub async fn deliver(&self, consumer: &dyn LetterConsumer) -> usize {
        let dead_letters = SqsDeadLetterQueue::new(self.sqs.clone(), &self.dead_letter_url);
        self.deliver_setting_aside_in(consumer, &dead_letters).await
    }

    /// As [`Pipeline::deliver`], setting letters aside in `dead_letters`.
    pub async fn deliver_setting_aside_in(
        &self,
        consumer: &dyn LetterConsumer,
        dead_letters: &SqsDeadLetterQueue,
    ) -> usize {
        let received = self
            .sqs
            .receive_message()
            .queue_url(&self.queue_url)
            .max_number_of_messages(10)
            .send()
            .await
            .unwrap()
            .messages
            .unwrap_or_default();
        let mut receipts = HashMap::new();
        let mut event = SqsEvent::default();
        for message in &received {
            let mut sqs_message = SqsMessage::default();
            sqs_message.message_id = message.message_id.clone();
            sqs_message.body = message.body.clone();
            receipts.insert(
                message.message_id.clone().unwrap(),
                message.receipt_handle.clone().unwrap(),
            );
            event.records.push(sqs_message);
        }
        let response = handle_batch(consumer, &DynamoDbStream, Some(dead_letters), event).await;
        for failure in &response.batch_item_failures {
            receipts.remove(&failure.item_identifier);
        }
        for receipt in receipts.into_values() {
            self.sqs
                .delete_message()
                .queue_url(&self.queue_url)
                .receipt_handle(receipt)
                .send()
                .await
                .unwrap();
        }
        received.len()
    }

    /// Delivers until the queue has nothing left to give.
    pub async fn drain(&self, consumer: &dyn LetterConsumer) {
        for _ in 0..100 {
            if self.deliver(consumer).await == 0 {
                return;
            }
        }
        panic!("the queue did not drain");
    }

    pub async fn dead_letters(&self) -> usize {
        self.receive_dead_letters().await.len()
    }

    /// Moves every message of the dead-letter queue back to the queue, as
    /// `aws sqs start-message-move-task` does (which moto lacks).
    pub async fn redrive(&self) {
        for message in self.receive_dead_letters().await {
            self.send(message.body().unwrap()).await;
            self.sqs
                .delete_message()
                .queue_url(&self.dead_letter_url)
                .receipt_handle(message.receipt_handle().unwrap())
                .send()
                .await
                .unwrap();
        }
    }

    async fn receive_dead_letters(&self) -> Vec<aws_sdk_sqs::types::Message> {
        let output = self
            .sqs
            .receive_message()
            .queue_url(&self.dead_letter_url)
            .max_number_of_messages(10)
            .send()
            .await
            .unwrap();
        output.messages.unwrap_or_default()
    }
}

/// The messages moto's SES accepted for `to`: `(id, body)`, where body is
/// the HTML part (moto keeps only that of a two-part message).
pub async fn ses_messages_to(to: &str) -> Vec<(String, String)> {
    let endpoint = std::env::var("AWS_ENDPOINT_URL").unwrap();
    moto::ses_messages(&endpoint)
        .await
        .into_iter()
        .filter(|message| message.to == to)
        .map(|message| (message.id, message.body))
        .collect()
}
