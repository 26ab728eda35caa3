"""Settings refuse to run production without a real secret."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from assistant.config import DEV_SECRET_KEY, Settings


@pytest.fixture(autouse=True)
def _no_secret_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("ASSISTANT_ENV", raising=False)


@pytest.mark.parametrize("secret", [None, DEV_SECRET_KEY, "too-short-0123456789"])
def test_production_refuses_a_missing_default_or_short_secret(secret: str | None) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(
            _env_file=None,
            assistant_env="production",
            secret_key=SecretStr(secret) if secret is not None else None,
        )


def test_production_accepts_a_long_secret() -> None:
    secret = "s" * 32
    settings = Settings(
        _env_file=None,
        assistant_env="production",
        secret_key=SecretStr(secret),
    )
    assert settings.jwt_secret == secret


def test_dev_falls_back_to_the_dev_secret() -> None:
    settings = Settings(_env_file=None, assistant_env="dev")
    assert settings.jwt_secret == DEV_SECRET_KEY


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"api_port": 8041}, "http://127.0.0.1:8041"),
        ({"api_host": "0.0.0.0", "api_port": 8041}, "http://127.0.0.1:8041"),
        ({"api_host": "::1"}, "http://[::1]:8000"),
        ({"public_base_url": "https://carchan.example/", "api_port": 8041},
         "https://carchan.example"),
    ],
)  # fmt: skip
def test_links_default_to_the_address_the_server_listens_on(
    monkeypatch: pytest.MonkeyPatch, options: dict[str, object], expected: str
) -> None:
    for name in ("PUBLIC_BASE_URL", "API_HOST", "API_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert Settings(_env_file=None, **options).base_url == expected  # type: ignore[arg-type]
