//! The prices the model uses: AWS list prices for us-east-1, on-demand, no
//! free tier, as AWS's pricing pages gave them when this was written.
//! Check them before relying on a total; `bench cost` prints them.

/// When the prices below were taken from AWS's pricing pages.
pub const TAKEN: &str = "2025 (us-east-1 list prices; Lambda bills init since 2025-08-01)";

/// Dollars per unit, each named with its unit.
pub struct Prices {
    pub api_gateway_per_million: f64,
    pub lambda_requests_per_million: f64,
    pub lambda_arm_per_gb_second: f64,
    pub dynamodb_write_units_per_million: f64,
    pub dynamodb_read_units_per_million: f64,
    pub sqs_requests_per_million: f64,
    pub pipes_requests_per_million: f64,
    pub ses_per_thousand: f64,
    pub logs_per_gb: f64,
    pub transfer_out_per_gb: f64,
    pub cloudfront_requests_per_million: f64,
    pub cloudfront_transfer_per_gb: f64,
    pub nat_gateway_per_hour: f64,
    pub nat_processed_per_gb: f64,
}

pub const US_EAST_1: Prices = Prices {
    api_gateway_per_million: 1.00,
    lambda_requests_per_million: 0.20,
    lambda_arm_per_gb_second: 0.000_013_333_4,
    dynamodb_write_units_per_million: 0.625,
    dynamodb_read_units_per_million: 0.125,
    sqs_requests_per_million: 0.40,
    pipes_requests_per_million: 0.40,
    ses_per_thousand: 0.10,
    logs_per_gb: 0.50,
    transfer_out_per_gb: 0.09,
    cloudfront_requests_per_million: 1.00,
    cloudfront_transfer_per_gb: 0.085,
    nat_gateway_per_hour: 0.045,
    nat_processed_per_gb: 0.045,
};

impl Prices {
    /// `(what, price)` for printing.
    pub fn listed(&self) -> Vec<(&'static str, f64)> {
        vec![
            (
                "API Gateway HTTP API, per million requests",
                self.api_gateway_per_million,
            ),
            (
                "Lambda, per million requests",
                self.lambda_requests_per_million,
            ),
            ("Lambda arm64, per GB-second", self.lambda_arm_per_gb_second),
            (
                "DynamoDB on-demand, per million write units",
                self.dynamodb_write_units_per_million,
            ),
            (
                "DynamoDB on-demand, per million read units",
                self.dynamodb_read_units_per_million,
            ),
            (
                "SQS standard, per million requests",
                self.sqs_requests_per_million,
            ),
            (
                "EventBridge Pipes, per million requests",
                self.pipes_requests_per_million,
            ),
            ("SES, per 1,000 emails", self.ses_per_thousand),
            ("CloudWatch Logs ingestion, per GB", self.logs_per_gb),
            (
                "Data transfer out to the internet, per GB",
                self.transfer_out_per_gb,
            ),
            (
                "CloudFront HTTPS requests (US), per million",
                self.cloudfront_requests_per_million,
            ),
            (
                "CloudFront transfer out (US), per GB",
                self.cloudfront_transfer_per_gb,
            ),
            ("NAT gateway, per hour", self.nat_gateway_per_hour),
            ("NAT gateway, per GB processed", self.nat_processed_per_gb),
        ]
    }
}
