"""Every sync endpoint that takes the request's session commits it in its own thread
(api/routing.py), so that no commit waits for a worker thread held by a request waiting for
that commit's locks."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute

from api.main import create_app
from api.routing import _session_parameters
from assistant.config import Settings


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router
            yield from _api_routes(route.original_router.routes)


def test_every_sync_endpoint_with_a_session_commits_in_its_thread() -> None:
    app = create_app(Settings(assistant_env="test", database_url="sqlite://"))
    checked, missing = 0, []
    for route in _api_routes(app.routes):
        original = inspect.unwrap(route.endpoint)
        if inspect.iscoroutinefunction(original) or not _session_parameters(original):
            continue
        checked += 1
        if not getattr(route.endpoint, "__committing__", False):
            missing.append(f"{sorted(route.methods)} {route.path}")
    assert missing == []
    assert checked > 40  # the scan saw the API's routes
