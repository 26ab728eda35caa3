"""The conversation suite with the actions behind a real rasa-sdk action server.

The dialogue calls `python -m rasa_sdk --actions actions` over the webhook protocol Rasa's
own dialogue manager speaks (`ACTIONS_URL`); each action call is the server's unit of work on
the same database, each turn the dialogue's. The conversations share one database here: each
starts with the household's bookings cancelled (through the service, so seats come back) and
checks what it changed, not what the list holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.db import make_engine, migrate
from assistant.dialogue.domain import default_domain
from assistant.dialogue.executor import ActionServerUnavailable, RemoteActionRunner
from assistant.dialogue.service import confidence_policy, converse
from assistant.outings.bookings import ACTIVE, cancel_booking, list_bookings
from tests.assistant.dialogue.suite import CONVERSATIONS, NOW, Outcome, check_turn, seed
from tests.clock import write_test_clock
from tests.live import BACKENDS, bound_socket, scratch_database
from tests.nlu.engines.trained import trained_engine
from tests.nlu.rasa.stack import action_server


@dataclass
class ActionServer:
    url: str
    engine: Engine


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ActionServer]:
    work = tmp_path_factory.mktemp("remote-actions")
    with scratch_database(request.param, work, "remote_actions") as url:
        migrate(url)
        engine = make_engine(url, sqlite_explicit_begin=True)
        with Session(engine) as session:
            seed(session)
            session.commit()
        env = {"DATABASE_URL": url, "CLOCK_FILE": str(write_test_clock(work / "clock", NOW))}
        try:
            with action_server(log_file=work / "actions.log", env=env) as base:
                yield ActionServer(url=base, engine=engine)
        finally:
            engine.dispose()


def _zerty(session: Session) -> Household:
    return session.exec(select(Household).where(Household.slug == "zerty")).one()


def _cancel_bookings(session: Session, household: Household) -> None:
    assert household.id is not None
    for booking in list_bookings(session=session, household_id=household.id, statuses=ACTIVE):
        assert booking.id is not None
        cancel_booking(session=session, household_id=household.id, booking_id=booking.id, now=NOW)


def test_the_runner_lists_the_servers_actions(server: ActionServer) -> None:
    runner = RemoteActionRunner(server.url)

    assert runner.knows("action_shopping_list_add") and runner.knows("validate_booking_form")
    assert not runner.knows("action_that_does_not_exist")


def test_an_unreachable_action_server_is_a_clear_error() -> None:
    with bound_socket() as sock:
        port = sock.getsockname()[1]  # bound, never listening: refused
    runner = RemoteActionRunner(f"http://127.0.0.1:{port}", timeout=2)

    with pytest.raises(ActionServerUnavailable) as raised:
        runner.knows("action_confirm")
    assert raised.value.code == "actions_unavailable"


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=lambda c: str(c["name"]))
def test_conversation_through_the_action_server(
    server: ActionServer, conversation: dict[str, Any]
) -> None:
    runner = RemoteActionRunner(server.url, timeout=60)
    with Session(server.engine) as session:
        _cancel_bookings(session, _zerty(session))
        session.commit()
        outcome = Outcome(session, _zerty(session))
    sender = f"remote-{conversation['name']}"
    for number, turn in enumerate(conversation["turns"], start=1):
        # One unit of work per turn, as a channel runs it.
        with Session(server.engine) as session:
            said = converse(
                session=session, nlu=trained_engine(), sender_id=sender, text=turn["say"],
                channel="app", household=_zerty(session), now=NOW, domain=default_domain(),
                runner=runner, confidence=confidence_policy(),
            )  # fmt: skip
            session.commit()
        check_turn(turn, said, number)
    with Session(server.engine) as session:
        outcome.check(conversation, session, _zerty(session))
