"""Deploy rehearsal: the SAM template, transformed by the SAM translator,
created as a stack in the moto server; then what was created is read back
and held to what the template says.

Run by scripts/test with AWS_ENDPOINT_URL pointing at moto.
"""

import ast
import json
import re
import subprocess
from pathlib import Path

from moto.events.models import EventPattern
import pytest
import yaml

from aws_events import object_created, stack_status_change
from stack import (
    DELIVERY,
    FUNCTIONS,
    PARAMETERS,
    ROOT,
    TEMPLATE,
    TEMPLATE_RESOURCES,
    CloudFormationLoader,
    binary,
    client,
    athena,
    deploy,
    materialize,
    pipe_patterns,
    start,
    subscriptions,
)


@pytest.fixture(scope="module")
def dev_stack():
    return deploy()


def inline_statements(role):
    """Every inline policy statement of an IAM role, as moto stored it."""
    iam = client("iam")
    statements = []
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        if isinstance(document, str):
            # moto keeps a policy from CloudFormation as Python's repr of it.
            document = ast.literal_eval(document)
        found = document["Statement"]
        # A statement dropped by Fn::If / AWS::NoValue stays as None in moto.
        statements.extend(s for s in (found if isinstance(found, list) else [found]) if s is not None)
    return statements


def deployed_functions(resources):
    """The functions a stack holds: deliver-letter only where delivery is on."""
    return [function for function in FUNCTIONS if function in resources]


def role_statements(resources, function_logical_id):
    return inline_statements(resources[f"{function_logical_id}Role"])


def actions_of(statements):
    actions = set()
    for statement in statements:
        found = statement["Action"]
        actions.update([found] if isinstance(found, str) else found)
    return actions


def test_the_stack_reaches_create_complete_with_its_outputs(dev_stack):
    resources, stack, _ = dev_stack
    assert "AnalyticsExportBucket" not in resources, "SQL over exports is opt-in"
    assert "DeliverLetterFunction" not in resources, "delivery is opt-in"
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    assert {"CampaignUrl", "ApiUrl", "TableName", "TableArn", "ConfirmationQueueUrl", "DeadLetterQueueUrl"} <= outputs.keys()
    assert outputs["CampaignUrl"].endswith(".amazonaws.com/"), "the front page, not one campaign's"
    assert outputs["TableArn"].endswith(f":table/{resources['LettersTable']}")


def test_the_table_is_on_demand_encrypted_streamed_recoverable_and_expiring(dev_stack):
    resources, _, transformed = dev_stack
    dynamodb = client("dynamodb")
    table_name = resources["LettersTable"]
    table = dynamodb.describe_table(TableName=table_name)["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert table["LatestStreamArn"]
    # moto reads the API's SSESpecification.Enabled, not CloudFormation's
    # SSEEnabled, so encryption is checked as CloudFormation receives it.
    sse = transformed["Resources"]["LettersTable"]["Properties"]["SSESpecification"]
    assert sse["SSEEnabled"] is True and sse["SSEType"] == "KMS"
    # Nor does moto apply point-in-time recovery or TTL from a template.
    properties = transformed["Resources"]["LettersTable"]["Properties"]
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}


def test_the_mailer_consumes_the_queue_in_batches_reporting_failures(dev_stack):
    resources, _, _ = dev_stack
    mappings = client("lambda").list_event_source_mappings(FunctionName=resources["SendConfirmationFunction"])
    [mapping] = mappings["EventSourceMappings"]
    sqs = client("sqs")
    queue_arn = sqs.get_queue_attributes(
        QueueUrl=resources["ConfirmationQueue"], AttributeNames=["QueueArn"]
    )["Attributes"]["QueueArn"]
    assert mapping["EventSourceArn"] == queue_arn
    assert mapping["BatchSize"] == 10
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_the_queue_keeps_messages_for_days_then_dead_letters_them(dev_stack):
    resources, _, _ = dev_stack
    attributes = client("sqs").get_queue_attributes(
        QueueUrl=resources["ConfirmationQueue"], AttributeNames=["All"]
    )["Attributes"]
    assert attributes["MessageRetentionPeriod"] == "1209600"
    redrive = json.loads(attributes["RedrivePolicy"])
    assert int(redrive["maxReceiveCount"]) == 5
    assert redrive["deadLetterTargetArn"].endswith(resources["ConfirmationDeadLetterQueue"].rsplit("/", 1)[-1])


def test_the_feedback_function_is_subscribed_to_the_ses_feedback_topic(dev_stack):
    resources, _, transformed = dev_stack
    # moto stands in for AWS::SNS::Subscription: check what CloudFormation gets,
    # and that the permission letting SNS invoke the function was created.
    [subscription] = [
        r
        for r in transformed["Resources"].values()
        if r["Type"] == "AWS::SNS::Subscription" and r["Properties"]["TopicArn"] == {"Ref": "SesFeedbackTopic"}
    ]
    assert subscription["Properties"]["Protocol"] == "lambda"
    assert subscription["Properties"]["TopicArn"] == {"Ref": "SesFeedbackTopic"}
    assert subscription["Properties"]["Endpoint"] == {"Fn::GetAtt": ["SesFeedbackFunction", "Arn"]}
    assert "SesFeedbackFunctionFeedbackPermission" in resources


def test_no_role_grants_a_wildcard_action(dev_stack):
    resources, _, _ = dev_stack
    for function in deployed_functions(resources):
        for action in actions_of(role_statements(resources, function)):
            assert "*" not in action, f"{function}: {action}"


