"""A minimal Lambda runtime loop for the Python reference: imports the
handler named by _HANDLER (module.function, as Lambda does), then asks the
Runtime API for events and posts the answers."""
import importlib
import json
import os
import urllib.request

api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
module, function = os.environ["_HANDLER"].rsplit(".", 1)
handler = getattr(importlib.import_module(module), function)

while True:
    with urllib.request.urlopen(api + "/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(response.read())
    answer = json.dumps(handler(event, None)).encode()
    urllib.request.urlopen(api + "/invocation/" + request_id + "/response", data=answer).close()
