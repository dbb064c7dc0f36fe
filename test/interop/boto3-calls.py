"""Makes boto3 calls against one endpoint and prints what each answered, as JSON.

stdin: {"endpoint": URL, "calls": [{"service", "operation", "params"?, "credentials"?}]}
stdout: one entry per call: {"response": ...} or {"error": {"Code", "Message"}, "status": HTTP status}.

Values cross JSON as: bytes <-> {"$bytes": base64}; {"$ref": "2.Path.To.Value"} in params or credentials
is replaced by that value of an earlier call's response (so a call can use what an earlier one returned);
timestamps leave as ISO 8601 text. Credentials are the runtime's from the environment unless a call names
its own (the STS Credentials shape). Retries are off, so an error is the first answer.
"""
import base64
import datetime
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.response import StreamingBody

NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})


def to_json(value):
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(value).decode()}
    if isinstance(value, StreamingBody):
        return to_json(value.read())
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def from_json(value, responses):
    if isinstance(value, dict):
        if "$bytes" in value:
            return base64.b64decode(value["$bytes"])
        if "$ref" in value:
            index, *path = value["$ref"].split(".")
            found = responses[int(index)]
            for key in path:
                found = found[key]
            return from_json(found, responses)
        return {k: from_json(v, responses) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v, responses) for v in value]
    return value


def client(endpoint, service, credentials):
    keys = {}
    if credentials:
        keys = {
            "aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials.get("SessionToken"),
        }
    return boto3.session.Session().client(service, endpoint_url=endpoint, config=NO_RETRIES, **keys)


def main():
    request = json.load(sys.stdin)
    responses, results = [], []
    for call in request["calls"]:
        credentials = from_json(call.get("credentials"), responses)
        api = client(request["endpoint"], call["service"], credentials)
        try:
            response = getattr(api, call["operation"])(**from_json(call.get("params", {}), responses))
            response.pop("ResponseMetadata", None)
            responses.append(response)
            results.append({"response": to_json(response)})
        except ClientError as e:
            responses.append(None)
            results.append({"error": e.response["Error"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]})
    json.dump(results, sys.stdout)


main()
