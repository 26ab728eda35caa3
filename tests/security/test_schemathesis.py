"""Schemathesis against the app's own OpenAPI schema: every operation, positive and negative
generated requests, as the Zerty customer with an API key holding every scope.

Checks: no 5xx, status codes, content types and bodies conform to the schema, and every
error (4xx/5xx) has the documented shape {"error": {"code", "message", "details"}}.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from pydantic import SecretStr
from schemathesis import BaseSchema, GenerationMode, checks

from api.main import create_app
from assistant.auth.service import SCOPES, create_api_key, issue_customer_token
from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.db import make_engine, migrate, session_scope
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from tests.clock import NOW, TODAY
from tests.live import scratch_database

pytestmark = pytest.mark.slow


# Erasing the household mid-run would turn every later example into a 401: erasure has
# tests of its own (tests/api privacy tests).
SKIPPED = {("DELETE", "/me")}


class World:
    def __init__(self, settings: Settings, household: Household, api_key: str) -> None:
        self.settings = settings
        self.household = household
        self.api_key = api_key

    def headers(self) -> dict[str, str]:
        # A fresh token per request: POST /auth/revoke is one of the operations under test.
        token = issue_customer_token(settings=self.settings, household=self.household, now=NOW)
        return {"Authorization": f"Bearer {token}", "X-API-Key": self.api_key}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, Any]]:
    directory: Path = tmp_path_factory.mktemp("schemathesis")
    with scratch_database("sqlite", directory, "schemathesis") as url:
        migrate(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            seed_world(session=session, today=TODAY)
            household = seed_zerty(session=session, today=TODAY)
            _key, raw_key = create_api_key(
                session=session, name="schemathesis", scopes=sorted(SCOPES)
            )
        engine.dispose()
        settings_ = Settings(
            assistant_env="test",
            database_url=url,
            secret_key=SecretStr("schemathesis-secret-0123456789abcdefghijkl"),
        )
        app = create_app(settings_, clock=StartedClock(NOW))
        yield World(settings_, household, raw_key), app
        app.state.engine.dispose()


@pytest.fixture(scope="module")
def api_schema(world: tuple[World, Any]) -> BaseSchema:
    _world, app = world
    schema: BaseSchema = schemathesis.openapi.from_asgi("/openapi.json", app)
    for method, path in SKIPPED:
        schema = schema.exclude(method=method, path=path)
    return schema


def error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every error response is {"error": {"code", "message", "details"}}."""
    if response.status_code < 400:
        return None
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message", "details"}, body
    assert isinstance(error["code"], str) and error["code"], body
    assert isinstance(error["message"], str) and error["message"], body
    return True


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    error_shape,
]


def _operation_labels() -> list[str]:
    """ "METHOD /path" of every documented operation; building the schema needs no database."""
    app = create_app(
        Settings(assistant_env="test", database_url="sqlite://", secret_key=SecretStr("x" * 40))
    )
    labels = [
        f"{method.upper()} {path}"
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if (method.upper(), path) not in SKIPPED
    ]
    app.state.engine.dispose()
    return labels


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", _operation_labels())
def test_operation(
    label: str, mode: GenerationMode, api_schema: Any, world: tuple[World, Any]
) -> None:
    credentials, _app = world
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=credentials.headers(), checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Nothing the schema allows can be made invalid (no parameters, or only a path
        # segment whose every string is already tested by the positive run).
        assert mode is GenerationMode.NEGATIVE, label
        pytest.skip(f"no negative input can be generated for {label}")
