"""The openapi-core row of the consumer matrix: every example's request and response body
validates against schemas/openapi.json (as a server or client using openapi-core would check
it: the operation found by its server, path and method), and every invalid request is refused.

usage: python openapi_core_check.py FIXTURES SCHEMAS_DIR
"""

import json
import sys
from pathlib import Path

from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.exceptions import InvalidRequestBody, ParameterValidationError
from openapi_core.validation.request.validators import V31RequestBodyValidator, V31RequestParametersValidator
from openapi_core.validation.response.validators import V31ResponseDataValidator

fixtures_path, schemas = (Path(a) for a in sys.argv[1:3])
fixtures = json.loads(fixtures_path.read_text())
doc = json.loads((schemas / "openapi.json").read_text())
config = Config(request_validator_cls=V31RequestBodyValidator, response_validator_cls=V31ResponseDataValidator)
api = OpenAPI.from_dict(doc, config=config)
# A GET's request is its query parameters: checked as parameters.
query_api = OpenAPI.from_dict(
    doc, config=Config(request_validator_cls=V31RequestParametersValidator, response_validator_cls=V31ResponseDataValidator)
)


def server(path):
    """The first server the path lists, with its variables' defaults."""
    s = doc["paths"][path]["servers"][0]
    url = s["url"]
    for name, var in s.get("variables", {}).items():
        url = url.replace("{" + name + "}", var["default"])
    return url


def query_text(v):
    """A value as its query-string text (booleans and numbers as JSON)."""
    return v if isinstance(v, str) else json.dumps(v)


def request(op, body):
    if op["request_in"] == "query":
        args = {k: query_text(v) for k, v in body.items() if v is not None}
        return MockRequest(server(op["path"]), op["method"].lower(), op["path"], args=args)
    return MockRequest(server(op["path"]), op["method"].lower(), op["path"], data=json.dumps(body), content_type="application/json")


def validator(op):
    return query_api if op["request_in"] == "query" else api


passed, failures = 0, []
for op in fixtures["operations"]:
    for ex in op["examples"]:
        if "request" in ex:
            try:
                validator(op).validate_request(request(op, ex["request"]))
                passed += 1
            except Exception as e:  # noqa: BLE001 - every refusal is a failure of the row
                failures.append(f"{op['id']} example {ex['name']} (request) is refused: {e!r} {getattr(e, '__cause__', '')}")
        if "response" in ex:
            body = ex.get("request", {})
            try:
                validator(op).validate_response(request(op, body), MockResponse(json.dumps(ex["response"]), status_code=200, content_type="application/json"))
                passed += 1
            except Exception as e:  # noqa: BLE001
                failures.append(f"{op['id']} example {ex['name']} (response) is refused: {e!r} {getattr(e, '__cause__', '')}")
    for bad in op["invalid_requests"]:
        try:
            validator(op).validate_request(request(op, bad["request"]))
            failures.append(f"{op['id']} invalid request {bad['name']} is accepted")
        except (InvalidRequestBody, ParameterValidationError):  # refused for its body or parameters
            passed += 1
for f in failures:
    print(f"FAIL openapi-core: {f}")
print(f"openapi-core: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
