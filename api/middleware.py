"""Pure ASGI middleware: refuse oversized bodies before anything reads them."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class PayloadTooLarge(HTTPException):
    """Raised from `receive`: an HTTPException so that FastAPI's body reader lets it through
    to the error handlers instead of reporting a generic body-parsing error."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body exceeds {limit} bytes")


async def _send_error(send: Send, status: int, code: str, message: str, limit: int) -> None:
    """The API's error shape, sent before any route runs."""
    body = json.dumps(
        {"error": {"code": code, "message": message, "details": {"limit_bytes": limit}}}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(send)
            return

        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise PayloadTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except PayloadTooLarge:
            # A chunked body without Content-Length that grew past the limit.
            if not response_started:
                await self._reject(send)

    async def _reject(self, send: Send) -> None:
        limit = self.max_bytes
        message = f"the request body exceeds {limit} bytes"
        await _send_error(send, 413, "payload_too_large", message, limit)


MAX_URL_BYTES = 8192


class UrlLengthLimit:
    """414 `uri_too_long` for a path and query longer than `MAX_URL_BYTES` (no route of this
    API needs one; the server's parser refuses the absurd ones before they get here)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_URL_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = len(scope.get("raw_path") or scope["path"].encode())
            length += len(scope.get("query_string") or b"")
            if length > self.max_bytes:
                limit = self.max_bytes
                message = f"the URL exceeds {limit} bytes"
                await _send_error(send, 414, "uri_too_long", message, limit)
                return
        await self.app(scope, receive, send)
