"""The Zerty day against a real server: uvicorn in a subprocess on 127.0.0.1, its own
SQLite file, the story's clock in a file (`CLOCK_FILE`) shared with the scheduler's
subprocesses, and local stand-ins for the outside world: Open-Meteo (`WEATHER_URL`), the
traffic feed (`TRAFFIC_FEED_URL`) and FCM (`FCM_ENDPOINT`, where Anne's phone's pushes land).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlmodel import Session, select

from assistant.auth.service import create_api_key
from assistant.catalog.models import Store
from assistant.clock import write_clock
from assistant.config import PROJECT_ROOT
from assistant.customers.models import Household
from assistant.db import make_engine, migrate
from assistant.demo.scenario import story
from assistant.demo.scenario.run import prepare, schedule_story_jobs
from assistant.demo.stores_data import ZERTY_FUEL_STORE_CODE, ZERTY_HOME_STORE_CODE
from tests.assistant.notify.fake_fcm import FakeFcm, FakeFcmServer
from tests.clock import TODAY
from tests.live import bound_socket
from tests.nlu.engines.trained import trained_model_dir

SECRET = "e2e-secret-key-0123456789abcdefghijklmnopqrstuv"
FCM_PROJECT = "carchan-e2e"
START_TIMEOUT = 60.0
T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], *, timeout: float, what: str) -> T:
    """Poll `probe` until it returns something (not None); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


class JsonServer:
    """A real HTTP server in a thread answering GET paths with JSON (Open-Meteo, traffic)."""

    def __init__(self, routes: dict[str, dict[str, Any]]) -> None:
        self.routes = routes
        self.requests: list[str] = []
        served = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                served.requests.append(self.path)
                body = served.routes.get(path)
                data = json.dumps(body if body is not None else {"error": True}).encode()
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SmtpSink:
    """A minimal SMTP server on 127.0.0.1 (the household's mailbox): it accepts every
    message smtplib sends (EHLO, MAIL, RCPT, DATA, QUIT) and keeps it, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self) -> None:
                self.reply("220 sink.test ESMTP")
                while line := self.rfile.readline():
                    verb = line[:4].decode(errors="replace").upper().strip()
                    if verb == "DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        self.data()
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

            def data(self) -> None:
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                parsed = BytesParser(policy=policy.default).parsebytes(b"".join(lines))
                with sink.lock:
                    sink.messages.append(parsed)
                self.reply("250 queued")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Live:
    lang: str
    base: str
    env: dict[str, str]
    clock_file: Path
    log: Path
    household_id: int
    slug: str
    friday: dt.date
    staff_key: str
    till_key: str
    hotline_key: str
    home_store_id: int
    home_store: tuple[float, float]
    fuel_store_code: str
    fcm: FakeFcm
    weather: JsonServer
    mailbox: SmtpSink
    scheduled: list[str] = field(default_factory=list)
    _token: str | None = None

    @property
    def saturday(self) -> dt.date:
        return self.friday + dt.timedelta(days=1)

    @property
    def ws_url(self) -> str:
        return self.base.replace("http://", "ws://") + "/ws/chat"

    def move_clock(self, at: dt.datetime) -> None:
        write_clock(self.clock_file, at)

    def cli(self, *args: str) -> str:
        """`assistant ...` in a process of its own, with the server's settings and clock."""
        done = subprocess.run(
            [sys.executable, "-c", "from assistant.cli import app; app()", *args],
            env=self.env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def run_scheduler(self) -> str:
        """`assistant scheduler run --once`, on the story's clock."""
        out = self.cli("scheduler", "run", "--once")
        self.scheduled.append(out)
        return out

    def pushes(self) -> list[dict[str, Any]]:
        """What FCM was asked to deliver to Anne's phone, oldest first."""
        with self.fcm.lock:
            return [dict(s["message"]) for s in self.fcm.sends]

    def push_of(self, kind: str, *, timeout: float = 20.0) -> dict[str, Any]:
        """The one push of `kind`, once the server's relay has sent it."""

        def probe() -> dict[str, Any] | None:
            found = [p for p in self.pushes() if p.get("data", {}).get("kind") == kind]
            assert len(found) <= 1, found
            return found[0] if found else None

        return wait_for(probe, timeout=timeout, what=f"the {kind} push")

    def emails(self, count: int, *, timeout: float = 20.0) -> list[EmailMessage]:
        """The household's mailbox once it holds `count` messages."""

        def probe() -> list[EmailMessage] | None:
            with self.mailbox.lock:
                found = list(self.mailbox.messages)
            return found if len(found) >= count else None

        return wait_for(probe, timeout=timeout, what=f"{count} email(s)")

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=headers, timeout=30.0)

    def customer(self) -> httpx.Client:
        return self.client(Authorization=f"Bearer {self.token}")

    @property
    def token(self) -> str:
        """Anne's app token, from `assistant auth token <slug>` on the story's clock."""
        if self._token is None:
            self._token = self.cli("auth", "token", self.slug).strip()
        return self._token


