"""A fake Open-Meteo on 127.0.0.1 (a real HTTP server in a thread) answering /v1/forecast in
the real response format: parallel arrays under `daily` and `hourly`, units, and the
`{"error": true, "reason": ...}` 400 body for bad parameters."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

REQUIRED_DAILY = {
    "temperature_2m_max",
    "temperature_2m_min",
    "precipitation_probability_max",
    "weather_code",
}


@dataclass
class FakeDay:
    t_min: float = 2.0
    t_max: float = 9.0
    rain: int = 10
    code: int = 3
    hourly: list[float] | None = None


@dataclass
class FakeOpenMeteo:
    day: FakeDay = field(default_factory=FakeDay)
    delay_seconds: float = 0.0
    requests: list[dict[str, list[str]]] = field(default_factory=list)
    url: str = ""

    def body(self, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        daily = set(query.get("daily", [""])[0].split(","))
        if not {"latitude", "longitude"} <= query.keys() or not daily >= REQUIRED_DAILY:
            return 400, {"error": True, "reason": "Parameter 'latitude' is missing"}
        zone = query.get("timezone", ["GMT"])[0]
        if "start_date" not in query or query.get("end_date") != query["start_date"]:
            # The real service would answer a week from its own today: the client must say
            # which day it means.
            return 400, {"error": True, "reason": "one day is expected: start_date = end_date"}
        day = dt.date.fromisoformat(query["start_date"][0])
        hourly = self.day.hourly or [
            round(self.day.t_min + (self.day.t_max - self.day.t_min) * max(0, h - 6) / 9, 1)
            if h <= 15
            else self.day.t_max
            for h in range(24)
        ]
        return 200, {
            "latitude": round(float(query["latitude"][0]), 2),
            "longitude": round(float(query["longitude"][0]), 2),
            "generationtime_ms": 0.05,
            "utc_offset_seconds": 3600,
            "timezone": zone,
            "timezone_abbreviation": "CET",
            "elevation": 42.0,
            "hourly_units": {"time": "iso8601", "temperature_2m": "°C"},
            "hourly": {
                "time": [f"{day.isoformat()}T{h:02d}:00" for h in range(24)],
                "temperature_2m": hourly,
            },
            "daily_units": {
                "time": "iso8601",
                "temperature_2m_max": "°C",
                "temperature_2m_min": "°C",
                "precipitation_probability_max": "%",
                "weather_code": "wmo code",
            },
            "daily": {
                "time": [day.isoformat()],
                "temperature_2m_max": [self.day.t_max],
                "temperature_2m_min": [self.day.t_min],
                "precipitation_probability_max": [self.day.rain],
                "weather_code": [self.day.code],
            },
        }


@contextmanager
def serve(fake: FakeOpenMeteo) -> Iterator[FakeOpenMeteo]:
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urlparse(self.path)
            if parsed.path != "/v1/forecast":
                self.send_error(404)
                return
            query = parse_qs(parsed.query)
            fake.requests.append(query)
            if fake.delay_seconds:
                stop.wait(fake.delay_seconds)
            status, body = fake.body(query)
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
