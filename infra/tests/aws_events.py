"""Events as AWS hands them to the functions, each built on the shape AWS
documents (and the aws_lambda_events crate's fixtures hold), named below;
where the template decides what an event holds (a route, a filter, a
subscription), it is read from the template or from the stack moto made.
"""

import base64
import hashlib
import json
import re
import time
import uuid
from urllib.parse import parse_qsl

from moto.events.models import EventPattern

from stack import TEMPLATE_RESOURCES, client, pipe_patterns, subscriptions

ACCOUNT = "123456789012"
REGION = "us-east-1"


# --- EventBridge ---------------------------------------------------------------


def eventbridge_event(source, detail_type, resources, detail):
    """An event as EventBridge passes it on to a function."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": detail_type,
        "source": source,
        "account": ACCOUNT,
        "time": "2026-11-29T12:00:00Z",
        "region": REGION,
        "resources": resources,
        "detail": detail,
    }


def object_created(bucket, key):
    """S3's "Object Created" for `key` in `bucket`."""
    return eventbridge_event(
        "aws.s3",
        "Object Created",
        [f"arn:aws:s3:::{bucket}"],
        {
            "version": "0",
            "bucket": {"name": bucket},
            "object": {"key": key, "size": 100, "etag": "abc", "sequencer": "00617F08299329D189"},
            "request-id": "N4N7GDK58NMKJ12R",
            "requester": ACCOUNT,
            "reason": "PutObject",
        },
    )


def stack_status_change(stack_id, status):
    """CloudFormation's event for a stack reaching `status`."""
    return eventbridge_event(
        "aws.cloudformation",
        "CloudFormation Stack Status Change",
        [stack_id],
        {
            "stack-id": stack_id,
            "status-details": {"status": status, "status-reason": ""},
            "client-request-token": "",
        },
    )


# --- API Gateway HTTP API ----------------------------------------------------------

# HTTP APIs pass these bodies on as text and base64-encode every other, a
# form post's included ("Create AWS Lambda proxy integrations for HTTP APIs"
# says a binary body is base64-encoded, not which types count as text: this
# is the split reported from AWS).
TEXT_BODIES = re.compile(r"text/.*|application/(json|xml|javascript)")


def api_domain(api_id):
    """The HTTP API's own domain, which its requests name."""
    return f"{api_id}.execute-api.{REGION}.amazonaws.com"


def route_of(logical_id, method, path):
    """The template's route of `logical_id` that API Gateway matches `method
    path` to: its route key, path parameters, and whether IAM signs it."""
    for event in TEMPLATE_RESOURCES[logical_id]["Properties"].get("Events", {}).values():
        if event["Type"] != "HttpApi" or event["Properties"]["Method"] != method:
            continue
        route = event["Properties"]["Path"]
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(route))
        if found := re.fullmatch(pattern, path):
            iam = event["Properties"].get("Auth", {}).get("Authorizer") == "AWS_IAM"
            return f"{method} {route}", found.groupdict(), iam
    raise AssertionError(f"the template routes {method} {path} to no route of {logical_id}")


def http_request(logical_id, method, target, api_id, *, headers=(), body=None, caller=None, source_ip="198.51.100.7"):
    """API Gateway's request (HTTP API, payload format 2.0) for `method
    target` on the route of `logical_id` the template matches it to. A route
    behind IAM carries the signed caller's ARN, `caller`, as API Gateway's
    IAM authorizer puts it in the request context. The shape: AWS's "Create
    AWS Lambda proxy integrations for HTTP APIs", as in aws_lambda_events'
    example-apigw-v2-request-iam.json and -no-authorizer.json."""
    path, _, query = target.partition("?")
    route_key, parameters, iam = route_of(logical_id, method, path)
    assert iam == (caller is not None), f"{route_key}: IAM signs it: {iam}; a caller given: {caller}"
    domain = api_domain(api_id)
    now = time.time()
    all_headers = {
        "host": domain,
        "user-agent": "Mozilla/5.0 (rehearsal)",
        "x-amzn-trace-id": f"Root=1-{int(now):08x}-{uuid.uuid4().hex[:24]}",
        "x-forwarded-for": source_ip,
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
        **{name.lower(): value for name, value in dict(headers).items()},
    }
    event = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": query,
        "headers": all_headers,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": api_id,
            "domainName": domain,
            "domainPrefix": api_id,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": all_headers["user-agent"],
            },
            "requestId": uuid.uuid4().hex[:16],
            "routeKey": route_key,
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": False,
    }
    if parameters:
        event["pathParameters"] = parameters
    if query:
        values = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            values[name] = f"{values[name]},{value}" if name in values else value
        event["queryStringParameters"] = values
    if caller:
        event["requestContext"]["authorizer"] = {
            "iam": {
                "accessKey": "ASIAREHEARSAL",
                "accountId": ACCOUNT,
                "callerId": "AIDAREHEARSAL",
                "principalOrgId": None,
                "userArn": caller,
                "userId": "AIDAREHEARSAL",
            }
        }
    if body is not None:
        data = body.encode()
        all_headers["content-length"] = str(len(data))
        if TEXT_BODIES.fullmatch(all_headers.get("content-type", "").split(";")[0].strip()):
            event["body"] = body
        else:
            event["body"], event["isBase64Encoded"] = base64.b64encode(data).decode(), True
    return event


