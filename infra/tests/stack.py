"""The SAM template as a stack in the moto server, for the rehearsal's tests:
the template read and transformed by the SAM translator, created in moto,
read back; and the functions' real binaries started on what it made.

The moto server is the one AWS_ENDPOINT_URL names.
"""

import io
import json
import re
import os
import uuid
import zipfile
from pathlib import Path

import boto3
import yaml
from samtranslator.public.translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform

from runtime_api import Function

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "template.yaml"
PARAMETERS = {
    "SenderEmail": "Letters <letters@example.org>",
    "SenderIdentity": "example.org",
    "SponsorName": "Example Advocacy Coalition",
    "SponsorPostalAddress": "100 Example Street, Springfield",
    "SponsorPrivacyUrl": "https://example.org/privacy",
    "AlarmEmail": "alarms@example.org",
}

# Delivery on, with every parameter it needs.
DELIVERY = {
    "EnableDelivery": "true",
    "DeliveryApiKeysSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:cwc-keys-AbCdEf",
    "SenateDeliveryUrl": "https://senate.example/api/message",
    "HouseDeliveryUrl": "https://house.example/api/message",
    "DeliveryAgentName": "Example Advocacy Coalition",
    "DeliveryAckEmail": "cwc-acks@example.org",
    "DeliveryContactName": "Grace Hopper",
    "DeliveryContactEmail": "grace@example.org",
    "DeliveryContactPhone": "202-555-0100",
}


class CloudFormationLoader(yaml.SafeLoader):
    """Reads the short intrinsic forms (!Ref, !GetAtt...) as their long forms."""


def _intrinsic(loader, tag_suffix, node):
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CloudFormationLoader.add_multi_constructor("!", _intrinsic)

_TEMPLATE = yaml.load(TEMPLATE.read_text(), Loader=CloudFormationLoader)
TEMPLATE_RESOURCES = _TEMPLATE["Resources"]
# The template's functions by logical id, each with its crate: the folder
# under functions/ its CodeUri names (checked against the folders).
FUNCTIONS = {
    logical_id: resource["Properties"]["CodeUri"].removeprefix("../functions/")
    for logical_id, resource in TEMPLATE_RESOURCES.items()
    if resource["Type"] == "AWS::Serverless::Function"
}


