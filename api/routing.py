"""Routes whose unit of work ends in the thread that did the work.

FastAPI runs a sync endpoint in a worker thread, then validates its response in another one,
and only after that closes the dependencies (our commit). A request holding SQLite's write
lock (or PostgreSQL row locks) then needed a second worker thread to commit, while every
worker thread could be waiting for that very lock: 50 phones sending pings at once stalled a
SQLite server until its busy timeout. Here a sync endpoint that takes the request's session
commits it at the end of its own call, in its own thread; the dependency's teardown only
rolls back after an error and closes.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, params
from fastapi.routing import APIRoute

from api.deps import get_session


def _session_parameters(endpoint: Callable[..., Any]) -> list[str]:
    hints = typing.get_type_hints(endpoint, include_extras=True)
    names = []
    for name, hint in hints.items():
        for meta in getattr(hint, "__metadata__", ()):
            if isinstance(meta, params.Depends) and meta.dependency is get_session:
                names.append(name)
    return names


def committing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint`, committing its session(s) before it returns (sync endpoints only)."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint
    names = _session_parameters(endpoint)
    if not names:
        return endpoint

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        for name in names:
            kwargs[name].commit()
        return result

    run.__committing__ = True  # type: ignore[attr-defined]
    return run


class UnitOfWorkRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, committing(endpoint), **kwargs)


def unit_of_work_router(**kwargs: Any) -> APIRouter:
    """An `APIRouter` of `UnitOfWorkRoute`s: every router of this API is one."""
    return APIRouter(route_class=UnitOfWorkRoute, **kwargs)