class HttpResponse:
    """What API Gateway makes of a function's answer (payload format 2.0)."""

    def __init__(self, answer):
        self.status = answer["statusCode"]
        self.headers = {name.lower(): value for name, value in (answer.get("headers") or {}).items()}
        body = answer.get("body") or ""
        self.text = base64.b64decode(body).decode() if answer.get("isBase64Encoded") else body

    def __repr__(self):
        return f"<{self.status} {self.headers.get('location', '')}>"


# --- The table's stream, the pipe, the topic and the queues --------------------------


class StreamReader:
    """The letters table's stream in moto, read on from where the last read
    ended; each record as Lambda's event source mappings and EventBridge
    Pipes pass it on (AWS's "DynamoDB Streams and AWS Lambda triggers",
    aws_lambda_events' example-dynamodb-event.json)."""

    def __init__(self, table):
        self.streams = client("dynamodbstreams")
        self.arn = client("dynamodb").describe_table(TableName=table)["Table"]["LatestStreamArn"]
        self.iterators = {}

    def new_records(self):
        records = []
        for shard in self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]:
            shard_id = shard["ShardId"]
            if shard_id not in self.iterators:
                self.iterators[shard_id] = self.streams.get_shard_iterator(
                    StreamArn=self.arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
                )["ShardIterator"]
            while True:
                page = self.streams.get_records(ShardIterator=self.iterators[shard_id], Limit=1000)
                self.iterators[shard_id] = page["NextShardIterator"]
                records.extend(page["Records"])
                if not page["Records"]:
                    break
        for record in records:
            change = record["dynamodb"]
            if "ApproximateCreationDateTime" in change:
                change["ApproximateCreationDateTime"] = int(change["ApproximateCreationDateTime"].timestamp())
            record["eventSourceARN"] = self.arn
        return records


def matching(patterns, records):
    """The records an event filter of these patterns lets through."""
    loaded = [EventPattern.load(json.dumps(pattern)) for pattern in patterns]
    return [record for record in records if any(pattern.matches_event(record) for pattern in loaded)]


def through_the_pipe(transformed, records, delivery):
    """The messages the queues get of these records: what the pipe passes
    on (the template's filters; no input template, so each record as it is)
    to the topic, whose subscriptions deliver it raw."""
    pipe = transformed["Resources"]["LetterPipe"]["Properties"]
    assert pipe["Target"] == {"Ref": "NewLettersTopic"}
    assert "InputTemplate" not in pipe.get("TargetParameters", {}), "teach this: the pipe reshapes records"
    for queue, subscription in subscriptions(transformed).items():
        assert subscription["RawMessageDelivery"] is True, f"{queue} would get SNS envelopes, not records"
    return [json.dumps(record) for record in matching(pipe_patterns(transformed, delivery), records)]


def sqs_batch(queue_url, bodies):
    """SQS's batch of these message bodies from the queue, as the event
    source mapping hands it to a function (AWS's "Using Lambda with Amazon
    SQS", aws_lambda_events' example-sqs-event.json)."""
    arn = client("sqs").get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sent = str(int(time.time() * 1000))
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": base64.b64encode(uuid.uuid4().bytes).decode(),
                "body": body,
                "attributes": {
                    "ApproximateReceiveCount": "1",
                    "SentTimestamp": sent,
                    "SenderId": "AIDASNSREHEARSAL",
                    "ApproximateFirstReceiveTimestamp": sent,
                },
                "messageAttributes": {},
                "md5OfBody": hashlib.md5(body.encode()).hexdigest(),
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": REGION,
            }
            for body in bodies
        ]
    }


def stream_batch(mapping, records):
    """The batch an event source mapping on the stream hands its function:
    the records its filter criteria let through ("Records", as AWS's
    "DynamoDB Streams and AWS Lambda triggers" shows it)."""
    patterns = [json.loads(f["Pattern"]) for f in mapping.get("FilterCriteria", {}).get("Filters", [])]
    passed = matching(patterns, records) if patterns else records
    assert len(passed) <= mapping["BatchSize"], "teach this: more records than one batch"
    return {"Records": passed}


# --- SES feedback through SNS ---------------------------------------------------------


def ses_bounce(topic_arn, message_id, email):
    """SNS's notification to a function of SES's event for a permanent bounce
    of `email`, as a configuration set's event destination publishes it
    ("eventType": AWS's "Examples of event data that Amazon SES publishes to
    Amazon SNS"), wrapped as in AWS's "Using Lambda with Amazon SNS"."""
    bounce = {
        "eventType": "Bounce",
        "bounce": {
            "feedbackId": f"{uuid.uuid4().hex}-000000",
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [
                {"emailAddress": email, "action": "failed", "status": "5.1.1", "diagnosticCode": "smtp; 550 5.1.1 user unknown"}
            ],
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
            "reportingMTA": "dsn; mta.example.org",
        },
        "mail": {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
            "messageId": message_id,
            "sendingAccountId": ACCOUNT,
            "destination": [email],
        },
    }
    return {
        "Records": [
            {
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
                "EventSource": "aws:sns",
                "Sns": {
                    "SignatureVersion": "1",
                    "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                    "Signature": "EXAMPLE",
                    "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem",
                    "MessageId": str(uuid.uuid4()),
                    "Message": json.dumps(bounce),
                    "MessageAttributes": {},
                    "Type": "Notification",
                    "UnsubscribeUrl": f"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic_arn}",
                    "TopicArn": topic_arn,
                    "Subject": None,
                },
            }
        ]
    }
