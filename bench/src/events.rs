//! The events each function is cold-started with, shaped as Lambda delivers
//! them: API Gateway HTTP API (payload 2.0) requests, an SNS notification
//! from SES, stream records of stored letters, and those records in SQS
//! messages as the pipe forwards them.

use serde_json::{Value, json};
use shared::letter::LetterForm;
use shared::signing::SigningKey;
use shared::web::FormTokens;

/// The site's address, as the functions are configured with it.
pub const PUBLIC_URL: &str = "https://letters.example.org";

/// The secret text of the key that signs form tokens, in the functions'
/// secret and in the tokens the benchmarks send.
pub const SIGNING_KEY: &str = "bench-signing-key-bench-signing-key";
/// The chambers' API keys, as the delivery secret holds them.
pub const DELIVERY_KEYS: &str = r#"{"senate": "bench-senate-key", "house": "bench-house-key"}"#;

/// An API Gateway HTTP API request from client number `client` (each its
/// own address, so that no rate limit is reached); `body` is a form posted
/// from the site's own page when given.
pub fn http(method: &str, path: &str, body: Option<String>, client: usize) -> Value {
    let mut headers = json!({
        "host": "bench.execute-api.us-east-1.amazonaws.com",
        "x-forwarded-proto": "https",
        "accept": "text/html",
        "user-agent": "bench",
    });
    if body.is_some() {
        headers["content-type"] = json!("application/x-www-form-urlencoded");
        headers["origin"] = json!(PUBLIC_URL);
        headers["sec-fetch-site"] = json!("same-origin");
    }
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "bench.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "bench",
            "requestId": "bench",
            "routeKey": "$default",
            "stage": "$default",
            "time": "28/Nov/2026:12:00:00 +0000",
            "timeEpoch": 1_795_867_200_000u64,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": client_ip(client).to_string(),
                "userAgent": "bench",
            },
        },
        "body": body,
        "isBase64Encoded": false,
    })
}

/// `request` as an IAM-signed caller's, as the analysts' routes require.
pub fn signed_by_analyst(mut request: Value) -> Value {
    request["requestContext"]["authorizer"] = json!({
        "iam": {
            "accessKey": "AKIDBENCH",
            "accountId": "123456789012",
            "callerId": "AIDABENCH",
            "userArn": "arn:aws:iam::123456789012:user/analyst",
            "userId": "AIDABENCH",
        }
    });
    request
}

/// The address of client number `n`, one of 2^24 in 10.0.0.0/8.
pub fn client_ip(n: usize) -> std::net::IpAddr {
    let [_, a, b, c] = (n as u32 & 0x00ff_ffff).to_be_bytes();
    std::net::IpAddr::from([10, a, b, c])
}

/// The campaign's letter form from `email`, form-encoded, with a token
/// served ten seconds ago (past any fill-time check).
pub fn letter_form(email: &str) -> String {
    let tokens = FormTokens::new(
        SigningKey::from_secret(SIGNING_KEY).expect("a long enough key"),
        std::time::Duration::ZERO,
    );
    let served = time::OffsetDateTime::now_utc() - time::Duration::seconds(10);
    let form = LetterForm {
        form_token: tokens.issue(shared::fixtures::LAUNCH, served),
        ..shared::fixtures::letter_form("TX", email)
    };
    serde_urlencoded::to_string(&form).unwrap_or_default()
}

/// SES's notification of a permanent bounce of `email`, through SNS.
pub fn bounce(email: &str) -> Value {
    let notification = json!({
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": "Permanent",
            "bouncedRecipients": [{ "emailAddress": email }],
        },
    });
    json!({ "Records": [{
        "EventVersion": "1.0",
        "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:feedback:bench",
        "EventSource": "aws:sns",
        "Sns": {
            "Type": "Notification",
            "MessageId": "bench",
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:feedback",
            "Message": notification.to_string(),
            "Timestamp": "2026-11-28T12:00:00.000Z",
            "SignatureVersion": "1",
            "Signature": "bench",
            "SigningCertURL": "https://sns.us-east-1.amazonaws.com/bench.pem",
            "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
        },
    }]})
}

/// A stream record of the insert of `item` (a letter, as stored).
pub fn inserted(item: &Value) -> Value {
    json!({
        "eventID": "bench",
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "Keys": { "pk": item["pk"] },
            "NewImage": item,
            "SequenceNumber": "1",
            "SizeBytes": 1,
            "StreamViewType": "NEW_IMAGE",
        },
    })
}

/// A batch of stream records, as the event source mapping delivers it.
pub fn stream_batch(record: Value) -> Value {
    json!({ "Records": [record] })
}

/// `record` in an SQS message, as the pipe forwards it to the mailer.
pub fn queued(record: &Value) -> Value {
    json!({ "Records": [{
        "messageId": "bench",
        "receiptHandle": "bench",
        "body": record.to_string(),
        "attributes": { "ApproximateReceiveCount": "1" },
        "messageAttributes": {},
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:confirmations",
        "awsRegion": "us-east-1",
    }]})
}
