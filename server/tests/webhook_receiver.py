"""A webhook receiver for the tests (server/tests/webhooks.rs), independent of the
server's Rust: it checks each delivery's Standard Webhooks signature with Python's own
hmac, as docs/webhooks.md shows a receiver doing, and appends one JSON line per delivery
to a file: its webhook-id, type, whether the signature held, and when it came.

usage: webhook_receiver.py PORT SECRET OUTPUT [STATUS]
STATUS is the HTTP status answered (204 by default; 503 to make every attempt fail).
"""

import base64
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, SECRET, OUTPUT = int(sys.argv[1]), sys.argv[2], sys.argv[3]
STATUS = int(sys.argv[4]) if len(sys.argv) > 4 else 204
KEY = base64.b64decode(SECRET.removeprefix("whsec_"))
LOCK = threading.Lock()


def verified(msg_id, timestamp, body, header):
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()).decode()
    # The header may carry several signatures separated by spaces (key rotation).
    return any(
        hmac.compare_digest(part.split(",", 1)[1], expected)
        for part in header.split()
        if part.startswith("v1,")
    )


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        msg_id = self.headers.get("webhook-id", "")
        timestamp = self.headers.get("webhook-timestamp", "")
        ok = verified(msg_id, timestamp, body, self.headers.get("webhook-signature", ""))
        fresh = abs(time.time() - int(timestamp or 0)) < 300
        event = json.loads(body)
        line = json.dumps({
            "id": msg_id,
            "type": event.get("type"),
            "record": event.get("data", {}).get("id"),
            "valid": ok and fresh,
            "at": time.time(),
            "status": STATUS,
        })
        with LOCK, open(OUTPUT, "a") as out:
            out.write(line + "\n")
        self.send_response(STATUS)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer.allow_reuse_address = True
server = ThreadingHTTPServer(("127.0.0.1", PORT), Hook)
print("ready", flush=True)
server.serve_forever()
