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