def client(service):
    return boto3.client(service, endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")


def deploy(without_outputs=(), **overrides):
    """Creates a stack from the template with the given parameters; its resources by logical id.
    Outputs that moto cannot compute (an attribute of a resource it only
    stands in for) may be left out."""
    template = yaml.load(TEMPLATE.read_text(), Loader=CloudFormationLoader)
    # sam package would upload each CodeUri; here a stand-in zip in moto's S3.
    bucket = f"rehearsal-{uuid.uuid4()}"
    s3 = client("s3")
    s3.create_bucket(Bucket=bucket)
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("bootstrap", "#!/bin/sh\n")
    for logical_id, crate in FUNCTIONS.items():
        key = f"{crate}.zip"
        s3.put_object(Bucket=bucket, Key=key, Body=package.getvalue())
        template["Resources"][logical_id]["Properties"]["CodeUri"] = f"s3://{bucket}/{key}"
    parameters = {**PARAMETERS, **overrides}
    transformed = transform(template, parameters, ManagedPolicyLoader(client("iam")))
    created = {**transformed, "Outputs": {k: v for k, v in transformed["Outputs"].items() if k not in without_outputs}}
    stack_name = f"letters-{uuid.uuid4().hex[:8]}"
    cloudformation = client("cloudformation")
    cloudformation.create_stack(
        StackName=stack_name,
        TemplateBody=json.dumps(created),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    resources = cloudformation.describe_stack_resources(StackName=stack_name)["StackResources"]
    # moto lists resource types it only stands in for without ids: skip those.
    created = {r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in resources if r.get("LogicalResourceId")}
    return created, stack, transformed


def subscriptions(transformed):
    """The new-letters topic's subscriptions by queue, as CloudFormation gets
    them (moto stands in for them)."""
    return {
        r["Properties"]["Endpoint"]["Fn::GetAtt"][0]: r["Properties"]
        for r in transformed["Resources"].values()
        if r["Type"] == "AWS::SNS::Subscription" and r["Properties"].get("TopicArn") == {"Ref": "NewLettersTopic"}
    }


def pipe_patterns(transformed, delivery):
    """The pipe's filters, its conditions resolved as a stack with or without delivery would."""
    filters = transformed["Resources"]["LetterPipe"]["Properties"]["SourceParameters"]["FilterCriteria"]["Filters"]
    patterns = []
    for entry in filters:
        if "Fn::If" in entry:
            condition, when_true, when_false = entry["Fn::If"]
            assert condition == "WantsDelivery"
            entry = when_true if delivery else when_false
        if entry != {"Ref": "AWS::NoValue"}:
            patterns.append(json.loads(entry["Pattern"]))
    return patterns


def binary(name):
    """A debug binary of the workspace, as scripts/test builds them."""
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    path = target / "debug" / name
    assert path.is_file(), f"{path} is missing: scripts/test builds the workspace before the rehearsal"
    return path


def declared_variables(logical_id):
    """The environment the template declares for a function: the globals, and its own."""
    own = TEMPLATE_RESOURCES[logical_id]["Properties"].get("Environment", {}).get("Variables", {})
    return {**_TEMPLATE["Globals"]["Function"]["Environment"]["Variables"], **own}


def environment(configuration, logical_id, stand_ins):
    """The variables CloudFormation gives the function: those moto holds for
    it, and those it left out or unresolved because they name a resource moto
    does not make from a template (a secret, the HTTP API, SES's configuration
    set). `stand_ins` holds what the caller made in moto in their place,
    physical ids by logical id; the variables naming them are found in the
    template, so a variable renamed there is renamed here too."""
    variables = {name: str(value) for name, value in configuration["Environment"]["Variables"].items()}
    for name, expression in declared_variables(logical_id).items():
        if isinstance(expression, dict) and expression.get("Ref") in stand_ins:
            variables[name] = stand_ins[expression["Ref"]]
    return {name: resolve(value, stand_ins) for name, value in variables.items()}


def resolve(value, stand_ins):
    """`value` with what moto left unresolved of an Fn::Sub naming a resource
    it stands in for ("https://${HttpApi}.execute-api...") resolved."""
    for logical_id, physical_id in stand_ins.items():
        value = value.replace(f"${{{logical_id}}}", physical_id)
    return value


def start(resources, logical_id, stand_ins=None):
    """The function's real binary, running as Lambda runs it (runtime_api.Function)
    with the configuration and the environment the stack gave it."""
    configuration = client("lambda").get_function(FunctionName=resources[logical_id])["Configuration"]
    variables = environment(configuration, logical_id, stand_ins or {})
    return Function(binary(FUNCTIONS[logical_id]), configuration, variables, os.environ["AWS_ENDPOINT_URL"])


# What AWS::NoValue resolves to: the property or item is left out.
NO_VALUE = object()


def materialize(value, stack, resources, conditions):
    """A template value as CloudFormation resolves it on this stack: Ref
    (to a resource, a parameter or a pseudo parameter),
    Fn::Sub, Fn::GetAtt (an ARN), Fn::If, Fn::Join and Fn::Split, with
    `resources` the physical ids by logical id and `conditions` the
    conditions' values. For resources moto makes from no template (Glue,
    Athena), which the rehearsal makes through their APIs instead."""
    pseudo = {
        "AWS::StackName": stack["StackName"],
        "AWS::AccountId": "123456789012",
        "AWS::Region": "us-east-1",
        "AWS::Partition": "aws",
        "AWS::URLSuffix": "amazonaws.com",
    }

    parameters = {name: spec.get("Default") for name, spec in _TEMPLATE["Parameters"].items()}
    parameters.update({p["ParameterKey"]: p["ParameterValue"] for p in stack.get("Parameters", [])})
    for name, spec in _TEMPLATE["Parameters"].items():
        if spec["Type"] == "Number" and parameters[name] is not None:
            parameters[name] = int(parameters[name])

    def arn(logical_id):
        physical = resources[logical_id]
        kind = TEMPLATE_RESOURCES[logical_id]["Type"]
        if kind == "AWS::S3::Bucket":
            return f"arn:aws:s3:::{physical}"
        if kind == "AWS::IAM::Role":
            return f"arn:aws:iam::123456789012:role/{physical}"
        return physical

    def name(reference):
        if reference == "AWS::NoValue":
            return NO_VALUE
        if reference in pseudo:
            return pseudo[reference]
        if reference in parameters:
            return parameters[reference]
        if "." in reference:
            logical_id, attribute = reference.split(".", 1)
            assert attribute == "Arn", reference
            return arn(logical_id)
        return resources[reference]

    def walk(node):
        if isinstance(node, list):
            return [item for item in map(walk, node) if item is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if list(node) == ["Ref"]:
            return name(node["Ref"])
        if list(node) == ["Fn::GetAtt"]:
            return arn(node["Fn::GetAtt"][0])
        if list(node) == ["Fn::Sub"]:
            text = node["Fn::Sub"]
            for reference in set(re.findall(r"\$\{([^!}][^}]*)\}", text)):
                text = text.replace(f"${{{reference}}}", str(name(reference)))
            return text.replace("${!", "${")
        if list(node) == ["Fn::If"]:
            condition, when_true, when_false = node["Fn::If"]
            return walk(when_true if conditions[condition] else when_false)
        if list(node) == ["Fn::Join"]:
            separator, items = node["Fn::Join"]
            return separator.join(walk(items))
        if list(node) == ["Fn::Split"]:
            separator, text = node["Fn::Split"]
            return walk(text).split(separator)
        walked = {key: walk(item) for key, item in node.items()}
        return {key: item for key, item in walked.items() if item is not NO_VALUE}

    return walk(value)


def athena(action, **body):
    """An Athena call in the JSON protocol moto serves (AmazonAthena.{action}):
    botocore's model has moved Athena to REST paths that moto does not route."""
    import botocore.session
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    import urllib.request

    request = AWSRequest(
        method="POST",
        url=os.environ["AWS_ENDPOINT_URL"] + "/",
        data=json.dumps(body),
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"AmazonAthena.{action}"},
    )
    SigV4Auth(botocore.session.get_session().get_credentials(), "athena", "us-east-1").add_auth(request)
    prepared = request.prepare()
    answer = urllib.request.urlopen(
        urllib.request.Request(prepared.url, data=prepared.body.encode(), headers=dict(prepared.headers), method="POST")
    )
    return json.loads(answer.read() or b"{}")
