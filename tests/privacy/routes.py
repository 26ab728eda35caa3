"""The app's routes, read from the app itself: who may call each (customer token, API key
scopes). The isolation and scope tests enumerate these, so a new route cannot be forgotten."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, APIWebSocketRoute
from starlette.routing import BaseRoute

from api.channels import voice
from api.deps import get_current_customer
from api.routers.catalog import customer_or_catalog_key

CUSTOMER_DEPENDENCIES: tuple[Callable[..., Any], ...] = (
    get_current_customer,
    customer_or_catalog_key,
)
# Channels that read the customer token themselves rather than through a dependency.
TOKEN_IN_BODY = {("POST", "/voice/alexa"): voice.alexa}


@dataclass(frozen=True)
class RouteInfo:
    method: str  # "WS" for a WebSocket
    path: str
    customer: bool  # reached with a customer token
    scopes: frozenset[str]  # API key scopes required (empty: no key)


def _routes(app: FastAPI) -> Iterator[tuple[BaseRoute, str]]:
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before routers became lazily included
        for route in app.routes:
            yield route, getattr(route, "path", "")
        return
    for context in iter_route_contexts(app.routes):
        path = context.path or getattr(context.original_route, "path", "")
        yield context.original_route, str(path)


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _scopes(call: Callable[..., Any]) -> frozenset[str]:
    if getattr(call, "__qualname__", "") != "require_scopes.<locals>.dependency":
        return frozenset()
    return frozenset(inspect.getclosurevars(call).nonlocals["scopes"])


def route_infos(app: FastAPI) -> list[RouteInfo]:
    infos = []
    for route, path in _routes(app):
        if isinstance(route, APIWebSocketRoute):
            infos.append(RouteInfo("WS", path, True, frozenset()))
            continue
        if not isinstance(route, APIRoute):
            continue
        calls = list(_calls(route.dependant))
        scopes = frozenset().union(*(_scopes(c) for c in calls))
        if customer_or_catalog_key in calls:  # a token, or a key with this scope
            scopes |= {"catalog:read"}
        for method in sorted(route.methods or ()):
            customer = any(c in CUSTOMER_DEPENDENCIES for c in calls) or (
                TOKEN_IN_BODY.get((method, path)) is route.endpoint
            )
            infos.append(RouteInfo(method, path, customer, scopes))
    return infos
