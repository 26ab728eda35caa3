"""`enqueue`: consent, deduplication, quiet hours, daily caps; all in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session, select

from assistant.config import Settings
from assistant.customers.models import Household
from assistant.errors import Unprocessable
from assistant.notify.models import OutboxMessage
from assistant.notify.service import enqueue
from tests.assistant.notify.conftest import DAY, NOON, grant
from tests.clock import local
from tests.factories import make_household

EVENING = local(DAY, "22:00")
NEXT_MORNING = local(DAY + dt.timedelta(days=1), "07:00")


def send(
    session: Session, settings: Settings, household: Household, **overrides: Any
) -> OutboxMessage | None:
    assert household.id is not None
    fields: dict[str, Any] = {
        "channel": "push",
        "purpose": "marketing",
        "kind": "store_entry_offer",
        "title": "-20 % sur le café",
        "body": "Votre café habituel est en promotion.",
        "explanation": "Vous achetez ce café tous les 12 jours.",
        "now": NOON,
        "settings": settings,
    }
    fields.update(overrides)
    return enqueue(session=session, household_id=household.id, **fields)


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session)
    grant(session, household, "push", "marketing")
    grant(session, household, "push", "service")
    return household


def test_enqueue_writes_a_due_row_without_committing(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = send(session, notify_settings, household, payload={"coupon": "C1"})
    assert message is not None and message.id is not None
    stored = session.get(OutboxMessage, message.id)
    assert stored is not None
    assert (stored.status, stored.next_attempt_at, stored.payload) == (
        "pending",
        NOON,
        {"coupon": "C1"},
    )
    assert stored.explanation == "Vous achetez ce café tous les 12 jours."
    # Nothing committed: the caller's rollback takes the message with it.
    assert session.in_transaction()


def test_no_consent_writes_nothing(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    assert send(session, notify_settings, household, channel="email") is None
    assert send(session, notify_settings, household, purpose="location") is None
    assert (
        session.exec(select(OutboxMessage).where(OutboxMessage.household_id == household.id)).all()
        == []
    )


def test_withdrawn_consent_writes_nothing(session: Session, notify_settings: Settings) -> None:
    household = make_household(session)
    consent = grant(session, household, "push", "marketing")
    consent.granted = False
    session.add(consent)
    session.flush()
    assert send(session, notify_settings, household) is None


def test_dedup_key_is_written_once(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    first = send(session, notify_settings, household, dedup_key="offer:1:2026-11-24")
    second = send(session, notify_settings, household, dedup_key="offer:1:2026-11-24")
    assert first is not None and second is None
    rows = session.exec(
        select(OutboxMessage).where(OutboxMessage.dedup_key == "offer:1:2026-11-24")
    ).all()
    assert len(rows) == 1


def test_quiet_hours_delay_proactive_messages(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = send(session, notify_settings, household, now=EVENING)
    assert message is not None
    assert message.next_attempt_at == NEXT_MORNING
    assert message.status == "pending"  # delayed, never dropped


def test_quiet_hours_follow_the_household_timezone(
    session: Session, notify_settings: Settings
) -> None:
    household = make_household(session, timezone="America/New_York")  # 16:00 there
    grant(session, household, "push", "marketing")
    message = send(session, notify_settings, household, now=EVENING)
    assert message is not None and message.next_attempt_at == EVENING


def test_transactional_messages_are_not_delayed(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    message = send(
        session,
        notify_settings,
        household,
        purpose="service",
        kind="order_ready",
        transactional=True,
        now=EVENING,
    )
    assert message is not None and message.next_attempt_at == EVENING


def test_daily_cap_counts_proactive_messages_per_local_day(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    written = [send(session, notify_settings, household) for _ in range(4)]
    assert [m is not None for m in written] == [True, True, True, False]
    # Transactional messages neither count nor are capped.
    order_ready = send(session, notify_settings, household, purpose="service", transactional=True)
    assert order_ready is not None
    # Enqueued in the evening, it is delivered (and counted) tomorrow: a fresh day.
    tomorrow = send(session, notify_settings, household, now=EVENING)
    assert tomorrow is not None and tomorrow.scheduled_for == NEXT_MORNING


def test_the_cap_is_per_household(session: Session, notify_settings: Settings) -> None:
    capped = notify_settings.model_copy(update={"notify_daily_cap": 1})
    first, second = make_household(session), make_household(session)
    for household in (first, second):
        grant(session, household, "push", "marketing")
    assert send(session, capped, first) is not None
    assert send(session, capped, first) is None
    assert send(session, capped, second) is not None


def test_suppressed_and_failed_messages_do_not_count(
    session: Session, notify_settings: Settings, household: Household
) -> None:
    capped = notify_settings.model_copy(update={"notify_daily_cap": 1})
    message = send(session, capped, household)
    assert message is not None
    message.status = "suppressed"
    session.add(message)
    session.flush()
    assert send(session, capped, household) is not None


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("explanation", "  ", "explanation_required"),
        ("channel", "pigeon", "unknown_channel"),
        ("purpose", "resale", "unknown_purpose"),
    ],
)
def test_invalid_messages_are_refused(
    session: Session,
    notify_settings: Settings,
    household: Household,
    field: str,
    value: str,
    code: str,
) -> None:
    with pytest.raises(Unprocessable) as refused:
        send(session, notify_settings, household, **{field: value})
    assert refused.value.code == code


def test_a_dedup_key_written_meanwhile_is_not_an_error(
    session: Session,
    notify_settings: Settings,
    household: Household,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another writer inserts the same key between our check and our insert."""
    from assistant.notify import service

    first = send(session, notify_settings, household, dedup_key="digest:2026-11-24")
    assert first is not None
    monkeypatch.setattr(service, "_duplicate", lambda **_: False)
    assert send(session, notify_settings, household, dedup_key="digest:2026-11-24") is None
    # The caller's transaction is intact: it can go on writing.
    assert send(session, notify_settings, household, dedup_key="digest:2026-11-25") is not None