def test_the_page_function_can_only_read(dev_stack):
    resources, _, _ = dev_stack
    assert actions_of(role_statements(resources, "CampaignPageFunction")) == {
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "secretsmanager:GetSecretValue",
        "s3:GetObject",
    }


def test_the_submit_function_cannot_scan(dev_stack):
    resources, _, _ = dev_stack
    actions = actions_of(role_statements(resources, "SubmitLetterFunction"))
    assert actions == {
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "secretsmanager:GetSecretValue",
    }


def test_only_the_functions_that_sign_read_the_signing_key(dev_stack):
    resources, _, transformed = dev_stack
    # Delivery, off in this stack, reads only its keys' secret (tested with
    # delivery_stack); the warehouse's writer, off too, reads no secret
    # (its whole role is tested with warehouse_stack).
    for function in deployed_functions(resources):
        readers = [s for s in role_statements(resources, function) if s["Action"] == "secretsmanager:GetSecretValue"]
        signs = function in {
            "CampaignPageFunction",
            "SubmitLetterFunction",
            "SendConfirmationFunction",
            # Drafts' preview links.
            "EraseAndPublishFunction",
            "PublishCampaignFunction",
        }
        assert bool(readers) == signs, function
        # moto drops a statement's Resource when it is a secret's Ref, so the
        # transformed template says what CloudFormation receives.
        role = transformed["Resources"][f"{function}Role"]["Properties"]
        for policy in role.get("Policies", []):
            for statement in policy["PolicyDocument"]["Statement"]:
                if isinstance(statement, dict) and statement.get("Action") == "secretsmanager:GetSecretValue":
                    assert statement["Resource"] == {"Ref": "SigningKeySecret"}, function

def test_sending_email_is_scoped_to_the_identity_and_configuration_set(dev_stack):
    resources, _, _ = dev_stack
    [ses] = [s for s in role_statements(resources, "SendConfirmationFunction") if s["Action"] == "ses:SendEmail"]
    identity, configuration_set = ses["Resource"]
    assert identity == "arn:aws:ses:us-east-1:123456789012:identity/example.org"
    # moto stands in for the configuration set, so its name stays unresolved here.
    assert configuration_set.startswith("arn:aws:ses:us-east-1:123456789012:configuration-set/")


def test_the_pipe_reads_the_stream_and_publishes_only_to_the_topic(dev_stack):
    resources, _, transformed = dev_stack
    statements = inline_statements(resources["LetterPipeRole"])
    assert actions_of(statements) == {
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
        "sns:Publish",
        "sqs:SendMessage",
    }
    [send] = [s for s in statements if s["Action"] == "sqs:SendMessage"]
    assert send["Resource"].endswith(resources["ConfirmationDeadLetterQueue"].rsplit("/", 1)[-1]), "its own dead letters only"
    assert transformed["Resources"]["LetterPipe"]["Properties"]["Target"] == {"Ref": "NewLettersTopic"}


def test_new_letters_reach_each_queue_as_raw_stream_records(dev_stack):
    resources, _, transformed = dev_stack
    assert set(subscriptions(transformed)) == {"ConfirmationQueue", "DeliveryQueue"}
    for subscription in subscriptions(transformed).values():
        assert subscription["Protocol"] == "sqs" and subscription["RawMessageDelivery"] is True
    assert transformed["Resources"]["DeliveryQueueSubscription"]["Condition"] == "WantsDelivery"
    assert "DeliveryQueue" not in resources, "no delivery queue unless delivery is on"


INSERTED_LETTERS = {
    "eventName": ["INSERT"],
    "dynamodb": {"NewImage": {"pk": {"S": [{"prefix": "LETTER#"}]}}},
}


def test_the_pipe_forwards_only_inserted_letters(dev_stack):
    _, _, transformed = dev_stack
    assert pipe_patterns(transformed, delivery=False) == [INSERTED_LETTERS]


def test_with_delivery_the_pipe_also_forwards_a_confirmation_before_delivery_started(delivery_stack):
    _, _, transformed = delivery_stack
    patterns = [EventPattern.load(json.dumps(p)) for p in pipe_patterns(transformed, delivery=True)]

    def forwarded(event_name, **image):
        letter = {"pk": {"S": "LETTER#sesta#2026-06-15#abc"}, **image}
        event = {"eventName": event_name, "dynamodb": {"NewImage": letter}}
        return any(pattern.matches_event(event) for pattern in patterns)

    verified, started = {"BOOL": True}, {"BOOL": True}
    assert forwarded("INSERT", email_verified={"BOOL": False})
    assert forwarded("MODIFY", email_verified=verified), "the supporter confirmed: the letter comes back"
    assert not forwarded("MODIFY", email_verified=verified, delivery_started=started), "delivery's own writes"
    assert not forwarded("MODIFY", email_verified={"BOOL": False}), "a confirmation email's status"
    assert not forwarded("REMOVE", email_verified=verified)


def test_http_routes_are_exactly_the_contract(dev_stack):
    _, _, transformed = dev_stack
    routes = set()
    for resource in transformed["Resources"].values():
        if resource["Type"] == "AWS::Serverless::HttpApi" or resource["Type"] == "AWS::ApiGatewayV2::Api":
            for path, methods in resource["Properties"].get("Body", {}).get("paths", {}).items():
                routes.update(f"{method.upper()} {path}" for method in methods)
    assert routes == {
        "GET /",
        "GET /c/{slug}",
        "GET /c/{slug}/thanks",
        "GET /c/{slug}/count",
        "GET /c/{slug}/form-token",
        "GET /healthz",
        "GET /openapi.json",
        "GET /c/{slug}/share.png",
        "GET /c/{slug}/share/{picture}",
        "GET /static/{file}",
        "POST /c/{slug}/letters",
        "GET /withdraw/{token}",
        "POST /withdraw/{token}",
        "GET /confirm/{token}",
        "POST /confirm/{token}",
        "GET /receipt/{token}",
        "GET /admin/c/{slug}/summary",
        "GET /admin/c/{slug}/letters",
        "GET /admin/c/{slug}/offices/{office}/letters",
        "GET /admin/c/{slug}/offices/{office}/unreachable",
        "POST /admin/erase",
        "GET /admin/campaigns",
        "PUT /admin/campaigns/{slug}",
    }


