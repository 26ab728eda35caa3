"""Async load clients: chat conversations over `/ws/chat`, location ping batches and
till receipts over HTTP.

Every driver is bounded: at most `MAX_CONCURRENCY` connections, at most `MAX_SECONDS` of
load, a drain of the requests in flight that is bounded too, and only 127.0.0.1 as a
target (a load generator aimed at somebody else's server by a typo is an attack).
Throughput counts what completed inside the measured window; latencies also include the
requests that were in flight when it closed (dropping them would hide the slowest).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import math
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import websockets

from benchmarks.load.world import LoadWorld, StoreSpot

MAX_CONCURRENCY = 5_000
MAX_SECONDS = 600.0
CONNECT_TIMEOUT = 60.0
# In-flight turns get at least this long after the window (1,000 queued turns take a while).
DRAIN_SECONDS = 30.0
PING_BATCH = 20
# French and English turns that need no network provider (weather and traffic would);
# the list grows and shrinks, the loyalty and offers turns read the household's history.
CONVERSATION = (
    ("bonjour", "fr"),
    ("montre ma liste de courses", "fr"),
    ("ajoute du lait à ma liste", "fr"),
    ("combien de points fidélité j'ai ?", "fr"),
    ("quelles sont les promos ?", "fr"),
    ("what's on my shopping list?", "en"),
    ("remove the milk from my list", "en"),
    ("merci", "fr"),
)


class NotLoopback(ValueError):
    """The load generator only targets 127.0.0.1."""


def require_loopback(url: str) -> str:
    """`url` unchanged when its host is 127.0.0.1, else `NotLoopback`."""
    host = urlsplit(url).hostname
    if host != "127.0.0.1":
        raise NotLoopback(f"refusing to load {host or url!r}: only 127.0.0.1 is a target")
    return url


def _check_bounds(concurrency: int, seconds: float) -> None:
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be within 1..{MAX_CONCURRENCY}")
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be within 0..{MAX_SECONDS:.0f}")


@dataclass
class LoadResult:
    """Completed operations in the window, items they carried (pings), latencies (s)."""

    what: str
    concurrency: int
    window_s: float
    done: int = 0
    items: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    unfinished: int = 0  # still in flight when the drain ended

    @property
    def per_second(self) -> float:
        return self.done / self.window_s if self.window_s else 0.0

    @property
    def items_per_second(self) -> float:
        return self.items / self.window_s if self.window_s else 0.0

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile in seconds (nan without samples)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
        return ordered[rank - 1]

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


class _Window:
    """The measured window: opened once every client is ready, closed `seconds` later."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.opened = asyncio.Event()
        self.start = 0.0
        self.end = 0.0

    def open(self) -> None:
        self.start = time.perf_counter()
        self.end = self.start + self.seconds
        self.opened.set()

    def is_open(self) -> bool:
        return time.perf_counter() < self.end


async def _run_clients(
    result: LoadResult,
    window: _Window,
    client: Callable[[int], Coroutine[Any, Any, None]],
    *,
    count: int,
    ready: Callable[[], int],
) -> LoadResult:
    """Start the clients, open the window when all are ready (or the connect time is up),
    then let them finish their request in flight for at most max(seconds, DRAIN_SECONDS)."""
    tasks = [asyncio.create_task(client(index)) for index in range(count)]
    deadline = time.perf_counter() + CONNECT_TIMEOUT
    while ready() < count and time.perf_counter() < deadline:
        if all(task.done() for task in tasks):
            break
        await asyncio.sleep(0.05)
    window.open()
    drain = max(window.seconds, DRAIN_SECONDS)
    _done, pending = await asyncio.wait(tasks, timeout=window.seconds + drain)
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    result.unfinished += len(pending)
    return result


