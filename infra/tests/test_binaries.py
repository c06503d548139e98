"""The real binaries, end to end: each function's debug build for the host
run as Lambda runs it (runtime_api.Function), with the environment the
stack moto made from the template gave it, fed the events AWS would send
(aws_events), against moto and the delivery services' stand-in.

The binaries read only what the stack gives them, so a variable renamed on
one side (the template, or the code that reads it) fails these tests where
the rename changes what they do, and the first test below where it does not.
"""

import json
import os
import re
import subprocess
import time
import urllib.request
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from email.utils import parseaddr
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest

from aws_events import (
    HttpResponse,
    StreamReader,
    api_domain,
    http_request,
    object_created,
    ses_bounce,
    sqs_batch,
    stream_batch,
    through_the_pipe,
)
from stack import (
    DELIVERY,
    FUNCTIONS,
    PARAMETERS,
    ROOT,
    TEMPLATE_RESOURCES,
    binary,
    client,
    declared_variables,
    deploy,
    resolve,
    start,
)

LAUNCH_FILE = (ROOT / "core" / "campaigns" / "sesta.toml").read_text()
SENATORS = json.loads((ROOT / "core" / "data" / "senators.json").read_text())["senators"]
STAFF = "arn:aws:iam::123456789012:user/staff"
ANALYST = "arn:aws:iam::123456789012:user/analyst"
# Not the demo sponsor the code falls back to, so that pages and mail show
# whether the sponsor's variables arrived.
SPONSOR = {
    "SponsorName": "Friends of Casco Bay Letters",
    "SponsorPostalAddress": "12 Commercial Street, Portland, ME 04101",
    "SponsorPrivacyUrl": "https://friends.example.org/privacy",
}
# docs/campaigns.md promises staff a publication is served everywhere within 30 seconds.
REFRESH_WINDOW = 30


def test_every_variable_the_template_sets_is_one_the_code_reads():
    """What the end-to-end tests cannot see: a variable whose value in the
    template is also the code's default, renamed on one side only."""
    # Settings are read in shared (settings.rs) and, for AWS's own, letters-aws.
    sources = [ROOT / "shared" / "src", ROOT / "aws" / "src"]
    code = "".join(path.read_text() for source in sources for path in source.rglob("*.rs"))
    unread = [
        f"{logical_id}: {name}"
        for logical_id in FUNCTIONS
        for name in declared_variables(logical_id)
        # tracing-subscriber's EnvFilter reads RUST_LOG, not our code.
        if name != "RUST_LOG" and f'"{name}"' not in code
    ]
    assert unread == [], "the template sets these, and the code reads none of them"


def campaign_file(slug, *settings):
    """The launch campaign as `slug`, with the top-level `settings` added."""
    return "\n".join(settings) + "\n" + LAUNCH_FILE.replace('slug = "sesta"', f'slug = "{slug}"')


