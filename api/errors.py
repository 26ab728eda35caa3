"""One error shape for every 4xx/5xx: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import AppError

log = logging.getLogger(__name__)

_STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    """The documented shape of every error response."""

    error: ErrorBody


def error_response(
    status_code: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": jsonable_encoder(details)}}
    return JSONResponse(body, status_code=status_code, headers=dict(headers) if headers else None)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for error in exc.errors():
        details.append(
            {
                "loc": [str(part) for part in error.get("loc", ())],
                "type": error.get("type"),
                "message": error.get("msg"),
            }
        )
    return details


async def _app_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return error_response(exc.status_code, exc.code, exc.message, exc.details, exc.headers())


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = _validation_details(exc)
    if any(detail["type"] == "json_invalid" for detail in details):
        return error_response(400, "malformed_json", "the request body is not valid JSON", details)
    return error_response(422, "validation_error", "the request is invalid", details)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, message, headers=exc.headers)


# SQLSTATE 22003 numeric_value_out_of_range (PostgreSQL): an id or a quantity beyond the column.
_OUT_OF_RANGE_SQLSTATE = "22003"


async def _unstorable(request: Request, exc: Exception) -> JSONResponse:
    """A value the request carried that the database cannot hold (an id beyond 64 bits on
    SQLite, beyond the integer column on PostgreSQL, a NUL in text): the client's 422, not a
    500. Raised when the value is bound, so no row was written; the session rolls back."""
    if isinstance(exc, OverflowError) and "too large to convert" not in str(exc):
        return await _unexpected(request, exc)
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if isinstance(exc, OverflowError) or sqlstate == _OUT_OF_RANGE_SQLSTATE:
        return error_response(
            422, "value_out_of_range", "a number in the request is beyond the stored range"
        )
    details = {"sqlstate": sqlstate} if sqlstate else None
    return error_response(422, "invalid_value", "a value in the request cannot be stored", details)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return error_response(500, "internal_error", "an unexpected error occurred")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OverflowError, _unstorable)
    app.add_exception_handler(sa.exc.DataError, _unstorable)
    app.add_exception_handler(Exception, _unexpected)
