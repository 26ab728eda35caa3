"""How `assistant serve` runs the app with uvicorn: every refusal in the error shape of the API.

uvicorn answers a request its HTTP parser cannot read (a 100,000-character URL, a garbled
request line) itself, in plain text; here that answer is JSON like every other error. WebSocket
frames are capped at the size of a request body (uvicorn's default is 16 MiB, read before
the socket has even authenticated).
"""

from __future__ import annotations

import json
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from assistant.config import Settings

MALFORMED = json.dumps(
    {
        "error": {
            "code": "malformed_request",
            "message": "the request line or its headers cannot be read (malformed, or too long)",
            "details": None,
        }
    }
).encode()


class JsonErrorsHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, whose parser errors answer in the API's error shape."""

    def send_400_response(self, msg: str) -> None:
        content = [STATUS_LINE[400]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(MALFORMED)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                MALFORMED,
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for this app (the CLI's and the tests' servers share them)."""
    return {
        "http": JsonErrorsHttpToolsProtocol,
        "ws_max_size": settings.max_request_bytes,
    }


def serve(settings: Settings, *, host: str, port: int) -> None:
    uvicorn.run(
        "api.asgi:app",
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        **server_options(settings),
    )