def test_only_the_analysts_routes_require_iam_signatures(dev_stack):
    _, _, transformed = dev_stack
    [api] = [r for r in transformed["Resources"].values() if r["Type"] == "AWS::ApiGatewayV2::Api"]
    for path, methods in api["Properties"]["Body"]["paths"].items():
        for method, operation in methods.items():
            signed = operation.get("security") == [{"AWS_IAM": []}]
            assert signed == path.startswith("/admin/"), f"{method} {path}"


def test_every_function_folder_is_in_the_template_and_every_template_function_has_its_folder():
    folders = {path.name for path in (ROOT / "functions").iterdir() if (path / "Cargo.toml").is_file()}
    assert set(FUNCTIONS.values()) == folders


def test_api_gateway_routes_to_each_function_exactly_what_it_serves():
    """The template's HttpApi events against the route tables the functions
    (and the local server) are built from, printed by local's `routes`."""
    served = json.loads(subprocess.run([binary("routes")], check=True, capture_output=True, text=True).stdout)
    routed = {}
    for logical_id, crate in FUNCTIONS.items():
        events = TEMPLATE_RESOURCES[logical_id]["Properties"].get("Events", {}).values()
        routes = sorted([e["Properties"]["Method"], e["Properties"]["Path"]] for e in events if e["Type"] == "HttpApi")
        if routes:
            routed[crate] = routes
    assert routed == {crate: sorted(routes) for crate, routes in served.items()}


def test_the_analysts_function_can_only_read_and_only_the_staff_function_erases_or_publishes(dev_stack):
    resources, _, _ = dev_stack
    statements = role_statements(resources, "QuerySubmissionsFunction")
    assert actions_of(statements) == {"dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"}
    [query] = [s for s in statements if s["Action"] == "dynamodb:Query"]
    assert query["Resource"].endswith("/index/by_campaign_day")
    assert actions_of(role_statements(resources, "EraseAndPublishFunction")) == {
        "dynamodb:BatchGetItem",
        "dynamodb:GetItem",
        "dynamodb:DeleteItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "s3:PutObject",
        "secretsmanager:GetSecretValue",
    }


def test_the_aggregator_reads_the_stream_and_only_updates(dev_stack):
    resources, _, _ = dev_stack
    assert actions_of(role_statements(resources, "AggregateLettersFunction")) == {
        "dynamodb:UpdateItem",
        "sqs:SendMessage",
    }
    table = client("dynamodb").describe_table(TableName=resources["LettersTable"])["Table"]
    mappings = client("lambda").list_event_source_mappings(FunctionName=resources["AggregateLettersFunction"])
    [mapping] = mappings["EventSourceMappings"]
    assert mapping["EventSourceArn"] == table["LatestStreamArn"]
    assert mapping["BatchSize"] == 100


def test_the_table_has_the_export_index(dev_stack):
    resources, _, _ = dev_stack
    table = client("dynamodb").describe_table(TableName=resources["LettersTable"])["Table"]
    [index] = table["GlobalSecondaryIndexes"]
    assert index["IndexName"] == "by_campaign_day"
    assert [k["AttributeName"] for k in index["KeySchema"]] == ["export_pk", "export_sk"]


def test_production_with_a_customer_managed_key_and_sql_over_exports():
    resources, stack, transformed = deploy(Stage="prod", UseCustomerManagedKey="true", EnableAnalyticsExport="true")
    client("s3").head_bucket(Bucket=resources["AnalyticsExportBucket"])
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert "AnalyticsExportBucketName" in outputs
    # The database is named for its stack, so two stacks in one account never
    # share one. moto makes no Glue database from a template: check what
    # CloudFormation gets.
    database = transformed["Resources"]["AnalyticsDatabase"]["Properties"]["DatabaseInput"]["Name"]
    assert database == {"Fn::Join": ["_", {"Fn::Split": ["-", {"Fn::Sub": "${AWS::StackName}_analytics"}]}]}
    assert transformed["Outputs"]["AnalyticsDatabaseName"]["Value"] == {"Ref": "AnalyticsDatabase"}
    # moto creates the bucket but applies neither setting: check what CloudFormation gets.
    bucket = transformed["Resources"]["AnalyticsExportBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    table = client("dynamodb").describe_table(TableName=resources["LettersTable"])["Table"]
    assert table["DeletionProtectionEnabled"] is True
    key_id = resources["DataKey"]
    assert client("kms").get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]
    key_users = [s for s in role_statements(resources, "SubmitLetterFunction") if "kms:Decrypt" in s["Action"]]
    assert [s["Resource"] for s in key_users] == [f"arn:aws:kms:us-east-1:123456789012:key/{key_id}"]


