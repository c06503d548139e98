"""Events as AWS hands them to the functions, each built on the shape AWS
documents (and the aws_lambda_events crate's fixtures hold), named below;
where the template decides what an event holds (a route, a filter, a
subscription), it is read from the template or from the stack moto made.
"""

import uuid

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
