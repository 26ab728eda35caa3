"""FastAPI dependencies: settings, one session per request, and who is calling."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from fastapi.requests import HTTPConnection
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine
from sqlmodel import Session

from assistant.auth.service import (
    ApiKeyIdentity,
    authenticate_api_key,
    authenticate_customer,
)
from assistant.clock import Clock
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.errors import Forbidden, Unauthorized
from nlu.parse import NLUEngine


def get_settings_dep(connection: HTTPConnection) -> Settings:
    """The app's settings; an `HTTPConnection` so that WebSocket handlers can use it too."""
    settings: Settings = connection.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_clock(connection: HTTPConnection) -> Clock:
    """The app's clock: the wall clock in production, a simulated or frozen one in demos and
    tests. Read once per request (`NowDep`) and passed down; services never read it."""
    clock: Clock = connection.app.state.clock
    return clock


ClockDep = Annotated[Clock, Depends(get_clock)]


def get_now(connection: HTTPConnection) -> dt.datetime:
    """ "Now" for this request: one reading, shared by every dependency of the request."""
    return get_clock(connection).now()


NowDep = Annotated[dt.datetime, Depends(get_now)]


def get_engine_dep(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


# The request's commit and rollback run on threads of their own, never on the server's pool
# of request threads: a transaction holding SQLite's write lock (or PostgreSQL row locks) must
# always be able to finish, even when every request thread is waiting for that lock. Taking a
# request thread for the commit let 50 concurrent writers stall SQLite until its busy timeout.
_ENDINGS = anyio.CapacityLimiter(16)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work: committed when the handler returns without error."""
    session = Session(get_engine_dep(request), expire_on_commit=False)
    try:
        yield session
        await anyio.to_thread.run_sync(session.commit, limiter=_ENDINGS)
    except BaseException:
        # Shielded: a client gone mid-request must not leave the connection checked out.
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(session.rollback, limiter=_ENDINGS)
        raise
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(session.close, limiter=_ENDINGS)


# "function": the commit runs before the response is sent, so a commit that fails (database
# gone) is the client's error response, never a 201 for data that was not stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_nlu(connection: HTTPConnection) -> NLUEngine:
    """The app's NLU engine, built on first use (training the embedded one if needed).

    Takes an `HTTPConnection` so WebSocket handlers can use it too. Building may train the
    engine: callers on the event loop run it in a worker thread.
    """
    state = connection.app.state
    engine: NLUEngine | None = getattr(state, "nlu", None)
    if engine is None:
        from nlu.engines import build_engine

        engine = build_engine(state.settings)
        state.nlu = engine
    return engine


NLUDep = Annotated[NLUEngine, Depends(get_nlu)]

bearer_scheme = HTTPBearer(auto_error=False, description="Customer token (JWT)")
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="Till or partner key")


def get_current_customer(
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Household:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("a customer bearer token is required")
    return authenticate_customer(
        session=session, settings=settings, token=credentials.credentials, now=now
    )


CurrentCustomer = Annotated[Household, Depends(get_current_customer)]


def require_scopes(*scopes: str) -> Callable[..., ApiKeyIdentity]:
    """A dependency that admits an API key holding every scope named."""

    def dependency(
        session: SessionDep, now: NowDep, raw_key: Annotated[str | None, Depends(api_key_scheme)]
    ) -> ApiKeyIdentity:
        if not raw_key:
            raise Unauthorized("an API key is required (X-API-Key header)", code="api_key_required")
        identity = authenticate_api_key(session=session, raw_key=raw_key, now=now)
        missing = sorted(set(scopes) - identity.scopes)
        if missing:
            raise Forbidden(
                "the API key lacks a required scope",
                code="insufficient_scope",
                details={"missing": missing},
            )
        return identity

    return dependency
