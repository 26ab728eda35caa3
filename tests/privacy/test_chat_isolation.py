"""The conversation with household A never shows household B's data, on any channel.

The real dialogue and actions answer; the messages are button payloads ("/intent{entities}")
so no NLU model is needed. Some payloads try to smuggle B's ids in as entities or slots
(the household, a pending action on B's order): the answers must still be A's only, and B's
data must be left untouched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.channels.deps import get_session_factory
from api.deps import get_nlu
from assistant.auth.service import issue_customer_token
from assistant.config import Settings
from assistant.dialogue.service import handle_message
from assistant.loyalty.models import LoyaltyEntry
from tests.api.channels.fakes import FakeNLU
from tests.clock import NOW
from tests.privacy.test_isolation import _leaks, _snapshot
from tests.privacy.world import Owned, Shared

Payload = Callable[[Owned, Shared], str]


def _p(intent: str, entities: dict[str, Any] | None = None) -> str:
    return f"/{intent}" + (json.dumps(entities) if entities else "")


PAYLOADS: dict[str, Payload] = {
    "receipt_show": lambda b, w: _p("receipt_show"),
    "receipt_show_b_household": lambda b, w: _p("receipt_show", {"household_id": b.id}),
    "order_status": lambda b, w: _p("order_status"),
    "order_status_b_order": lambda b, w: _p("order_status", {"order_id": b.ids["orders"][1]}),
    "loyalty_balance_b_household": lambda b, w: _p("loyalty_balance", {"household_id": b.id}),
    "shopping_list_show": lambda b, w: _p("shopping_list_show"),
    "offers_show": lambda b, w: _p("offers_show"),
    "offer_clip": lambda b, w: _p("offer_clip"),
    "outing_suggest": lambda b, w: _p("outing_suggest"),
    "data_request": lambda b, w: _p("data_request"),
    "affirm_b_pending_order": lambda b, w: _p(
        "affirm",
        {
            "pending_action": "order_place",
            "pending_payload": {"order_id": b.ids["orders"][0], "slot_id": w.slot.id},
        },
    ),
}
# Every payload through the dialogue itself; the smuggling ones through each channel too.
SMUGGLING = ["loyalty_balance_b_household", "order_status_b_order", "receipt_show_b_household"]
CASES = [("dialogue", name) for name in sorted(PAYLOADS)] + [
    (channel, name) for channel in ("rest", "ws", "voice") for name in SMUGGLING
]


@pytest.fixture
def chat_app(app: FastAPI, session: Session) -> FastAPI:
    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        yield session
        session.flush()

    app.state.nlu = FakeNLU()
    app.dependency_overrides[get_nlu] = FakeNLU
    app.dependency_overrides[get_session_factory] = lambda: unit_of_work
    return app


@pytest.fixture
def chat_client(chat_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(chat_app, raise_server_exceptions=False) as client:
        yield client


def say(
    channel: str, text: str, *, client: TestClient, session: Session, token: str, a: Owned
) -> str:
    headers = {"Authorization": f"Bearer {token}"}
    if channel == "dialogue":
        turn = handle_message(
            session=session,
            nlu=FakeNLU(),
            sender_id=f"privacy:{a.id}",
            text=text,
            channel="app",
            household=a.household,
            lang="fr",
            now=NOW,
        )
        # The cards too: a leak in a card is a leak.
        said = [{"text": reply.text, "custom": reply.custom} for reply in turn.replies]
        return json.dumps(said, ensure_ascii=False)
    if channel == "rest":
        response = client.post(
            "/webhooks/rest/webhook", json={"sender": "s", "message": text}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.text
    if channel == "ws":
        with client.websocket_connect("/ws/chat") as ws:
            ws.send_json({"type": "auth", "id": 1, "token": token})
            assert ws.receive_json()["type"] == "auth_ok"
            ws.send_json({"type": "message", "id": 2, "text": text})
            frame = ws.receive_json()
            while frame.get("id") != 2:
                frame = ws.receive_json()
            assert frame["success"], frame
            return json.dumps(frame, ensure_ascii=False)
    user = {"userId": "amzn1.ask.account.X", "accessToken": token}
    request = {
        "type": "IntentRequest",
        "requestId": "r",
        "locale": "fr-FR",
        "intent": {
            "name": "AskCarchan",
            "confirmationStatus": "NONE",
            "slots": {"query": {"name": "query", "value": text}},
        },
    }
    body = {
        "version": "1.0",
        "session": {"new": True, "sessionId": "s", "user": user, "application": {}},
        "context": {"System": {"user": user}},
        "request": request,
    }
    response = client.post("/voice/alexa", json=body)
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.parametrize(("channel", "name"), CASES)
def test_the_chat_never_shows_the_other_household(
    chat_client: TestClient,
    session: Session,
    settings: Settings,
    world: Shared,
    alpha: Owned,
    bravo: Owned,
    channel: str,
    name: str,
) -> None:
    # B's balance differs from A's (12) so that a leaked figure would show.
    session.add(
        LoyaltyEntry(
            household_id=bravo.id,
            points=977,
            kind="earn",
            reason="x",
            idempotency_key=f"bonus-{bravo.id}",
        )
    )
    session.commit()
    before = _snapshot(session, bravo)
    token = issue_customer_token(settings=settings, household=alpha.household, now=NOW)
    text = PAYLOADS[name](bravo, world)
    answer = say(channel, text, client=chat_client, session=session, token=token, a=alpha)
    assert not _leaks(answer, bravo), answer
    # B's balance (977 + 12) as a number of its own: "Carchan 2989", a store, is not a leak.
    assert not re.search(r"(?<!\d)(989|977)(?!\d)", answer), answer
    assert f"n° {bravo.ids['orders'][1]} " not in answer, answer
    assert _snapshot(session, bravo) == before, "B's data changed"


def test_the_receipt_answer_is_the_household_s_own(
    session: Session, alpha: Owned, bravo: Owned
) -> None:
    """The control: the same payload does show A's receipt (the checks above can fail)."""
    turn = handle_message(
        session=session,
        nlu=FakeNLU(),
        sender_id=f"privacy:{alpha.id}",
        text="/receipt_show",
        channel="app",
        household=alpha.household,
        lang="fr",
        now=NOW,
    )
    said = json.dumps([[reply.text, reply.custom] for reply in turn.replies], ensure_ascii=False)
    assert "ZQXALPHA" in said  # A's receipt, on its card (lines by catalogue name or till label)


def test_another_household_s_conversation_is_refused(
    session: Session, alpha: Owned, bravo: Owned
) -> None:
    from assistant.errors import Forbidden

    with pytest.raises(Forbidden) as refused:
        handle_message(
            session=session,
            nlu=FakeNLU(),
            sender_id=f"rest:{bravo.id}:{bravo.marker}",
            text="/receipt_show",
            channel="rest",
            household=alpha.household,
            lang="fr",
            now=NOW,
        )
    assert refused.value.code == "conversation_household_mismatch"
