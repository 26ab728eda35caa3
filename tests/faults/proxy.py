"""A TCP proxy on 127.0.0.1 that the tests put between the app and PostgreSQL (or Redis), to
take the server away and give it back while the app keeps running.

`cut()` resets every open connection and refuses new ones (the server crashed or restarted:
the client sees a reset or "connection refused" at once); `restore()` accepts again.
`cut_on(pattern)` arms a cut at an exact point of the protocol: when the client next sends
bytes holding `pattern` (b"COMMIT"), either before they reach the server (the transaction is
lost, and the client must not be told otherwise) or, with `after_reply=True`, once the server
has answered but before the answer reaches the client (the transaction is stored, and the
client does not know). The proxy runs its own event loop in a daemon thread, so the code
under test may be synchronous.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

CHUNK = 65_536
START_TIMEOUT = 10.0


class FaultProxy:
    """Forwards 127.0.0.1:<port> to `upstream`; `cut()` and `restore()` from any thread."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        # Bound once and kept: the port stays the app's to reconnect to after a cut.
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.connections = 0  # accepted since start: tests check the app went through us
        self._trigger: tuple[bytes, bool] | None = None  # (pattern, after_reply)
        self.triggered = threading.Event()

    # --- control (any thread) ------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()
        self._call(self._listen())

    def cut(self) -> None:
        """Refuse new connections and reset the open ones."""
        self._call(self._cut())

    def restore(self) -> None:
        self._call(self._listen())

    def cut_on(self, pattern: bytes, *, after_reply: bool = False) -> None:
        """Cut (as `cut()`) when the client next sends `pattern`; see the module docstring."""
        self.triggered.clear()
        self._trigger = (pattern, after_reply)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._call(self._cut())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=START_TIMEOUT)
        self._sock.close()

    @property
    def is_up(self) -> bool:
        return self._server is not None

    def _call(self, coroutine: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=START_TIMEOUT)

    # --- the loop's side -----------------------------------------------------------------------

    async def _listen(self) -> None:
        if self._server is not None:
            return
        # A listening socket of its own each time (same port): closing an asyncio server
        # closes its socket, and between a cut and a restore nobody must be listening.
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self._server = await asyncio.start_server(self._handle, sock=sock)

    async def _cut(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
            await server.wait_closed()
        for writer in list(self._writers):
            _reset(writer)
        self._writers.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            _reset(writer)
            return
        pair = {writer, up_writer}
        self._writers |= pair
        replied = asyncio.Event()  # set when a reply is to be swallowed, then the cut made
        try:
            await asyncio.gather(
                self._pipe(reader, up_writer, replied, upstream=True),
                self._pipe(up_reader, writer, replied, upstream=False),
            )
        finally:
            for one in pair:
                self._writers.discard(one)
                one.close()

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        swallow_reply: asyncio.Event,
        *,
        upstream: bool,
    ) -> None:
        try:
            while data := await reader.read(CHUNK):
                if not upstream and swallow_reply.is_set():
                    await self._fire()  # the server answered: the client never hears it
                    return
                trigger = self._trigger
                if upstream and trigger is not None and trigger[0] in data:
                    self._trigger = None
                    if not trigger[1]:
                        await self._fire()  # the server never receives it
                        return
                    swallow_reply.set()
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _fire(self) -> None:
        await self._cut()
        self.triggered.set()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with an RST (SO_LINGER 0), as a crashed server's kernel would."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport = writer.transport
    transport.abort()


@contextmanager
def fault_proxy(upstream_host: str, upstream_port: int) -> Iterator[FaultProxy]:
    """A started proxy to `upstream`, closed when the block ends."""
    proxy = FaultProxy(upstream_host, upstream_port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.close()
