"""The relay against fake senders: leases, outcomes, backoff, consent at delivery."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlmodel import Session

from assistant.config import Settings
from assistant.customers.models import Consent, Device, Household
from assistant.notify.models import OutboxMessage
from assistant.notify.senders import Outcome, SendResult
from assistant.notify.service import enqueue
from tests.assistant.notify.conftest import DAY, NOON, FakeSender, grant, make_relay
from tests.clock import local
from tests.factories import make_device, make_household

pytestmark = pytest.mark.anyio


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session, email="zerty@example.org")
    for channel in ("push", "in_app", "email", "speaker"):
        grant(session, household, channel, "marketing")
    return household


def add(
    session: Session, settings: Settings, household: Household, **overrides: Any
) -> OutboxMessage:
    assert household.id is not None
    fields: dict[str, Any] = {
        "channel": "push",
        "purpose": "marketing",
        "kind": "offer",
        "title": "Promo",
        "body": "Le café est à -20 %.",
        "explanation": "Vous achetez ce café tous les 12 jours.",
        "now": NOON,
        "settings": settings,
        "transactional": True,
    }
    fields.update(overrides)
    message = enqueue(session=session, household_id=household.id, **fields)
    assert message is not None
    return message


def reload(session: Session, message: OutboxMessage) -> OutboxMessage:
    session.expire_all()
    fresh = session.get(OutboxMessage, message.id)
    assert fresh is not None
    return fresh


async def test_delivers_each_due_message_once_by_channel(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    push, in_app = FakeSender("push"), FakeSender("in_app")
    first = add(session, notify_settings, household)
    second = add(session, notify_settings, household, channel="in_app")
    relay = make_relay(session, notify_settings, push, in_app)
    stats = await relay.run_once(now=NOON)
    assert (stats.claimed, stats.sent) == (2, 2)
    assert (push.ids, in_app.ids) == ([first.id], [second.id])
    assert push.deliveries[0].idempotency_key == f"outbox-{first.id}"
    assert push.deliveries[0].explanation == "Vous achetez ce café tous les 12 jours."
    stored = reload(session, first)
    assert (stored.status, stored.sent_at, stored.lease_token) == ("sent", NOON, None)
    assert (await relay.run_once(now=NOON + dt.timedelta(hours=1))).claimed == 0


async def test_messages_without_a_sender_are_left_for_their_channel(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    speaker = add(session, notify_settings, household, channel="speaker")
    stats = await make_relay(session, notify_settings, FakeSender("push")).run_once(now=NOON)
    assert stats.claimed == 0
    assert reload(session, speaker).status == "pending"


async def test_delayed_messages_wait_for_their_time(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    later = NOON + dt.timedelta(hours=2)
    add(session, notify_settings, household, now=later)
    push = FakeSender("push")
    relay = make_relay(session, notify_settings, push)
    assert (await relay.run_once(now=NOON)).claimed == 0
    assert (await relay.run_once(now=later)).sent == 1


async def test_consent_withdrawn_before_delivery_suppresses(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = add(session, notify_settings, household)
    consent = session.get(Consent, _consent_id(session, household, "push"))
    assert consent is not None
    consent.granted = False
    session.add(consent)
    session.flush()
    push = FakeSender("push")
    stats = await make_relay(session, notify_settings, push).run_once(now=NOON)
    assert (stats.suppressed, push.deliveries) == (1, [])
    stored = reload(session, message)
    assert (stored.status, stored.last_error) == ("suppressed", "consent withdrawn before delivery")


def _consent_id(session: Session, household: Household, channel: str) -> int:
    from sqlmodel import select

    consent_id = session.exec(
        select(Consent.id).where(Consent.household_id == household.id, Consent.channel == channel)
    ).first()
    assert consent_id is not None
    return consent_id


async def test_retries_with_exponential_backoff_then_fails(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = add(session, notify_settings, household)
    script = [SendResult(Outcome.retry, error=f"UNAVAILABLE {n}") for n in range(3)]
    push = FakeSender("push", script)
    relay = make_relay(session, notify_settings, push, backoff_base=10.0, rng=random.Random(7))
    now, delays = NOON, []
    for _ in range(2):
        assert (await relay.run_once(now=now)).retried == 1
        stored = reload(session, message)
        assert stored.status == "pending" and stored.next_attempt_at is not None
        # Not due before its backoff has passed.
        assert (await relay.run_once(now=now + dt.timedelta(seconds=1))).claimed == 0
        delays.append((stored.next_attempt_at - now).total_seconds())
        now = stored.next_attempt_at
    assert 5.0 <= delays[0] <= 10.0 and 10.0 <= delays[1] <= 20.0
    assert (await relay.run_once(now=now)).failed == 1  # notify_max_attempts = 3
    stored = reload(session, message)
    assert (stored.status, stored.attempts, stored.last_error) == ("failed", 3, "UNAVAILABLE 2")
    assert len(push.deliveries) == 3


async def test_retry_after_is_respected(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = add(session, notify_settings, household)
    push = FakeSender("push", [SendResult(Outcome.retry, error="quota", retry_after=120.0)])
    await make_relay(session, notify_settings, push, backoff_base=1.0).run_once(now=NOON)
    assert reload(session, message).next_attempt_at == NOON + dt.timedelta(seconds=120)


async def test_permanent_failures_are_not_retried(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = add(session, notify_settings, household)
    push = FakeSender("push", [SendResult(Outcome.failed, error="no device with a push token")])
    assert (await make_relay(session, notify_settings, push).run_once(now=NOON)).failed == 1
    stored = reload(session, message)
    assert (stored.status, stored.last_error) == ("failed", "no device with a push token")


async def test_a_sender_crash_is_a_retry(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    class Broken(FakeSender):
        async def send(self, delivery: Any) -> SendResult:
            raise RuntimeError("boom")

    message = add(session, notify_settings, household)
    stats = await make_relay(session, notify_settings, Broken("push")).run_once(now=NOON)
    assert stats.retried == 1
    assert reload(session, message).last_error == "RuntimeError: boom"


async def test_an_expired_lease_is_claimed_again(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = add(session, notify_settings, household)
    push = FakeSender("push")
    dead = make_relay(session, notify_settings, push, lease_seconds=60)
    _token, ids = dead.claim(now=NOON)  # claimed, then the process "dies"
    assert ids == [message.id]
    live = make_relay(session, notify_settings, push, lease_seconds=60)
    assert (await live.run_once(now=NOON + dt.timedelta(seconds=30))).claimed == 0
    stats = await live.run_once(now=NOON + dt.timedelta(seconds=61))
    assert stats.sent == 1 and push.ids == [message.id]
    assert reload(session, message).attempts == 2


async def test_a_message_that_always_kills_its_relay_ends_failed(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = add(session, notify_settings, household)
    relay = make_relay(session, notify_settings, FakeSender("push"), lease_seconds=60)
    now = NOON
    for _ in range(notify_settings.notify_max_attempts):
        assert relay.claim(now=now)[1] == [message.id]
        now += dt.timedelta(seconds=61)
    assert relay.claim(now=now)[1] == []
    stored = reload(session, message)
    assert stored.status == "failed" and "stopped while delivering" in (stored.last_error or "")


async def test_push_targets_and_invalid_tokens(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    good, stale = make_device(session, household), make_device(session, household)
    tokens = {good.id: good.push_token, stale.id: stale.push_token}
    make_device(session, household, push_token=None)
    message = add(session, notify_settings, household)
    push = FakeSender(
        "push",
        [
            SendResult(
                Outcome.retry,
                error="UNAVAILABLE",
                delivered={str(good.id): "projects/p/messages/1"},
                invalid_devices=[stale.id or 0],
            )
        ],
    )
    relay = make_relay(session, notify_settings, push, backoff_base=1.0)
    await relay.run_once(now=NOON)
    assert dict(push.deliveries[0].push_tokens) == tokens
    session.expire_all()
    refreshed = session.get(Device, stale.id)
    assert refreshed is not None and refreshed.push_token is None
    stored = reload(session, message)
    assert stored.delivered == {str(good.id): "projects/p/messages/1"}
    # The retry goes only to the devices not yet served (the stale one is gone too).
    await relay.run_once(now=NOON + dt.timedelta(minutes=5))
    assert dict(push.deliveries[1].push_tokens) == {}


async def test_email_delivery_gets_address_and_unsubscribe_link(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    add(session, notify_settings, household, channel="email", kind="digest")
    email = FakeSender("email")
    await make_relay(session, notify_settings, email).run_once(now=NOON)
    delivery = email.deliveries[0]
    assert delivery.email == "zerty@example.org"
    assert delivery.unsubscribe_url is not None
    assert delivery.unsubscribe_url.startswith(
        f"{notify_settings.base_url}/notifications/unsubscribe/"
        f"{household.id}.{household.public_id}.email.marketing."
    )


async def test_a_late_relay_does_not_deliver_in_quiet_hours(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    evening = local(DAY, "21:00")
    message = add(session, notify_settings, household, transactional=False, now=evening)
    order = add(session, notify_settings, household, now=evening)  # transactional
    push = FakeSender("push")
    relay = make_relay(session, notify_settings, push)
    late = local(DAY, "23:00")
    stats = await relay.run_once(now=late)
    assert (stats.sent, stats.deferred) == (1, 1)
    assert push.ids == [order.id]
    stored = reload(session, message)
    morning = local(DAY + dt.timedelta(days=1), "07:00")
    assert (stored.status, stored.attempts, stored.next_attempt_at) == ("pending", 0, morning)
    assert (await relay.run_once(now=morning)).sent == 1


async def test_a_retry_of_a_proactive_message_skips_quiet_hours(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    just_before = local(DAY, "21:29")
    message = add(session, notify_settings, household, transactional=False, now=just_before)
    push = FakeSender("push", [SendResult(Outcome.retry, error="UNAVAILABLE")])
    await make_relay(session, notify_settings, push, backoff_base=120.0).run_once(now=just_before)
    stored = reload(session, message)
    assert stored.next_attempt_at == local(DAY + dt.timedelta(days=1), "07:00")
