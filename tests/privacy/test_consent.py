"""A withdrawn consent takes effect at once: queued messages dropped, location data deleted."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from actions.privacy import NotificationsStop
from assistant.config import Settings
from assistant.notify.models import OutboxMessage
from assistant.notify.unsubscribe import unsubscribe_token
from assistant.privacy.consent import WITHDRAWN
from assistant.privacy.inventory import table
from tests.actions.conftest import make_tracker, run_action
from tests.assistant.notify.conftest import FakeSender, make_relay
from tests.clock import NOW
from tests.factories import customer_headers
from tests.privacy.world import CONSENTS, Owned, counts


def statuses(session: Session, owned: Owned) -> dict[tuple[str, str, str], str]:
    outbox = table("outbox")
    rows = session.execute(
        sa.select(outbox.c.channel, outbox.c.purpose, outbox.c.kind, outbox.c.status).where(
            outbox.c.id.in_(owned.ids["outbox"])
        )
    ).all()
    return {(c, p, k): s for c, p, k, s in rows}


def add_pending(session: Session, owned: Owned, channel: str, purpose: str) -> None:
    message = OutboxMessage(
        household_id=owned.id,
        channel=channel,
        purpose=purpose,
        kind="queued",
        title="t",
        body="b",
        explanation="e",
        status="pending",
        next_attempt_at=NOW,
    )
    session.add(message)
    session.commit()
    owned.ids["outbox"].append(message.id)  # type: ignore[arg-type]


def test_withdrawing_push_marketing_drops_the_queued_push_at_once(
    client: TestClient, session: Session, settings: Settings, alpha: Owned, bravo: Owned
) -> None:
    bravo_before = statuses(session, bravo)
    response = client.put(
        "/me/consents",
        json=[{"channel": "push", "purpose": "marketing", "granted": False}],
        headers=customer_headers(settings, alpha.household),
    )
    assert response.status_code == 200, response.text
    assert statuses(session, alpha) == {
        ("in_app", "marketing", "digest"): "sent",  # already delivered: history, untouched
        ("push", "marketing", "store_entry_offer"): "suppressed",
        ("push", "service", "order_ready"): "pending",  # another purpose: still goes
    }
    outbox = table("outbox")
    reason = session.execute(
        sa.select(outbox.c.last_error).where(
            outbox.c.id.in_(alpha.ids["outbox"]), outbox.c.status == "suppressed"
        )
    ).scalar_one()
    assert reason == WITHDRAWN
    assert statuses(session, bravo) == bravo_before
    push = FakeSender("push")
    asyncio.run(make_relay(session, settings, push).run_once(now=NOW))
    delivered = {d.kind for d in push.deliveries if d.household_id == alpha.id}
    assert delivered == {"order_ready"}


def test_the_unsubscribe_link_drops_queued_emails(
    client: TestClient, session: Session, settings: Settings, alpha: Owned
) -> None:
    add_pending(session, alpha, "email", "marketing")
    token = unsubscribe_token(
        settings=settings, household_id=alpha.id, public_id=alpha.household.public_id or "",
        channel="email", purpose="marketing",
    )  # fmt: skip
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200
    assert statuses(session, alpha)[("email", "marketing", "queued")] == "suppressed"


def test_stop_in_the_chat_drops_every_queued_marketing_message(
    session: Session, alpha: Owned
) -> None:
    add_pending(session, alpha, "email", "marketing")
    add_pending(session, alpha, "in_app", "marketing")
    tracker = make_tracker(alpha.id, intent="notifications_stop")
    run_action(session, NotificationsStop(), tracker, now=NOW)
    assert statuses(session, alpha) == {
        ("in_app", "marketing", "digest"): "sent",
        ("push", "marketing", "store_entry_offer"): "suppressed",
        ("email", "marketing", "queued"): "suppressed",
        ("in_app", "marketing", "queued"): "suppressed",
        ("push", "service", "order_ready"): "pending",
    }


def location_rows(session: Session, owned: Owned) -> tuple[int, int, int]:
    now = counts(session, owned)
    return now["location_pings"], now["presence_states"], now["visits"]


@pytest.mark.parametrize(
    ("withdrawn", "expected"),
    [
        # Location consent is granted on every channel: pings go only when none is left.
        ([c for c, p in CONSENTS if p == "location"], (0, 0, 1)),
        (["push"], (1, 1, 1)),
    ],
)
def test_withdrawing_the_location_consent_deletes_stored_pings_at_once(
    client: TestClient,
    session: Session,
    settings: Settings,
    alpha: Owned,
    bravo: Owned,
    withdrawn: list[str],
    expected: tuple[int, int, int],
) -> None:
    bravo_before = location_rows(session, bravo)
    response = client.put(
        "/me/consents",
        json=[{"channel": c, "purpose": "location", "granted": False} for c in withdrawn],
        headers=customer_headers(settings, alpha.household),
    )
    assert response.status_code == 200, response.text
    assert location_rows(session, alpha) == expected  # visits (store history) are kept
    assert location_rows(session, bravo) == bravo_before