def _service_account(fcm: FakeFcm, key: rsa.RSAPrivateKey, path: Path) -> Path:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()  # fmt: skip
    account = {
        "type": "service_account", "project_id": FCM_PROJECT, "private_key_id": "e2e",
        "private_key": pem, "client_email": f"fcm@{FCM_PROJECT}.iam.gserviceaccount.com",
        "client_id": "1", "token_uri": f"{fcm.base_url}/token",
    }  # fmt: skip
    path.write_text(json.dumps(account))
    return path


def _seed(url: str, lang: str) -> dict[str, Any]:
    """World, Zertys and recipes (as `assistant demo zerty` seeds them), the household's
    language for the day, the story's jobs, and the API keys of the staff, the fuel till and
    the hotline's telephony platform."""
    engine = make_engine(url)
    try:
        household_id, friday = prepare(engine=engine, today=TODAY)
        schedule_story_jobs(engine=engine, household_id=household_id,
                            now=story.local(friday, 6, 55))  # fmt: skip
        with Session(engine, expire_on_commit=False) as session:
            household = session.get(Household, household_id)
            assert household is not None and household.slug
            household.lang = lang
            session.add(household)
            store = session.exec(select(Store).where(Store.code == ZERTY_HOME_STORE_CODE)).one()
            _, staff_key = create_api_key(
                session=session, name="e2e staff", scopes=["staff:read", "staff:write"]
            )
            _, till_key = create_api_key(session=session, name="e2e fuel till",
                                         scopes=["receipts:write"])  # fmt: skip
            _, hotline_key = create_api_key(session=session, name="e2e hotline platform",
                                            scopes=["hotline:answer"])  # fmt: skip
            session.commit()
            assert store.id is not None
            return {
                "household_id": household_id, "slug": household.slug, "friday": friday,
                "staff_key": staff_key, "till_key": till_key, "hotline_key": hotline_key,
                "home_store_id": store.id,
                "home_store": (store.lat, store.lon),
            }  # fmt: skip
    finally:
        engine.dispose()


def _healthy(base: str, process: subprocess.Popen[bytes]) -> bool | None:
    if process.poll() is not None:
        pytest.fail(f"the server exited with {process.returncode}")
    try:
        return True if httpx.get(f"{base}/health", timeout=1.0).status_code == 200 else None
    except httpx.HTTPError:
        return None


@pytest.fixture(scope="module", params=["fr", "en"])
def live(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Live]:
    lang: str = request.param
    tmp = tmp_path_factory.mktemp(f"zerty-e2e-{lang}")
    url = f"sqlite:///{tmp / 'assistant.db'}"
    migrate(url)
    seeded = _seed(url, lang)
    friday: dt.date = seeded["friday"]
    clock_file = tmp / "clock"
    write_clock(clock_file, story.local(friday, 6, 55))

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    outside = JsonServer({
        "/v1/forecast": story.open_meteo_body((friday, friday + dt.timedelta(days=1))),
        "/traffic.json": story.traffic_feed(friday),
    })  # fmt: skip
    mailbox = SmtpSink()
    sock = bound_socket()
    port = sock.getsockname()[1]
    sock.close()  # uvicorn binds it again at once; the kernel does not hand it out meanwhile
    base = f"http://127.0.0.1:{port}"
    with FakeFcmServer(FakeFcm(public_key_pem=public, project_id=FCM_PROJECT)) as fcm:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CLOCK"))},
            "ASSISTANT_ENV": "test", "DATABASE_URL": url, "SECRET_KEY": SECRET,
            "CLOCK_FILE": str(clock_file), "NOTIFY_RELAY_IN_API": "true",
            "WEATHER_URL": outside.url, "TRAFFIC_FEED_URL": f"{outside.url}/traffic.json",
            "FCM_CREDENTIALS_FILE": str(_service_account(fcm, key, tmp / "fcm.json")),
            "FCM_ENDPOINT": fcm.base_url, "NLU_MODEL_DIR": str(trained_model_dir()),
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(mailbox.port),
            "PUBLIC_BASE_URL": base, "LOG_LEVEL": "WARNING",
        }  # fmt: skip
        log = tmp / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", "127.0.0.1",
                 "--port", str(port), "--log-level", "warning"],
                env=env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            wait_for(lambda: _healthy(base, process), timeout=START_TIMEOUT, what="the server")
            yield Live(lang=lang, base=base, env=env, clock_file=clock_file, log=log, fcm=fcm,
                       weather=outside, mailbox=mailbox, fuel_store_code=ZERTY_FUEL_STORE_CODE,
                       **seeded)  # fmt: skip
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            outside.close()
            mailbox.close()
