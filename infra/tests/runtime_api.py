"""A function's real binary run as Lambda runs it: under the Lambda Runtime
API on loopback, with Lambda's environment, taking one invocation at a
time for as long as the process lives (a warm instance).

The API is the one AWS documents for custom runtimes ("Using the Lambda
runtime API for custom runtimes"): the runtime asks
GET /2018-06-01/runtime/invocation/next for an event, which comes with the
Lambda-Runtime-* headers, and answers with POST
/2018-06-01/runtime/invocation/{id}/response or .../error.
"""

import json
import queue
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime/invocation"


class RuntimeApi:
    """The Runtime API of one execution environment: each event given to
    `hand` goes out on the runtime's next GET, and each answer is put on
    `answers`."""

    def __init__(self, function_arn, timeout_seconds):
        self.events = queue.Queue()
        self.answers = queue.Queue()
        self.closed = threading.Event()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path != f"{PREFIX}/next":
                    return self.send_error(404)
                # The runtime waits here between invocations, as it does on Lambda.
                while True:
                    try:
                        request_id, event = api.events.get(timeout=0.1)
                        break
                    except queue.Empty:
                        if api.closed.is_set():
                            return  # The process is gone: nothing to answer.
                self.send_response(200)
                deadline = int((time.time() + timeout_seconds) * 1000)
                for name, value in (
                    ("Lambda-Runtime-Aws-Request-Id", request_id),
                    ("Lambda-Runtime-Deadline-Ms", str(deadline)),
                    ("Lambda-Runtime-Invoked-Function-Arn", function_arn),
                    ("Lambda-Runtime-Trace-Id", f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Sampled=0"),
                    ("Content-Type", "application/json"),
                    ("Content-Length", str(len(event))),
                ):
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(event)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request_id, _, outcome = self.path.removeprefix(f"{PREFIX}/").partition("/")
                if outcome not in ("response", "error"):
                    return self.send_error(404)
                api.answers.put((request_id, outcome, body.decode()))
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def address(self):
        host, port = self.server.server_address
        return f"{host}:{port}"

    def hand(self, event):
        """Queues `event` for the runtime's next GET; its request id."""
        request_id = str(uuid.uuid4())
        self.events.put((request_id, json.dumps(event).encode()))
        return request_id

    def close(self):
        self.closed.set()
        self.server.shutdown()
        self.server.server_close()


class Function:
    """A function's binary running under its own Runtime API. `configuration`
    is the function's as Lambda's GetFunction gives it (its name, ARN, memory
    and timeout name the environment), `variables` its environment."""

    def __init__(self, binary, configuration, variables, endpoint_url):
        self.name = configuration["FunctionName"]
        self.variables = variables
        self.timeout = configuration["Timeout"]
        self.api = RuntimeApi(configuration["FunctionArn"], self.timeout)
        # Lambda's own variables ("Defined runtime environment variables" in
        # AWS's documentation), then the function's, and the AWS emulator.
        environment = {
            "AWS_LAMBDA_FUNCTION_NAME": self.name,
            "AWS_LAMBDA_FUNCTION_VERSION": configuration["Version"],
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(configuration["MemorySize"]),
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{self.name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": f"2026/11/28/[$LATEST]{uuid.uuid4().hex}",
            "AWS_LAMBDA_RUNTIME_API": self.api.address,
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "rehearsal",
            "AWS_SECRET_ACCESS_KEY": "rehearsal",
            "AWS_SESSION_TOKEN": "rehearsal",
            "_HANDLER": configuration["Handler"],
            "TZ": ":UTC",
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            **variables,
            "AWS_ENDPOINT_URL": endpoint_url,
        }
        self.process = subprocess.Popen(
            [binary], env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.output = []
        # Read as it comes, so that a long-lived process never blocks on a full pipe.
        self.reader = threading.Thread(target=lambda: self.output.extend(self.process.stdout), daemon=True)
        self.reader.start()

    @property
    def logs(self):
        return "".join(self.output)

    def invoke(self, event):
        """Invokes the function with `event` and waits, as long as its timeout
        allows, for its answer: ("response", payload) or ("error", payload),
        the payload read as JSON. Fails with the function's logs if it exits,
        or runs past its timeout, first."""
        request_id = self.api.hand(event)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                answered, outcome, body = self.api.answers.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is None:
                    continue
                self.reader.join(5)
                break
            assert answered == request_id, f"{self.name} answered {answered}, not {request_id}"
            return outcome, json.loads(body) if body else None
        if self.process.returncode is not None:
            raise AssertionError(f"{self.name} exited ({self.process.returncode}) before answering:\n{self.logs}")
        raise AssertionError(f"{self.name} did not answer within its timeout ({self.timeout} s):\n{self.logs}")

    def close(self):
        self.process.kill()
        self.process.wait()
        self.reader.join(5)
        self.api.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