@pytest.fixture(scope="module")
def warehouse_stack():
    """A stack with the warehouse on. moto makes no Glue or Athena resource
    from a template: they are made here through their own APIs, from the
    properties CloudFormation gets, and then read back as AWS keeps them."""
    resources, stack, transformed = deploy(EnableAnalyticsExport="true")
    made = dict(resources)
    conditions = {"UseCmk": False}
    template = transformed["Resources"]

    def properties(logical_id):
        return materialize(template[logical_id]["Properties"], stack, made, conditions)

    glue = client("glue")
    database = properties("AnalyticsDatabase")["DatabaseInput"]
    glue.create_database(DatabaseInput=database)
    made["AnalyticsDatabase"] = database["Name"]
    for logical_id, resource in template.items():
        if resource["Type"] == "AWS::Athena::WorkGroup":
            group = properties(logical_id)
            athena(
                "CreateWorkGroup",
                Name=group["Name"], Description=group["Description"], Configuration=group["WorkGroupConfiguration"]
            )
            made[logical_id] = group["Name"]
    for logical_id, resource in template.items():
        if resource["Type"] == "AWS::Glue::Table":
            table = properties(logical_id)
            glue.create_table(DatabaseName=table["DatabaseName"], TableInput=table["TableInput"])
        if resource["Type"] == "AWS::Athena::NamedQuery":
            query = properties(logical_id)
            athena(
                "CreateNamedQuery",
                Name=query["Name"], Database=query["Database"], QueryString=query["QueryString"], WorkGroup=query["WorkGroup"]
            )
    return made, stack, transformed


def test_the_warehouse_tables_are_partitioned_by_campaign_and_day_with_projection(warehouse_stack):
    resources, _, _ = warehouse_stack
    bucket = resources["AnalyticsExportBucket"]
    tables = client("glue").get_tables(DatabaseName=resources["AnalyticsDatabase"])["TableList"]
    assert sorted(t["Name"] for t in tables) == ["deliveries", "letters", "personal", "recipients"]
    for table in tables:
        name, parameters = table["Name"], table["Parameters"]
        assert [key["Name"] for key in table["PartitionKeys"]] == ["campaign", "day"]
        assert parameters["projection.enabled"] == "true"
        assert parameters["projection.campaign.type"] == "injected"
        assert (parameters["projection.day.type"], parameters["projection.day.format"]) == ("date", "yyyy-MM-dd")
        assert parameters["storage.location.template"] == (
            f"s3://{bucket}/warehouse/{name}/campaign=${{campaign}}/day=${{day}}/"
        )
        assert table["StorageDescriptor"]["Location"] == f"s3://{bucket}/warehouse/{name}/"
    [letters] = [t for t in tables if t["Name"] == "letters"]
    columns = {c["Name"] for c in letters["StorageDescriptor"]["Columns"]}
    assert {"state", "district", "source", "language", "in_own_words"} <= columns
    assert not columns & {"first_name", "last_name", "email", "street", "phone", "message"}


def test_the_workgroups_cap_what_a_query_scans_and_encrypt_their_results(warehouse_stack):
    resources, _, _ = warehouse_stack
    bucket = resources["AnalyticsExportBucket"]
    for logical_id, results in [("AnalyticsWorkGroup", "analysts"), ("PersonalDataWorkGroup", "personal")]:
        group = athena("GetWorkGroup", WorkGroup=resources[logical_id])["WorkGroup"]["Configuration"]
        assert group["BytesScannedCutoffPerQuery"] == 10737418240
        assert group["EnforceWorkGroupConfiguration"] is True
        assert group["ResultConfiguration"]["OutputLocation"] == f"s3://{bucket}/athena-results/{results}/"
        assert group["ResultConfiguration"]["EncryptionConfiguration"]["EncryptionOption"] == "SSE_S3"


def test_the_saved_queries_are_the_files_the_local_path_runs(warehouse_stack):
    resources, _, _ = warehouse_stack
    ids = athena("ListNamedQueries", WorkGroup=resources["AnalyticsWorkGroup"])["NamedQueryIds"]
    saved = {q["Name"]: q for q in (athena("GetNamedQuery", NamedQueryId=i)["NamedQuery"] for i in ids)}
    files = {path.stem: path.read_text() for path in (ROOT / "infra" / "queries").glob("*.sql")}
    assert {name: query["QueryString"] for name, query in saved.items()} == files
    assert {query["Database"] for query in saved.values()} == {resources["AnalyticsDatabase"]}
    assert {
        "letters_by_day", "letters_by_state", "letters_by_district", "letters_by_member", "letters_by_office",
        "delivery_outcomes_by_office", "own_words", "letters_by_source", "letters_by_language",
    } == files.keys()


def grants_read_of(statements, prefix):
    """Whether any Allow statement grants s3:GetObject on a resource covering `prefix`."""
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        if statement["Effect"] == "Allow" and "s3:GetObject" in actions:
            if any(prefix.startswith(resource.rstrip("*")) for resource in resources):
                return True
    return False


def test_personal_columns_are_readable_by_the_personal_data_role_alone(warehouse_stack):
    resources, stack, transformed = warehouse_stack
    bucket = f"arn:aws:s3:::{resources['AnalyticsExportBucket']}"
    personal = f"{bucket}/warehouse/personal/campaign=sesta/day=2026-11-28/x.parquet"
    results = f"{bucket}/athena-results/personal/x.csv"
    letters = f"{bucket}/warehouse/letters/campaign=sesta/day=2026-11-28/x.parquet"
    personal_role = inline_statements(resources["PersonalDataRole"])
    analyst_role = inline_statements(resources["AnalystRole"])
    writer_role = role_statements(resources, "WriteWarehouseFunction")
    assert grants_read_of(personal_role, personal) and grants_read_of(personal_role, results)
    assert grants_read_of(analyst_role, letters)
    assert not grants_read_of(analyst_role, personal) and not grants_read_of(analyst_role, results)
    assert not grants_read_of(writer_role, personal), "the writer writes personal files, never reads them"
    # Whatever an identity's own policies say, the bucket denies the rest.
    # moto applies no bucket policy from a template: read what CloudFormation gets.
    policy = materialize(
        transformed["Resources"]["AnalyticsExportBucketPolicy"]["Properties"]["PolicyDocument"],
        stack,
        resources,
        {"UseCmk": False},
    )
    [deny] = [s for s in policy["Statement"] if s.get("Sid") == "PersonalDataRoleOnly"]
    assert (deny["Effect"], deny["Principal"], deny["Action"]) == ("Deny", "*", "s3:GetObject")
    assert sorted(deny["Resource"]) == sorted([f"{bucket}/athena-results/personal/*", f"{bucket}/warehouse/personal/*"])
    assert deny["Condition"] == {
        "ArnNotEquals": {"aws:PrincipalArn": f"arn:aws:iam::123456789012:role/{resources['PersonalDataRole']}"}
    }


