"""The real app (conftest `app`: request sessions are the test's, rolled back) with the real
dialogue and the spaCy NLU trained once per test session; the WebSocket's units of work are
the test's session too, so every backend sees one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.channels.deps import get_session_factory
from api.deps import get_nlu
from assistant.config import Settings
from assistant.customers.models import Household
from tests.factories import customer_headers, make_household
from tests.nlu.engines.trained import trained_engine


@pytest.fixture
def chat_app(app: FastAPI, session: Session) -> FastAPI:
    @contextmanager
    def test_unit_of_work() -> Iterator[Session]:
        yield session
        session.flush()

    engine = trained_engine()
    app.state.nlu = engine
    app.dependency_overrides[get_nlu] = lambda: engine
    app.dependency_overrides[get_session_factory] = lambda: test_unit_of_work
    return app


@pytest.fixture
def chat_client(chat_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(chat_app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session)
    session.commit()
    return household


@pytest.fixture
def headers(settings: Settings, household: Household) -> dict[str, str]:
    return customer_headers(settings, household)
