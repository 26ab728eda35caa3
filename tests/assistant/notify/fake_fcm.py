"""A fake FCM v1 server on 127.0.0.1: the OAuth token endpoint and `messages:send`.

It speaks the wire format firebase-admin speaks to Google (JSON bodies, FCM error details),
checks the service account's signed JWT on /token and the bearer token on every send, and
answers from a per-registration-token script of (status, error code) pairs.
"""

from __future__ import annotations

import itertools
import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt

ACCESS_TOKEN = "fake-fcm-access-token"
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


@dataclass
class FakeFcm:
    public_key_pem: bytes
    project_id: str
    base_url: str = ""
    # token -> scripted answers, consumed in order: (HTTP status, FCM errorCode or None)
    script: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    # token -> answer given once the script is used up (default: success)
    always: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    sends: list[dict[str, Any]] = field(default_factory=list)
    token_requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def sends_to(self, token: str) -> list[dict[str, Any]]:
        return [s for s in self.sends if s["message"].get("token") == token]

    def answer(self, token: str) -> tuple[int, str | None]:
        with self.lock:
            queue = self.script.get(token)
            if queue:
                return queue.pop(0)
            return self.always.get(token, (200, None))

    def next_name(self) -> str:
        return f"projects/{self.project_id}/messages/{next(self._names)}"


def _handler(fake: FakeFcm) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _reply(self, status: int, body: dict[str, Any], **headers: str) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length", "0")))

        def do_POST(self) -> None:
            raw = self._body()
            if self.path == "/token":
                self._token(raw)
            elif self.path == f"/v1/projects/{fake.project_id}/messages:send":
                self._send(raw)
            else:
                self._reply(404, {"error": {"code": 404, "status": "NOT_FOUND"}})

        def _token(self, raw: bytes) -> None:
            form = urllib.parse.parse_qs(raw.decode())
            try:
                jwt.decode(
                    form["assertion"][0],
                    fake.public_key_pem,
                    algorithms=["RS256"],
                    # google-auth signs for Google's endpoint whatever the token_uri.
                    audience="https://oauth2.googleapis.com/token",
                )
            except (KeyError, jwt.InvalidTokenError) as exc:
                self._reply(400, {"error": "invalid_grant", "error_description": str(exc)})
                return
            with fake.lock:
                fake.token_requests += 1
            self._reply(
                200, {"access_token": ACCESS_TOKEN, "expires_in": 3600, "token_type": "Bearer"}
            )

        def _send(self, raw: bytes) -> None:
            if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                self._reply(401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}})
                return
            body = json.loads(raw)
            with fake.lock:
                fake.sends.append(body)
            status, error_code = fake.answer(body["message"].get("token", ""))
            if status == 200:
                self._reply(200, {"name": fake.next_name()})
                return
            error = {
                "code": status,
                "message": f"fake FCM error {error_code}",
                "status": STATUS_NAMES[status],
                "details": [
                    {
                        "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                        "errorCode": error_code,
                    }
                ],
            }
            headers = {"Retry-After": "30"} if status == 429 else {}
            self._reply(status, {"error": error}, **headers)

    return Handler


class FakeFcmServer:
    def __init__(self, fake: FakeFcm) -> None:
        self.fake = fake
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
        self.fake.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FakeFcm:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