def test_the_writer_runs_on_a_schedule_reads_through_the_index_and_never_scans(warehouse_stack):
    resources, _, transformed = warehouse_stack
    actions = actions_of(role_statements(resources, "WriteWarehouseFunction"))
    assert actions == {
        "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:GetItem", "s3:PutObject", "s3:GetObject", "s3:ListBucket",
    }
    [query] = [s for s in role_statements(resources, "WriteWarehouseFunction") if s["Action"] == "dynamodb:Query"]
    assert query["Resource"].endswith("/index/by_campaign_day")
    rules = [r["Properties"] for r in transformed["Resources"].values() if r["Type"] == "AWS::Events::Rule"]
    assert any(
        rule.get("ScheduleExpression") == "rate(5 minutes)"
        and rule["Targets"][0]["Arn"] == {"Fn::GetAtt": ["WriteWarehouseFunction", "Arn"]}
        for rule in rules
    )


def test_behind_the_cdn_only_submit_letter_reads_the_secret_cloudfront_sends():
    _, _, transformed = deploy(without_outputs=("CdnUrl",), EnableCdn="true")
    resources = transformed["Resources"]
    assert transformed["Outputs"]["CdnUrl"]["Condition"] == "WantsCdn"
    # moto stands in for CloudFront and secrets: check what CloudFormation gets.
    secret = {"Ref": "CdnOriginSecret"}
    for function in FUNCTIONS:
        statements = [
            statement
            for policy in resources[f"{function}Role"]["Properties"].get("Policies", [])
            for statement in policy["PolicyDocument"]["Statement"]
        ]
        reads = {"Fn::If": ["WantsCdn", {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                                         "Resource": secret}, {"Ref": "AWS::NoValue"}]} in statements
        assert reads == (function == "SubmitLetterFunction"), function
        variables = resources[function]["Properties"]["Environment"]["Variables"]
        names_it = "CDN_ORIGIN_SECRET_ARN" in variables
        assert names_it == (function == "SubmitLetterFunction"), function
    [origin] = resources["Cdn"]["Properties"]["DistributionConfig"]["Origins"]
    [proof] = origin["OriginCustomHeaders"]
    assert proof["HeaderName"] == "X-Origin-Verify"
    assert proof["HeaderValue"] == {"Fn::Sub": "{{resolve:secretsmanager:${CdnOriginSecret}}}"}
    policy = resources["CdnOriginRequestPolicy"]["Properties"]["OriginRequestPolicyConfig"]
    headers = policy["HeadersConfig"]["Headers"]
    assert "CloudFront-Viewer-Address" in headers and "Host" not in headers
    # Pages are cached as long as their own Cache-Control says, keyed by
    # path and query, the language put in the query at the edge.
    cache = resources["CdnCachePolicy"]["Properties"]["CachePolicyConfig"]
    assert (cache["MinTTL"], cache["DefaultTTL"]) == (0, 0)
    key = cache["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert key["HeadersConfig"] == {"HeaderBehavior": "none"}
    behaviour = resources["Cdn"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]
    [language] = behaviour["FunctionAssociations"]
    assert language["EventType"] == "viewer-request"
    assert language["FunctionARN"] == {"Fn::GetAtt": ["CdnLanguage", "FunctionMetadata.FunctionARN"]}
    assert resources["CdnLanguage"]["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"


@pytest.fixture(scope="module")
def delivery_stack():
    return deploy(**DELIVERY)


def test_delivery_consumes_its_own_queue_off_the_topic_with_a_dead_letter_queue(delivery_stack):
    resources, stack, transformed = delivery_stack
    mappings = client("lambda").list_event_source_mappings(FunctionName=resources["DeliverLetterFunction"])
    [mapping] = mappings["EventSourceMappings"]
    sqs = client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=resources["DeliveryQueue"], AttributeNames=["All"])["Attributes"]
    assert mapping["EventSourceArn"] == attributes["QueueArn"]
    assert mapping["BatchSize"] == 5
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(resources["DeliveryDeadLetterQueue"].rsplit("/", 1)[-1])
    assert int(attributes["VisibilityTimeout"]) >= 6 * 180
    assert set(subscriptions(transformed)) == {"ConfirmationQueue", "DeliveryQueue"}
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert outputs["DeliveryQueueArn"] == attributes["QueueArn"]
    assert outputs["DeliveryDeadLetterQueueArn"] == redrive["deadLetterTargetArn"]
    assert outputs["DeliveryDeadLetterQueueUrl"] == resources["DeliveryDeadLetterQueue"]
    assert "DeliveryVpc" not in resources and "DeliveryEgressIp" not in {o["OutputKey"] for o in stack["Outputs"]}


def test_delivery_reads_its_keys_from_the_secret_only_and_holds_none(delivery_stack):
    resources, _, _ = delivery_stack
    statements = role_statements(resources, "DeliverLetterFunction")
    assert actions_of(statements) == {
        "dynamodb:BatchGetItem",
        "dynamodb:GetItem",
        "dynamodb:UpdateItem",
        "secretsmanager:GetSecretValue",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
        "sqs:SendMessage",
    }
    [secret] = [s for s in statements if s["Action"] == "secretsmanager:GetSecretValue"]
    assert secret["Resource"] == DELIVERY["DeliveryApiKeysSecretArn"]
    function = client("lambda").get_function(FunctionName=resources["DeliverLetterFunction"])["Configuration"]
    variables = function["Environment"]["Variables"]
    assert variables["CWC_API_KEYS_SECRET_ARN"] == DELIVERY["DeliveryApiKeysSecretArn"]
    assert variables["CWC_SENATE_URL"] == DELIVERY["SenateDeliveryUrl"]
    # A held letter is set aside in the dead-letter queue only.
    [set_aside] = [s for s in statements if s["Action"] == "sqs:SendMessage"]
    dead_letters = resources["DeliveryDeadLetterQueue"]
    assert set_aside["Resource"].endswith(":" + dead_letters.rsplit("/", 1)[-1]), set_aside
    assert variables["DELIVERY_DEAD_LETTER_QUEUE_URL"] == dead_letters
    assert not any("KEY" in name and name != "CWC_API_KEYS_SECRET_ARN" for name in variables), variables
    assert function["Timeout"] == 180


def test_delivery_alarms_on_its_dead_letters_the_share_of_rejections_errors_and_throttles(delivery_stack):
    # moto creates no alarms from a template: check what CloudFormation gets.
    _, _, transformed = delivery_stack
    dead_letters = transformed["Resources"]["DeliveryDeadLettersAlarm"]["Properties"]
    assert dead_letters["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["DeliveryDeadLetterQueue", "QueueName"]}
    rejections = transformed["Resources"]["DeliveryRejectionsAlarm"]["Properties"]
    [share] = [m for m in rejections["Metrics"] if m.get("Expression")]
    assert "rejected / (delivered + rejected)" in share["Expression"]
    patterns = [transformed["Resources"][f"{name}MetricFilter"]["Properties"]["FilterPattern"] for name in ("Delivered", "Rejected")]
    assert all('$.fields.message = "office delivery"' in pattern for pattern in patterns)
    for metric in ("Errors", "Throttles"):
        alarm = transformed["Resources"][f"Delivery{metric}Alarm"]["Properties"]
        assert (alarm["MetricName"], alarm["Dimensions"][0]["Value"]) == (metric, {"Ref": "DeliverLetterFunction"})


def test_fixed_egress_puts_delivery_alone_behind_one_nat_address():
    resources, stack, transformed = deploy(**DELIVERY, DeliveryFixedEgress="true")
    ec2 = client("ec2")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    [address] = ec2.describe_addresses(PublicIps=[outputs["DeliveryEgressIp"]])["Addresses"]
    [nat] = ec2.describe_nat_gateways(NatGatewayIds=[resources["DeliveryNatGateway"]])["NatGateways"]
    assert nat["SubnetId"] == resources["DeliveryPublicSubnet"]
    assert nat["NatGatewayAddresses"][0]["AllocationId"] == address["AllocationId"]
    function = client("lambda").get_function(FunctionName=resources["DeliverLetterFunction"])["Configuration"]
    assert function["VpcConfig"]["SubnetIds"] == [resources["DeliveryPrivateSubnet"]]
    [group] = ec2.describe_security_groups(GroupIds=[resources["DeliverySecurityGroup"]])["SecurityGroups"]
    assert group["IpPermissions"] == [], "nothing calls in"
    # moto keeps a new group's allow-all egress: check the rule CloudFormation gets.
    [egress] = transformed["Resources"]["DeliverySecurityGroup"]["Properties"]["SecurityGroupEgress"]
    assert (egress["IpProtocol"], egress["FromPort"], egress["ToPort"]) == ("tcp", 443, 443)
    others = [f for f in deployed_functions(resources) if f != "DeliverLetterFunction"]
    assert all("VpcConfig" not in transformed["Resources"][f]["Properties"] for f in others), "delivery alone"



# --- Publishing by upload --------------------------------------------------

LAUNCH_FILE = (Path(__file__).resolve().parents[2] / "core" / "campaigns" / "sesta.toml").read_text()


def rule_pattern(resources, event):
    rule = client("events").describe_rule(Name=resources[f"PublishCampaignFunction{event}"])
    return EventPattern.load(rule["EventPattern"])


def test_uploads_to_the_campaigns_bucket_and_nothing_else_reach_the_publisher(dev_stack):
    resources, stack, transformed = dev_stack
    bucket = resources["CampaignsBucket"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert outputs["CampaignsBucketName"] == bucket
    # moto does not apply a bucket's EventBridge switch from a template.
    notification = transformed["Resources"]["CampaignsBucket"]["Properties"]["NotificationConfiguration"]
    assert notification == {"EventBridgeConfiguration": {"EventBridgeEnabled": True}}
    pattern = rule_pattern(resources, "Upload")
    assert pattern.matches_event(object_created(bucket, "campaigns/sesta.toml"))
    assert not pattern.matches_event(object_created(bucket, "results/sesta.json")), "a result starts nothing"
    assert not pattern.matches_event(object_created("another-bucket", "campaigns/sesta.toml"))
    [target] = client("events").list_targets_by_rule(Rule=resources["PublishCampaignFunctionUpload"])["Targets"]
    assert target["Arn"].endswith(f":function:{resources['PublishCampaignFunction']}")
    assert target["DeadLetterConfig"]["Arn"].endswith(f":{resources['PublishCampaignDeadLetterQueue'].rsplit('/', 1)[-1]}")


def test_the_publisher_reads_uploads_writes_results_and_pictures_and_only_updates_the_table(dev_stack):
    resources, _, _ = dev_stack
    statements = role_statements(resources, "PublishCampaignFunction")
    bucket_arn = f"arn:aws:s3:::{resources['CampaignsBucket']}"
    # moto drops the Resource of a statement naming a secret by Ref.
    scoped = {s["Action"]: s.get("Resource") for s in statements if isinstance(s["Action"], str)}
    assert scoped["s3:GetObject"] == f"{bucket_arn}/campaigns/*"
    assert sorted(scoped["s3:PutObject"]) == [f"{bucket_arn}/pictures/*", f"{bucket_arn}/results/*"]
    assert actions_of(statements) == {
        "s3:GetObject",
        "s3:PutObject",
        "secretsmanager:GetSecretValue",
        "dynamodb:UpdateItem",
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
    }


def test_a_refused_upload_raises_an_alarm_and_the_publisher_is_watched(dev_stack):
    # moto creates no alarms from a template: check what CloudFormation gets.
    _, _, transformed = dev_stack
    refused = transformed["Resources"]["CampaignRefusedMetricFilter"]["Properties"]
    assert refused["FilterPattern"] == '{ $.fields.message = "campaign upload" && $.fields.outcome = "refused" }'
    alarm = transformed["Resources"]["CampaignRefusedAlarm"]["Properties"]
    assert alarm["MetricName"] == refused["MetricTransformations"][0]["MetricName"]
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    errors = transformed["Resources"]["FunctionErrorsAlarm"]["Properties"]["Metrics"]
    assert any(m.get("Id") == "publish" for m in errors)
    dead_letters = transformed["Resources"]["DeadLettersAlarm"]["Properties"]["Metrics"]
    assert any(m.get("Id") == "uploads" for m in dead_letters)


def test_share_pictures_are_written_by_the_publishers_and_read_by_the_pages_alone(dev_stack):
    resources, _, _ = dev_stack
    pictures = f"arn:aws:s3:::{resources['CampaignsBucket']}/pictures/*"
    for function, action in [
        ("CampaignPageFunction", "s3:GetObject"),
        ("EraseAndPublishFunction", "s3:PutObject"),
    ]:
        statements = role_statements(resources, function)
        s3 = [s for s in statements if "s3:" in str(s["Action"])]
        assert s3 == [{"Effect": "Allow", "Action": action, "Resource": pictures}], function
    for function in ["SubmitLetterFunction", "QuerySubmissionsFunction"]:
        assert not any("s3:" in str(s["Action"]) for s in role_statements(resources, function)), function


def run_publisher(resources, key):
    """Runs the publisher's binary once, with the environment the stack gave
    the function, on the event EventBridge would send for `key`."""
    event = object_created(resources["CampaignsBucket"], key)
    assert rule_pattern(resources, "Upload").matches_event(event)
    return run_publisher_on(resources, event)


def run_publisher_on(resources, event):
    with start(resources, "PublishCampaignFunction", signing_key_stand_in(resources)) as publisher:
        outcome = publisher.invoke(event)
    return outcome, publisher.logs


def signing_key_stand_in(resources):
    """The signing key's secret, which moto only stands in for: made once for
    the stack, as CloudFormation would (the publisher signs preview links)."""
    secrets = client("secretsmanager")
    name = f"{resources['LettersTable']}-SigningKeySecret"
    try:
        arn = secrets.describe_secret(SecretId=name)["ARN"]
    except secrets.exceptions.ResourceNotFoundException:
        arn = secrets.create_secret(Name=name, SecretString="ab" * 32)["ARN"]
    return {"SigningKeySecret": arn}


def read_result(resources, slug):
    body = client("s3").get_object(Bucket=resources["CampaignsBucket"], Key=f"results/{slug}.json")["Body"].read()
    return json.loads(body)


def published_version(resources, slug):
    item = client("dynamodb").get_item(
        TableName=resources["LettersTable"], Key={"pk": {"S": f"CAMPAIGN#{slug}"}}
    ).get("Item")
    return int(item["version"]["N"]) if item else None


def test_an_upload_is_checked_published_and_answered_by_the_publisher_as_deployed(dev_stack):
    resources, _, _ = dev_stack
    s3 = client("s3")
    bucket = resources["CampaignsBucket"]

    s3.put_object(Bucket=bucket, Key="campaigns/sesta.toml", Body=LAUNCH_FILE.encode())
    (outcome, body), logs = run_publisher(resources, "campaigns/sesta.toml")
    assert outcome == "response", logs
    result = read_result(resources, "sesta")
    assert (result["outcome"], result["version"], result["status"]) == ("published", 1, "open"), result
    assert published_version(resources, "sesta") == 1
    assert '"outcome":"published"' in logs.replace(" ", ""), logs

    typo = LAUNCH_FILE.replace("goal =", "gaol =", 1)
    s3.put_object(Bucket=bucket, Key="campaigns/sesta.toml", Body=typo.encode())
    (outcome, _), logs = run_publisher(resources, "campaigns/sesta.toml")
    assert outcome == "response", logs
    result = read_result(resources, "sesta")
    assert result["outcome"] == "refused", result
    assert any(e["line"] and e["field"] for e in result["errors"]), result
    assert published_version(resources, "sesta") == 1, "a refused upload changes nothing"
    # The line the alarm's metric filter counts.
    [line] = [json.loads(l) for l in logs.splitlines() if '"campaign upload"' in l]
    assert (line["fields"]["message"], line["fields"]["outcome"]) == ("campaign upload", "refused")


def test_a_fresh_table_is_seeded_with_the_bundled_campaigns_once_the_stack_is_ready():
    resources, stack, _ = deploy()
    assert published_version(resources, "sesta") is None
    pattern = rule_pattern(resources, "StackReady")
    for status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        assert pattern.matches_event(stack_status_change(stack["StackId"], status)), status
    assert not pattern.matches_event(stack_status_change(stack["StackId"], "UPDATE_IN_PROGRESS"))
    other_stack = stack["StackId"].replace(stack["StackName"], "another-stack")
    assert not pattern.matches_event(stack_status_change(other_stack, "CREATE_COMPLETE"))

    ready = stack_status_change(stack["StackId"], "CREATE_COMPLETE")
    for _ in range(2):
        (outcome, _), logs = run_publisher_on(resources, ready)
        assert outcome == "response", logs
        # Published once: the second run finds the table holds a campaign.
        assert published_version(resources, "sesta") == 1, logs
    item = client("dynamodb").get_item(TableName=resources["LettersTable"], Key={"pk": {"S": "CAMPAIGN#sesta"}})["Item"]
    assert '\nstatus = "draft"\n' in item["text"]["S"], "seeded as a draft, not live"


def test_every_dead_letter_queue_and_the_analysts_api_have_an_output_to_act_on(dev_stack):
    resources, stack, _ = dev_stack
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    sqs = client("sqs")

    def arn(queue):
        attributes = sqs.get_queue_attributes(QueueUrl=resources[queue], AttributeNames=["QueueArn"])
        return attributes["Attributes"]["QueueArn"]

    for output, queue in [
        ("DeadLetterQueueArn", "ConfirmationDeadLetterQueue"),
        ("ConfirmationQueueArn", "ConfirmationQueue"),
        ("AggregationDeadLetterQueueArn", "AggregationDeadLetterQueue"),
        ("FeedbackDeadLetterQueueArn", "FeedbackDeadLetterQueue"),
        ("PublishCampaignDeadLetterQueueArn", "PublishCampaignDeadLetterQueue"),
    ]:
        assert outputs[output] == arn(queue), output
    api = outputs["AnalystApiUrl"].removeprefix("https://").split(".", 1)[0]
    assert outputs["AnalystApiArn"].startswith("arn:aws:execute-api:")
    assert outputs["AnalystApiArn"].endswith(f":{api}")


def allowed(parameter, value):
    """Whether CloudFormation takes `value` for `parameter`: its
    AllowedPattern must match the whole value (Java's regular expressions,
    which these patterns use as Python's do)."""
    template = yaml.load(TEMPLATE.read_text(), Loader=CloudFormationLoader)
    pattern = template["Parameters"][parameter].get("AllowedPattern")
    return pattern is None or re.fullmatch(pattern, value) is not None


def test_origins_and_delivery_addresses_the_functions_would_refuse_fail_the_deployment():
    for origins in ["", "https://partner.example.org", "https://Partner.example.org, https://b.example:8443"]:
        assert allowed("AllowedOrigins", origins), origins
    for origins in [
        "partner.example.org",
        "http://partner.example.org",
        "https://partner.example.org/",
        "https://partner.example.org/embed",
        "https://*.example.org",
        "https://a.example;b",
        "https://a.example,",
    ]:
        assert not allowed("AllowedOrigins", origins), origins
    for parameter in ["SenateDeliveryUrl", "HouseDeliveryUrl"]:
        for url in ["", "https://senate.example/api/message", "https://house.example:8443/v2/"]:
            assert allowed(parameter, url), url
        for url in [
            "senate.example/api/message",
            "http://senate.example/api/message",
            "https://senate.example/api/message?apikey=secret",
            "https://senate.example/api/message ",
        ]:
            assert not allowed(parameter, url), url


def refusing_rules(**overrides):
    """The names of the template's rules that refuse these parameters.

    moto does not check a template's Rules (CloudFormation does, when it
    makes a change set), so they are evaluated here; they use only Ref,
    Fn::Equals and Fn::Not, which this evaluator refuses to go beyond."""
    template = yaml.load(TEMPLATE.read_text(), Loader=CloudFormationLoader)
    values = {name: str(p.get("Default", "")) for name, p in template["Parameters"].items()}
    values.update(PARAMETERS, **overrides)

    def evaluate(node):
        if isinstance(node, str):
            return node
        (function, argument), = node.items()
        if function == "Ref":
            return values[argument]
        if function == "Fn::Equals":
            return evaluate(argument[0]) == evaluate(argument[1])
        if function == "Fn::Not":
            return not evaluate(argument[0])
        raise AssertionError(f"{function} in a rule: teach this evaluator")

    def refuses(rule):
        applies = "RuleCondition" not in rule or evaluate(rule["RuleCondition"])
        return applies and not all(evaluate(a["Assert"]) for a in rule["Assertions"])

    return sorted(name for name, rule in template["Rules"].items() if refuses(rule))


def test_a_feature_switched_on_without_its_secret_is_refused_before_anything_is_made():
    assert refusing_rules() == []
    assert refusing_rules(CaptchaSiteKey="0x4AAA") == ["CaptchaNeedsItsSecret"]
    assert refusing_rules(CaptchaSiteKey="0x4AAA", CaptchaSecretArn=DELIVERY["DeliveryApiKeysSecretArn"]) == []
    assert refusing_rules(EnableDelivery="true") == ["DeliveryNeedsItsKeys"]
    assert refusing_rules(**DELIVERY) == []
