"""Dependencies shared by the channels: the dialogue, units of work outside a request, NLU.

Channels run the dialogue in a worker thread (it is synchronous and reads the database), and
the WebSocket and the speaker need sessions that outlive or escape the request's own: a
socket lives for minutes, and a speaker turn may be abandoned at the platform's deadline
while its thread finishes and commits on its own.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Protocol

from fastapi import Depends
from sqlmodel import Session
from starlette.requests import HTTPConnection

from assistant.customers.models import Household
from assistant.db import session_scope
from assistant.dialogue.types import Turn
from nlu.parse import NLUEngine


class DialogueHandler(Protocol):
    """The signature of `assistant.dialogue.service.handle_message`."""

    def __call__(
        self,
        *,
        session: Session,
        nlu: NLUEngine,
        sender_id: str,
        text: str,
        channel: str,
        household: Household | None,
        lang: str | None = None,
        now: dt.datetime,
    ) -> Turn: ...


def get_dialogue() -> DialogueHandler:
    """The real dialogue; tests override this dependency with a fake of the same signature."""
    # Imported on use: the dialogue loads the domain and the actions, which the rest of the
    # API does not need at import time.
    service = importlib.import_module("assistant.dialogue.service")
    handler: DialogueHandler = service.handle_message
    return handler


DialogueDep = Annotated[DialogueHandler, Depends(get_dialogue)]

SessionFactory = Callable[[], AbstractContextManager[Session]]


def get_session_factory(connection: HTTPConnection) -> SessionFactory:
    """Units of work of their own (commit on success), on the app's engine."""
    engine = connection.app.state.engine
    return lambda: session_scope(engine)


SessionFactoryDep = Annotated[SessionFactory, Depends(get_session_factory)]
