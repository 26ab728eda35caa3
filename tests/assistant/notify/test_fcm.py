"""Contract test: firebase-admin talks to a fake FCM server on 127.0.0.1.

A throwaway service account (fresh RSA key) whose token_uri is the fake's /token, and
settings.fcm_endpoint pointing the FCM v1 send URL at the fake.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlmodel import Session

from assistant.config import Settings
from assistant.customers.models import Device, Household
from assistant.notify.fcm import FcmSender
from assistant.notify.models import OutboxMessage
from assistant.notify.runtime import build_senders
from assistant.notify.service import enqueue
from tests.assistant.notify.conftest import NOON, grant, make_relay
from tests.assistant.notify.fake_fcm import FakeFcm, FakeFcmServer
from tests.factories import make_device, make_household

pytestmark = pytest.mark.anyio
PROJECT = "carchan-test"
EXPLANATION = "Vous êtes entré dans votre magasin Carchan de Lyon."


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def fcm(rsa_key: rsa.RSAPrivateKey) -> Iterator[FakeFcm]:
    public = rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with FakeFcmServer(FakeFcm(public_key_pem=public, project_id=PROJECT)) as fake:
        yield fake


@pytest.fixture
def fcm_settings(
    notify_settings: Settings, fcm: FakeFcm, rsa_key: rsa.RSAPrivateKey, tmp_path: Path
) -> Settings:
    pem = rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    account = {
        "type": "service_account",
        "project_id": PROJECT,
        "private_key_id": "throwaway",
        "private_key": pem,
        "client_email": f"fcm@{PROJECT}.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": f"{fcm.base_url}/token",
    }
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps(account))
    return notify_settings.model_copy(
        update={"fcm_credentials_file": path, "fcm_endpoint": fcm.base_url}
    )


@pytest.fixture
async def sender(fcm_settings: Settings) -> AsyncIterator[FcmSender]:
    (sender,) = build_senders(fcm_settings)
    assert isinstance(sender, FcmSender)
    yield sender
    await sender.aclose()


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session)
    grant(session, household, "push", "marketing")
    return household


def push(session: Session, settings: Settings, household: Household, **extra: Any) -> OutboxMessage:
    assert household.id is not None
    message = enqueue(
        session=session,
        household_id=household.id,
        channel="push",
        purpose="marketing",
        kind="store_entry_offer",
        title="Bienvenue chez Carchan",
        body="Votre café habituel est à -20 % aujourd'hui.",
        explanation=EXPLANATION,
        payload={"coupon_id": 42, "store": "lyon"},
        now=NOON,
        settings=settings,
        **extra,
    )
    assert message is not None
    return message


def reload(session: Session, model: Any, row_id: int | None) -> Any:
    session.expire_all()
    return session.get(model, row_id)


async def test_the_send_url_points_at_the_fake(sender: FcmSender, fcm: FakeFcm) -> None:
    assert sender.url == f"{fcm.base_url}/v1/projects/{PROJECT}/messages:send"


async def test_success_sends_the_right_message(
    session: Session, fcm_settings: Settings, sender: FcmSender, fcm: FakeFcm, household: Household
) -> None:
    device = make_device(session, household, push_token="token-ok")
    message = push(session, fcm_settings, household)
    stats = await make_relay(session, fcm_settings, sender).run_once(now=NOON)
    assert stats.sent == 1, reload(session, OutboxMessage, message.id).last_error
    assert fcm.token_requests == 1
    assert fcm.sends == [
        {
            "message": {
                "token": "token-ok",
                "notification": {
                    "title": "Bienvenue chez Carchan",
                    "body": "Votre café habituel est à -20 % aujourd'hui.",
                },
                "data": {
                    "coupon_id": "42",
                    "store": "lyon",
                    "notification_id": str(message.id),
                    "idempotency_key": f"outbox-{message.id}",
                    "kind": "store_entry_offer",
                    "explanation": EXPLANATION,
                },
            }
        }
    ]
    stored = reload(session, OutboxMessage, message.id)
    assert stored.status == "sent"
    assert stored.delivered == {str(device.id): f"projects/{PROJECT}/messages/1"}


@pytest.mark.parametrize(("status", "code"), [(404, "UNREGISTERED"), (400, "INVALID_ARGUMENT")])
async def test_a_dead_token_is_removed(
    session: Session,
    fcm_settings: Settings,
    sender: FcmSender,
    fcm: FakeFcm,
    household: Household,
    status: int,
    code: str,
) -> None:
    dead = make_device(session, household, push_token="token-dead")
    alive = make_device(session, household, push_token="token-alive")
    fcm.always["token-dead"] = (status, code)
    message = push(session, fcm_settings, household)
    stats = await make_relay(session, fcm_settings, sender).run_once(now=NOON)
    assert stats.sent == 1
    assert reload(session, Device, dead.id).push_token is None
    assert reload(session, Device, alive.id).push_token == "token-alive"
    stored = reload(session, OutboxMessage, message.id)
    assert code in (stored.last_error or "")
    # Only dead tokens: nothing to send to, the message fails for good.
    only_dead = make_household(session)
    grant(session, only_dead, "push", "marketing")
    lone = make_device(session, only_dead, push_token="token-dead-2")
    fcm.always["token-dead-2"] = (status, code)
    lost = push(session, fcm_settings, only_dead)
    assert (await make_relay(session, fcm_settings, sender).run_once(now=NOON)).failed == 1
    assert reload(session, Device, lone.id).push_token is None
    assert reload(session, OutboxMessage, lost.id).status == "failed"


async def test_quota_exceeded_is_retried_with_backoff(
    session: Session, fcm_settings: Settings, sender: FcmSender, fcm: FakeFcm, household: Household
) -> None:
    make_device(session, household, push_token="token-busy")
    fcm.script["token-busy"] = [(429, "QUOTA_EXCEEDED")]
    message = push(session, fcm_settings, household)
    relay = make_relay(session, fcm_settings, sender)
    assert (await relay.run_once(now=NOON)).retried == 1
    stored = reload(session, OutboxMessage, message.id)
    assert stored.status == "pending" and "RESOURCE_EXHAUSTED" in stored.last_error
    # FCM's Retry-After (30 s) outweighs the first backoff (1 to 2 s).
    assert stored.next_attempt_at == NOON + dt.timedelta(seconds=30)
    assert (await relay.run_once(now=NOON + dt.timedelta(seconds=29))).claimed == 0
    assert (await relay.run_once(now=stored.next_attempt_at)).sent == 1
    assert len(fcm.sends_to("token-busy")) == 2
    assert reload(session, OutboxMessage, message.id).status == "sent"


async def test_unavailable_fails_after_max_attempts(
    session: Session, fcm_settings: Settings, sender: FcmSender, fcm: FakeFcm, household: Household
) -> None:
    make_device(session, household, push_token="token-down")
    fcm.always["token-down"] = (503, "UNAVAILABLE")
    message = push(session, fcm_settings, household)
    relay = make_relay(session, fcm_settings, sender, backoff_base=4.0)
    now, delays = NOON, []
    while (stats := await relay.run_once(now=now)).claimed:
        stored = reload(session, OutboxMessage, message.id)
        if stats.retried:
            delays.append((stored.next_attempt_at - now).total_seconds())
            now = stored.next_attempt_at
    assert stored.status == "failed" and stored.attempts == fcm_settings.notify_max_attempts
    assert "UNAVAILABLE" in (stored.last_error or "")
    # One request per attempt (the SDK's own retries are off), with growing delays.
    assert len(fcm.sends_to("token-down")) == fcm_settings.notify_max_attempts
    assert 2.0 <= delays[0] <= 4.0 and 4.0 <= delays[1] <= 8.0