async def chat_load(
    ws_url: str, tokens: Sequence[str], *, concurrency: int, seconds: float
) -> LoadResult:
    """`concurrency` conversations (one household each), each sending the next message
    as soon as the `result` of the previous one arrived, during `seconds`."""
    require_loopback(ws_url)
    _check_bounds(concurrency, seconds)
    if len(tokens) < concurrency:
        raise ValueError(f"{concurrency} conversations need {concurrency} households")
    result = LoadResult("chat turns", concurrency, seconds)
    window = _Window(seconds)
    connected = 0

    async def conversation(index: int) -> None:
        nonlocal connected
        turns = itertools.cycle(CONVERSATION[index % 3 :] + CONVERSATION[: index % 3])
        try:
            async with websockets.connect(
                ws_url, open_timeout=CONNECT_TIMEOUT, ping_interval=None, max_queue=None
            ) as ws:
                await ws.send(json.dumps({"type": "auth", "id": 1, "token": tokens[index]}))
                reply = json.loads(await ws.recv())
                if reply.get("type") != "auth_ok":
                    result.errors[f"auth:{reply.get('error', {}).get('code')}"] += 1
                    return
                connected += 1
                await window.opened.wait()
                frame_id = 1
                while window.is_open():
                    frame_id += 1
                    text, lang = next(turns)
                    sent = time.perf_counter()
                    frame = {"type": "message", "id": frame_id, "text": text, "lang": lang}
                    await ws.send(json.dumps(frame))
                    while True:  # pushed `event` frames may come in between
                        answer = json.loads(await ws.recv())
                        if answer.get("type") == "result" and answer.get("id") == frame_id:
                            break
                    finished = time.perf_counter()
                    result.latencies.append(finished - sent)
                    if not answer.get("success"):
                        result.errors[f"result:{answer.get('error', {}).get('code')}"] += 1
                    elif finished <= window.end:
                        result.done += 1
        except (OSError, websockets.WebSocketException, TimeoutError) as exc:
            result.errors[type(exc).__name__] += 1

    return await _run_clients(
        result,
        window,
        conversation,
        count=concurrency,
        ready=lambda: connected + result.error_count,
    )


async def warm_up(
    ws_url: str, token: str, *, connections: int, timeout: float = 180.0, warm_s: float = 2.0
) -> int:
    """Every worker of a server loads the NLU model on its first turn: that must neither
    fall inside a measured window nor run on many threads at once. Rounds of `connections`
    sockets opened together (so that they spread over the workers) each send one turn, one
    after the other, until a whole round answers within `warm_s` a turn; returns the rounds."""
    require_loopback(ws_url)
    text, lang = CONVERSATION[0]
    rounds = 0
    async with asyncio.timeout(timeout):
        slowest = math.inf
        while slowest > warm_s:
            rounds += 1
            slowest = 0.0
            async with contextlib.AsyncExitStack() as stack:
                sockets = await asyncio.gather(
                    *(
                        stack.enter_async_context(websockets.connect(ws_url, ping_interval=None))
                        for _ in range(connections)
                    )
                )
                for ws in sockets:
                    await ws.send(json.dumps({"type": "auth", "id": 1, "token": token}))
                    await ws.recv()
                    sent = time.perf_counter()
                    frame = {"type": "message", "id": 2, "text": text, "lang": lang}
                    await ws.send(json.dumps(frame))
                    while json.loads(await ws.recv()).get("type") != "result":
                        pass
                    slowest = max(slowest, time.perf_counter() - sent)
    return rounds


async def _http_load(
    base_url: str,
    *,
    what: str,
    concurrency: int,
    seconds: float,
    request: Callable[[httpx.AsyncClient, int], Awaitable[tuple[httpx.Response, int]]],
) -> LoadResult:
    """`concurrency` clients in a loop: `request(client, worker)` returns the response and
    the number of items it carried; a 2xx counts, anything else is an error by status."""
    require_loopback(base_url)
    _check_bounds(concurrency, seconds)
    result = LoadResult(what, concurrency, seconds)
    window = _Window(seconds)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=CONNECT_TIMEOUT, trust_env=False
    ) as client:

        async def worker(index: int) -> None:
            await window.opened.wait()
            while window.is_open():
                sent = time.perf_counter()
                try:
                    response, items = await request(client, index)
                except httpx.HTTPError as exc:
                    result.errors[type(exc).__name__] += 1
                    await asyncio.sleep(0.05)  # a refused connection must not spin
                    continue
                finished = time.perf_counter()
                result.latencies.append(finished - sent)
                if not response.is_success:
                    result.errors[f"{response.status_code}:{_error_code(response)}"] += 1
                elif finished <= window.end:
                    result.done += 1
                    result.items += items

        return await _run_clients(
            result,
            window,
            worker,
            count=concurrency,
            ready=lambda: concurrency,
        )


