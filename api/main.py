"""The FastAPI app factory."""

from __future__ import annotations

from fastapi import FastAPI

from api.channels.hub import Hub
from api.errors import ErrorResponse, install_error_handlers
from api.middleware import BodySizeLimit
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


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Carchan customer assistant",
        version="0.1.0",
        description="Households, e-receipts, chat and proactive notifications.",
        responses=ERROR_RESPONSES,
    )
    app.state.settings = settings
    app.state.engine = (
        get_engine(settings.database_url)
        if settings is get_settings()
        else make_engine(settings.database_url)
    )
    app.state.hub = Hub()
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)

    from api.routers import include_routers

    include_routers(app)
    return app
