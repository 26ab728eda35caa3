"""The FastAPI app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api.channels.hub import build_hub, hub_for
from api.docs import install_docs
from api.errors import ErrorResponse, install_error_handlers
from api.faults import install_fault_handlers
from api.middleware import BodySizeLimit, UrlLengthLimit
from api.ratelimit import build_limiter, limiter_for
from api.redaction import install_log_redaction
from assistant.clock import Clock, SystemClock
from assistant.config import Settings, get_settings
from assistant.db import get_engine, make_engine

ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "Malformed request",
        401: "Missing, invalid, expired or revoked credentials",
        403: "Credentials lack a scope",
        404: "Unknown resource (or another household's)",
        413: "Payload too large",
        422: "Validation error",
    }.items()
}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The hub's fan-out (other processes' pushes) and, when enabled, the notification relay
    beside the sockets it pushes to; the relay stops before the fan-out it publishes through."""
    settings: Settings = app.state.settings
    async with AsyncExitStack() as stack:
        hub = hub_for(app.state)
        await stack.enter_async_context(hub.running())
        limiter = limiter_for(app.state)
        if limiter is not None:
            stack.push_async_callback(limiter.aclose)
        if settings.notify_relay_in_api:
            from assistant.notify.runtime import relay_task

            async def publish(household_id: int, event: dict[str, Any]) -> dict[str, int]:
                # Looked up per message: the hub is the app's, whenever it was set.
                reach = await hub_for(app.state).publish_all(household_id, event)
                return reach.as_dict()

            await stack.enter_async_context(
                relay_task(
                    settings=settings,
                    engine=app.state.engine,
                    publish=publish,
                    clock=app.state.clock,
                )
            )
        yield


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """The app; `clock` is where every request reads "now" (default: the wall clock, or the
    simulated clock of `CLOCK_FILE`)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Carchan customer assistant",
        version="0.1.0",
        description="Households, e-receipts, chat and proactive notifications.",
        responses=ERROR_RESPONSES,
        lifespan=lifespan,
        # The API's map is for developers and partners: off in production unless asked for.
        # Its pages are ours (api.docs): FastAPI's would load their scripts from a CDN.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    if settings.docs_enabled:
        install_docs(app, openapi_url="/openapi.json")
    app.state.settings = settings
    app.state.clock = clock or SystemClock(settings.clock_file)
    app.state.engine = (
        get_engine(settings.database_url)
        if settings is get_settings()
        else make_engine(settings.database_url)
    )
    app.state.hub = build_hub(settings)
    app.state.chat_limiter = build_limiter(settings)
    install_error_handlers(app)
    install_fault_handlers(app)
    install_log_redaction()
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(UrlLengthLimit)

    from api.routers import include_routers

    include_routers(app)
    return app