def _error_code(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error", {}).get("code", ""))
    except ValueError:
        return ""


def _walk(rng: random.Random, store: StoreSpot, start: dt.datetime, n: int) -> list[dict[str, Any]]:
    """`n` pings one second apart wandering within ~600 m of a store (in and out of it)."""
    return [
        {
            "lat": store.lat + rng.uniform(-0.005, 0.005),
            "lon": store.lon + rng.uniform(-0.007, 0.007),
            "accuracy_m": rng.uniform(5, 40),
            "recorded_at": (start + dt.timedelta(seconds=i)).isoformat(),
            "ping_id": uuid.uuid4().hex,
        }
        for i in range(n)
    ]


async def pings_load(
    base_url: str, world: LoadWorld, *, concurrency: int, seconds: float
) -> LoadResult:
    """Phones of `concurrency` households posting batches of `PING_BATCH` pings, each
    household's clock moving forward (older pings than processed ones are not run)."""
    if len(world.tokens) < concurrency:
        raise ValueError(f"{concurrency} phones need {concurrency} households")
    # Two hours back leaves room for 7,200 pings a phone before any would be in the future.
    origin = world.now - dt.timedelta(hours=2)
    sent = [0] * concurrency
    rngs = [random.Random(i) for i in range(concurrency)]

    async def request(client: httpx.AsyncClient, index: int) -> tuple[httpx.Response, int]:
        store = world.stores[index % len(world.stores)]
        start = origin + dt.timedelta(seconds=sent[index])
        sent[index] += PING_BATCH
        headers = {"Authorization": f"Bearer {world.tokens[index]}"}
        batch = _walk(rngs[index], store, start, PING_BATCH)
        response = await client.post("/me/location/pings", json=batch, headers=headers)
        accepted = int(response.json().get("accepted", 0)) if response.is_success else 0
        return response, accepted

    return await _http_load(
        base_url, what="location pings", concurrency=concurrency, seconds=seconds, request=request
    )


def receipt_body(world: LoadWorld, rng: random.Random) -> dict[str, Any]:
    """An e-receipt of a known loyalty card at a real store: three lines of the catalogue."""
    lines = [
        {
            "ean": ean,
            "label": f"Article {ean}",
            "quantity": rng.choice((1, 1, 2, 3)),
            "unit_price_cents": rng.randint(80, 1500),
        }
        for ean in rng.sample(world.eans, 3)
    ]
    return {
        "receipt_id": f"bench-{uuid.uuid4().hex}",
        "store_code": rng.choice(world.stores).code,
        "purchased_at": (world.now - dt.timedelta(minutes=5)).isoformat(),
        "loyalty_card": rng.choice(world.loyalty_cards),
        "lines": lines,
    }


async def receipts_load(
    base_url: str, world: LoadWorld, *, concurrency: int, seconds: float
) -> LoadResult:
    """Tills posting new e-receipts (unique ids: no idempotent replays) with the till key."""
    rng = random.Random(7)
    headers = {"X-API-Key": world.till_key}

    async def request(client: httpx.AsyncClient, _index: int) -> tuple[httpx.Response, int]:
        response = await client.post("/receipts", json=receipt_body(world, rng), headers=headers)
        return response, 1

    return await _http_load(
        base_url, what="receipts", concurrency=concurrency, seconds=seconds, request=request
    )
