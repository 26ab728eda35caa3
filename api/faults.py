"""The database is away (restarting, failing over, unreachable): 503 `database_unavailable`.

A lost connection is not a bug of the request: answering 500 `internal_error` would tell the
till or the app to give up, where retrying the same request (receipts and orders are
idempotent) after `Retry-After` is exactly right. The engine's `pool_pre_ping` replaces the
dead pooled connections once the server is back, so the service recovers without a restart.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.errors import error_response

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 2
# OperationalError: refused, reset, timed out, server shutting down, SQLite locked too long;
# InterfaceError: a connection the driver already knows is closed; TimeoutError: no pooled
# connection came free in `pool_timeout` (every one stuck on an unreachable server).
UNAVAILABLE: tuple[type[Exception], ...] = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.TimeoutError,
)


async def _database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    log.warning(
        "database unavailable: %s: %s", type(exc).__name__, (str(exc).splitlines() or [""])[0]
    )
    return error_response(
        503,
        "database_unavailable",
        "the database is unavailable; retry the same request later",
        details={"retry_after_seconds": RETRY_AFTER_SECONDS},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def install_fault_handlers(app: FastAPI) -> None:
    for exc_class in UNAVAILABLE:
        app.add_exception_handler(exc_class, _database_unavailable)
