"""The page and submit handlers as an organisation might write them in
Python with boto3: the client made once at import, the count summed from
its 500 shards, a letter stored with its count in one transaction. Only for
the benchmarks' comparison; it checks far less than the Rust handlers."""
import hashlib
import html
import os
import random
import uuid
from urllib.parse import parse_qs

import boto3

TABLE = os.environ["TABLE_NAME"]
dynamodb = boto3.client("dynamodb")
REQUIRED = ["first_name", "last_name", "email", "street", "city", "state", "zip", "subject", "message"]


def count(slug):
    keys = [{"pk": {"S": "COUNT#%s#%03d" % (slug, shard)}} for shard in range(500)]
    total = 0
    for start in range(0, 500, 100):
        batch = {TABLE: {"Keys": keys[start:start + 100], "ProjectionExpression": "letters"}}
        items = dynamodb.batch_get_item(RequestItems=batch)["Responses"][TABLE]
        total += sum(int(item["letters"]["N"]) for item in items)
    return total


def page(event, context):
    slug = event["rawPath"].rsplit("/", 1)[1]
    body = "<!doctype html><title>Write to your Senators</title><p><strong>%d</strong> letters sent.</p>" % count(slug)
    return {"statusCode": 200, "headers": {"content-type": "text/html"}, "body": body}


def submit(event, context):
    slug = event["rawPath"].split("/")[2]
    form = {name: values[0].strip() for name, values in parse_qs(event.get("body") or "").items()}
    missing = [name for name in REQUIRED if not form.get(name)]
    if missing or "@" not in form.get("email", ""):
        return {"statusCode": 422, "body": "Please fill in: " + html.escape(", ".join(missing))}
    supporter = hashlib.sha256((slug + form["email"].lower()).encode()).hexdigest()
    letter = {name: {"S": value} for name, value in form.items()}
    letter.update({"pk": {"S": "PYLETTER#%s#%s" % (slug, supporter)}, "id": {"S": str(uuid.uuid4())}})
    shard = {"pk": {"S": "COUNT#%s#%03d" % (slug, random.randrange(500))}}
    dynamodb.transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE, "Item": letter, "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Update": {"TableName": TABLE, "Key": shard, "UpdateExpression": "ADD letters :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
    ])
    return {"statusCode": 303, "headers": {"location": "/c/%s/thanks?state=%s" % (slug, form["state"])}}
