//! The application on AWS: what only a Lambda function needs. The DynamoDB,
//! SES and S3 adapters of `shared`'s ports, the shapes of the events Lambda
//! hands a function (API Gateway requests, SQS batches, SNS notifications,
//! EventBridge events), and each function's start ([`bootstrap`]), which
//! hands these adapters to `shared`'s one wiring.

/// Every function's start: logging, settings, the SDK, the table, once.
pub mod bootstrap;
/// Letters, confirmations, analysts' data and campaigns in one table.
pub mod dynamodb;
/// SES's bounces and complaints, as SNS delivers them: the suppression list.
pub mod feedback;
/// The HTTP routers behind API Gateway (and CloudFront).
pub mod gateway;
/// The loop every queue consumer runs over an SQS batch.
pub mod queue;
mod s3;
mod s3_warehouse;
mod ses;

pub use dynamodb::{DynamoDbLetterStore, DynamoDbStream};
pub use s3::S3CampaignBucket;
pub use s3_warehouse::S3WarehouseFiles;
pub use ses::SesMailer;

/// The events the publisher is given, through EventBridge: S3's "Object
/// Created" for an upload, CloudFormation's "Stack Status Change" when the
/// stack is created or updated.
pub type PublisherEvent = aws_lambda_events::eventbridge::EventBridgeEvent<serde_json::Value>;
