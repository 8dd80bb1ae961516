"""morph-connect from Python, with the standard library only.

    python3 morph_example.py connect <ownerId>    create a connection and print where to send the user
    python3 morph_example.py contacts <ownerId>   list the first contacts of a connected owner
    python3 morph_example.py verify < body.json   verify a webhook delivery (headers from the environment)

Configuration: MORPH_URL (default http://localhost:8787), MORPH_SECRET_KEY; for `verify`,
MORPH_WEBHOOK_SECRET (whsec_…) and WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE (the delivery's
webhook-id, webhook-timestamp and webhook-signature headers). Function names follow /openapi.json.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

MORPH_URL = os.environ.get("MORPH_URL", "http://localhost:8787").rstrip("/")
TOLERANCE_SECONDS = 5 * 60


class MorphError(Exception):
    """An answer other than 2xx: the server's { error: { code, message } }."""

    def __init__(self, status, code, message):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code = status, code


def request(method, path, body=None, owner_id=None):
    headers = {"authorization": f"Bearer {os.environ['MORPH_SECRET_KEY']}", "accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    if owner_id is not None:
        headers["x-owner-id"] = owner_id
    req = urllib.request.Request(MORPH_URL + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as answer:
        error = json.load(answer).get("error", {})
        raise MorphError(answer.status, error.get("code"), error.get("message")) from None


def create_connection(owner_id, operations):
    return request("POST", "/v1/connections", {"connectorId": "exact-online", "ownerId": owner_id, "operations": operations})["data"]


def authorize_connection(owner_id):
    path = f"/v1/connections/exact-online/{urllib.parse.quote(owner_id, safe='')}/authorize"
    return request("POST", path, {})["data"]


def list_resources(model, owner_id, limit):
    return request("GET", f"/v1/resources/{model}?limit={limit}", owner_id=owner_id)


def verify_webhook(secret, msg_id, timestamp, signature_header, body):
    """Standard Webhooks: HMAC-SHA256 over "<id>.<timestamp>.<body>", keyed with the secret's bytes."""
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
    # The header may carry several signatures (during a secret rotation): any one that matches will do.
    return any(
        version == "v1" and hmac.compare_digest(expected, candidate)
        for version, _, candidate in (part.partition(",") for part in signature_header.split())
    )


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "connect" and len(argv) == 3:
        create_connection(argv[2], ["genericContact::list"])
        link = authorize_connection(argv[2])
        print(f"authorizationUrl: {link['authorizationUrl']}")
        print(f"expiresAt: {link['expiresAt']}")
    elif command == "contacts" and len(argv) == 3:
        for contact in list_resources("genericContact", argv[2], 5)["data"]:
            print(f"{contact['id']}  {contact.get('firstName') or ''} {contact.get('lastName') or ''}".rstrip())
    elif command == "verify":
        body = sys.stdin.buffer.read()
        env = os.environ
        if not verify_webhook(env["MORPH_WEBHOOK_SECRET"], env["WEBHOOK_ID"], env["WEBHOOK_TIMESTAMP"], env["WEBHOOK_SIGNATURE"], body):
            print("invalid signature")
            return 1
        print(f"valid {json.loads(body)['type']}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except MorphError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