class StandIn:
    """The delivery services' stand-in (tests/src/bin/cwc_stand_in.rs), taking
    messages for every office on our list of active ones."""

    def __init__(self):
        offices = json.loads((ROOT / "core" / "data" / "active-offices.json").read_text())
        self.process = subprocess.Popen(
            [binary("cwc-stand-in"), *offices["senate"], *offices["house"]],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.services = json.loads(self.process.stdout.readline())

    def taken(self):
        """The messages taken so far."""
        self.process.stdin.write("taken\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(5)


@dataclass
class Deployment:
    """A stack made from the template, and what was made in moto in place of
    the resources moto does not make from one (`stand_ins`)."""

    resources: dict
    outputs: dict
    transformed: dict
    stand_ins: dict

    @property
    def api_id(self):
        return self.stand_ins["HttpApi"]



def deploy_complete(**parameters):
    """Deploys the template, then makes in moto what CloudFormation would
    have made of the resources moto only stands in for: the signing key's
    secret (generated as the template says), SES's configuration set (named
    as the template names it) and the HTTP API. The sender is verified, as
    staff do before deploying (docs/deploy.md)."""
    resources, stack, transformed = deploy(**parameters)
    name = stack["StackName"]
    secrets = client("secretsmanager")
    generate = TEMPLATE_RESOURCES["SigningKeySecret"]["Properties"]["GenerateSecretString"]
    key = secrets.get_random_password(**generate)["RandomPassword"]
    signing_key = secrets.create_secret(Name=f"{name}-SigningKeySecret", SecretString=key)["ARN"]
    configuration_set = TEMPLATE_RESOURCES["ConfirmationSet"]["Properties"]["Name"]["Fn::Sub"]
    configuration_set = configuration_set.replace("${AWS::StackName}", name)
    ses = client("ses")
    ses.create_configuration_set(ConfigurationSet={"Name": configuration_set})
    # The address alone, not its domain: other tests' senders there stay unverified.
    ses.verify_email_identity(EmailAddress=parseaddr(PARAMETERS["SenderEmail"])[1])
    api_id = client("apigatewayv2").create_api(Name=name, ProtocolType="HTTP")["ApiId"]
    stand_ins = {"SigningKeySecret": signing_key, "ConfirmationSet": configuration_set, "HttpApi": api_id}
    outputs = {o["OutputKey"]: resolve(o["OutputValue"], stand_ins) for o in stack["Outputs"]}
    return Deployment(resources, outputs, transformed, stand_ins)


@pytest.fixture(scope="module")
def cwc():
    stand_in = StandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="module")
def deployment(cwc):
    """A stack with delivery on, the chambers' services the stand-in's and
    their keys in a secret, as staff keep them."""
    keys = json.dumps({"senate": cwc.services["api_key"], "house": cwc.services["api_key"]})
    keys_name = f"cwc-api-keys-{uuid.uuid4().hex[:8]}"
    keys_arn = client("secretsmanager").create_secret(Name=keys_name, SecretString=keys)["ARN"]
    services = {
        "DeliveryApiKeysSecretArn": keys_arn,
        "SenateDeliveryUrl": cwc.services["senate_url"],
        "HouseDeliveryUrl": cwc.services["house_url"],
        "DeliveryAgentName": cwc.services["agent"],
    }
    return deploy_complete(**{**SPONSOR, **DELIVERY, **services})


class Running:
    """Some of a deployment's functions, each its binary in a process of its
    own, started together so that their starts overlap, and called as AWS
    calls them."""

    def __init__(self, deployment, *logical_ids):
        self.deployment = deployment
        self.exits = ExitStack()
        self.functions = {
            logical_id: self.exits.enter_context(start(deployment.resources, logical_id, deployment.stand_ins))
            for logical_id in logical_ids
        }

    def invoke(self, logical_id, event):
        """The function's answer to `event`, which must not be an error."""
        function = self.functions[logical_id]
        outcome, answer = function.invoke(event)
        assert outcome == "response", f"{logical_id} failed: {answer}\n{function.logs}"
        return answer

    def batch(self, logical_id, event):
        """Hands an SQS batch to the function, which must ask for none of it again."""
        answer = self.invoke(logical_id, event)
        assert answer == {"batchItemFailures": []}, f"{logical_id}: {answer}\n{self.functions[logical_id].logs}"

    def http(self, logical_id, method, target, **options):
        """`method target` through API Gateway to `logical_id`, which the
        template must route it to; `options` as aws_events.http_request's."""
        event = http_request(logical_id, method, target, self.deployment.api_id, **options)
        response = HttpResponse(self.invoke(logical_id, event))
        assert response.status < 500, f"{method} {target}: {response.status}\n{self.functions[logical_id].logs}"
        return response

    def form(self, logical_id, target, fields):
        """A form posted from a page of the site, as a browser sends it."""
        headers = {
            "content-type": "application/x-www-form-urlencoded",
            "origin": f"https://{api_domain(self.deployment.api_id)}",
            "sec-fetch-site": "same-origin",
        }
        return self.http(logical_id, "POST", target, headers=headers, body=urlencode(fields))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.exits.close()


class Forms(HTMLParser):
    """A page's forms, each as a browser would send it untouched: its action
    and its fields (inputs with their values, ticked boxes, text areas,
    each select's chosen option or else its first)."""

    def __init__(self, html):
        super().__init__()
        self.forms, self.form, self.open = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        name = attributes.get("name")
        if tag == "form":
            self.form = {"action": attributes.get("action"), "fields": {}}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and name and attributes.get("type") not in ("submit", "button", "image"):
            if attributes.get("type") not in ("checkbox", "radio") or "checked" in attributes:
                self.form["fields"][name] = attributes.get("value", "")
        elif tag in ("textarea", "select") and name:
            self.open = (tag, name)
            self.form["fields"][name] = "" if tag == "textarea" else None
        elif tag == "option" and self.open and self.open[0] == "select":
            chosen = self.form["fields"][self.open[1]]
            if chosen is None or "selected" in attributes:
                self.form["fields"][self.open[1]] = attributes.get("value", "")

    def handle_data(self, data):
        if self.open and self.open[0] == "textarea":
            self.form["fields"][self.open[1]] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif self.open and tag == self.open[0]:
            self.open = None

    def posting_to(self, action):
        [form] = [form for form in self.forms if form["action"] == action]
        return {name: value for name, value in form["fields"].items() if value is not None}


def recipient_hints(html):
    """The page's hints of whom a letter from each state goes to."""
    found = re.search(r'<script type="application/json" id="recipients-data">(.*?)</script>', html, re.S)
    assert found, "the page carries its recipient hints"
    return json.loads(found.group(1))


def sent_mail(to):
    """The messages moto's SES accepted for `to`; of each, moto keeps the HTML part."""
    with urllib.request.urlopen(f"{os.environ['AWS_ENDPOINT_URL']}/moto-api/data.json") as answer:
        messages = json.load(answer)["ses"]["Message"]
    return [message for message in messages if to in message["destinations"]["ToAddresses"]]


def senators_of(state):
    return [senator for senator in SENATORS if senator["state"] == state]


def test_a_campaign_published_by_staff_is_served_by_a_running_page_within_the_refresh_window(deployment):
    slug = "city-hall"
    with Running(deployment, "CampaignPageFunction", "EraseAndPublishFunction") as running:
        # The page process's first request reads the published campaigns.
        assert running.http("CampaignPageFunction", "GET", f"/c/{slug}").status == 404
        publication = running.http(
            "EraseAndPublishFunction",
            "PUT",
            f"/admin/campaigns/{slug}",
            headers={"content-type": "application/toml"},
            body=campaign_file(slug),
            caller=STAFF,
        )
        published = time.monotonic()
        assert publication.status == 201, publication.text
        assert json.loads(publication.text)["version"] == 1

        # Its copy is re-read once it is older than the window; a debug build
        # on a busy machine is given a few seconds more to answer.
        while (page := running.http("CampaignPageFunction", "GET", f"/c/{slug}")).status == 404:
            assert time.monotonic() - published < REFRESH_WINDOW + 5, "not served within the refresh window"
            time.sleep(0.5)
        assert page.status == 200, page.text
        hints = recipient_hints(page.text)
        assert all(senator["name"] in hints["ME"] for senator in senators_of("ME")), hints["ME"]

    # A process started after the publication serves it at its first request.
    with Running(deployment, "CampaignPageFunction") as fresh:
        assert fresh.http("CampaignPageFunction", "GET", f"/c/{slug}").status == 200


def test_a_letter_goes_through_every_function_as_deployed(deployment, cwc):
    slug = "sesta-delivered"
    # Its own address, so that no mail moto's SES holds from an earlier run is taken for its own.
    email = f"ada.{uuid.uuid4().hex[:8]}@example.net"
    offices = sorted(f"S{senator['state']}{senator['class']:02}" for senator in senators_of("ME"))

    # Staff publish a delivering campaign by uploading it to the bucket.
    bucket = deployment.resources["CampaignsBucket"]
    text = campaign_file(slug, 'delivery = "cwc"', "verify_email = true")
    client("s3").put_object(Bucket=bucket, Key=f"campaigns/{slug}.toml", Body=text)
    with Running(deployment, "PublishCampaignFunction") as publisher:
        publisher.invoke("PublishCampaignFunction", object_created(bucket, f"campaigns/{slug}.toml"))
    result = client("s3").get_object(Bucket=bucket, Key=f"results/{slug}.json")["Body"].read()
    assert json.loads(result)["outcome"] == "published", result

    stream = StreamReader(deployment.resources["LettersTable"])
    # The warehouse's writer is off in this stack: its reads and grants are
    # the rehearsal's (warehouse_stack), its files the local test's.
    every = [
        logical_id
        for logical_id in FUNCTIONS
        if logical_id in deployment.resources and logical_id != "PublishCampaignFunction"
    ]
    with Running(deployment, *every) as running:
        # A supporter opens the page and sends its form, filled in.
        page = running.http("CampaignPageFunction", "GET", f"/c/{slug}")
        assert page.status == 200, page.text
        assert all(value in page.text for value in SPONSOR.values()), "the sponsor's variables reach the page"
        letter = Forms(page.text).posting_to(f"/c/{slug}/letters")
        # The page is the same for everyone; its script fetches the form's
        # token when the supporter first touches the form.
        token = running.http("CampaignPageFunction", "GET", f"/c/{slug}/form-token")
        assert token.status == 200, token.text
        served = time.monotonic()
        letter.update(
            form_token=json.loads(token.text)["form_token"],
            prefix="Ms.",
            first_name="Ada",
            last_name="Lovelace",
            email=email,
            phone="207-555-0143",
            street="12 Harbor Road",
            city="Portland",
            state="ME",
            zip="04101",
        )
        # A form sent sooner than the stack's MIN_FILL_SECONDS is taken for a bot's.
        min_fill = int(running.functions["SubmitLetterFunction"].variables["MIN_FILL_SECONDS"])
        time.sleep(max(0.0, served + min_fill - time.monotonic()))
        submitted = running.form("SubmitLetterFunction", f"/c/{slug}/letters", letter)
        assert submitted.status == 303, submitted.text
        thanks = running.http("CampaignPageFunction", "GET", submitted.headers["location"])
        assert "once you confirm it" in thanks.text, thanks.text

        # Its insert, through the pipe and the topic to both queues; the
        # mailer sends one confirmation, however often the batch comes.
        inserted = stream.new_records()
        messages = through_the_pipe(deployment.transformed, inserted, delivery=True)
        assert messages, "the letter's insert reaches the queues"
        confirmations = sqs_batch(deployment.resources["ConfirmationQueue"], messages)
        for _ in range(2):
            running.batch("SendConfirmationFunction", confirmations)
        [mail] = sent_mail(email)
        assert SPONSOR["SponsorPostalAddress"] in mail["body"]
        links = {kind: url for url, kind in re.findall(r'href="([^"]+/(confirm|receipt)/[^"]+)"', mail["body"])}
        assert all(url.startswith(deployment.outputs["ApiUrl"] + "/") for url in links.values()), links
        confirm, receipt = (urlsplit(links[kind]).path for kind in ("confirm", "receipt"))

        # Delivery waits for the supporter to confirm the letter.
        deliveries = sqs_batch(deployment.resources["DeliveryQueue"], messages)
        running.batch("DeliverLetterFunction", deliveries)
        assert cwc.taken() == []
        waiting = running.http("CampaignPageFunction", "GET", receipt)
        assert waiting.text.count("waiting for you to confirm") == len(offices), waiting.text

        # The email's link opens a page whose button posts to submit-letter.
        ask = running.http("CampaignPageFunction", "GET", confirm)
        confirmed = running.form("SubmitLetterFunction", confirm, Forms(ask.text).posting_to(confirm))
        assert confirmed.status in (200, 303), confirmed.text

        # The confirmation's record brings the letter back to the delivery
        # queue, and the same process, warm, delivers it to each office.
        changed = stream.new_records()
        messages = through_the_pipe(deployment.transformed, changed, delivery=True)
        deliveries = sqs_batch(deployment.resources["DeliveryQueue"], messages)
        running.batch("DeliverLetterFunction", deliveries)
        taken = cwc.taken()
        assert sorted(message["office"] for message in taken) == offices, taken
        assert all("Lovelace" in message["xml"] for message in taken)
        delivered = running.http("CampaignPageFunction", "GET", receipt)
        assert delivered.text.count("Delivered on") == len(offices), delivered.text

        # The tallies, kept off the stream once however often a batch comes,
        # and the analysts' summary and export.
        [mapping] = client("lambda").list_event_source_mappings(
            FunctionName=deployment.resources["AggregateLettersFunction"]
        )["EventSourceMappings"]
        for _ in range(2):
            running.invoke("AggregateLettersFunction", stream_batch(mapping, inserted + changed))
        summary = running.http("QuerySubmissionsFunction", "GET", f"/admin/c/{slug}/summary", caller=ANALYST)
        summary = json.loads(summary.text)
        assert (summary["total"], summary["by_state"]) == (1, {"ME": 1}), summary
        assert {office: summary["deliveries"][office]["delivered"] for office in offices} == dict.fromkeys(offices, 1)
        export = running.http("QuerySubmissionsFunction", "GET", f"/admin/c/{slug}/letters?format=jsonl", caller=ANALYST)
        [row] = [json.loads(line) for line in export.text.splitlines()]
        assert (row["state"], row["campaign_version"], row["confirmed"]) == ("ME", 1, True), row
        recipients = sorted(recipient["name"] for recipient in row["recipients"])
        assert recipients == sorted(senator["name"] for senator in senators_of("ME")), row

        # SES reports the confirmation bounced: the address is suppressed.
        running.invoke("SesFeedbackFunction", ses_bounce(deployment.resources["SesFeedbackTopic"], mail["id"], email))
        suppressed = client("dynamodb").scan(
            TableName=deployment.resources["LettersTable"],
            FilterExpression="begins_with(pk, :suppressed)",
            ExpressionAttributeValues={":suppressed": {"S": "SUPPRESSED#"}},
        )["Items"]
        assert len(suppressed) == 1, suppressed
