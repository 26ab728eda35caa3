"""Settings, read once from the environment (and an optional `.env` file).

Every field maps to the environment variable of the same name in upper case.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.clock import SystemClock

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# DIET's confidences are not calibrated by us: Rasa parses below this are out of scope (the
# value of the FallbackClassifier Rasa suggests, which our pipeline had before the dialogue
# took the decision).
RASA_THRESHOLD = 0.5

# Used only outside production so that `make run` works on a fresh clone; the validator
# below refuses it (and any missing secret) when ASSISTANT_ENV=production.
DEV_SECRET_KEY = "dev-only-secret-key-change-me-0123456789abcdef"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    assistant_env: Literal["dev", "test", "production"] = "dev"
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'assistant.db'}",
        description="SQLAlchemy URL; PostgreSQL as postgresql+psycopg://user@host/db",
    )
    database_echo: bool = False
    secret_key: SecretStr | None = Field(default=None, description="JWT signing secret")
    token_ttl_minutes: int = Field(default=60 * 24 * 7, ge=1)
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    max_request_bytes: int = Field(default=1_000_000, ge=1024)
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    default_timezone: str = "Europe/Paris"
    default_lang: Literal["fr", "en"] = "fr"
    page_size_max: int = Field(default=200, ge=1)
    redis_url: str | None = Field(
        default=None,
        description="redis://host:port/db: pushes and rate limits shared by every API process",
    )
    redis_prefix: str = Field(
        default="carchan",
        pattern=r"^[A-Za-z0-9_.:-]{1,64}$",
        description="prefix of the Redis channel and keys (one per deployment)",
    )
    chat_rate_limit: int = Field(
        default=120, ge=0, description="chat messages per household per window; 0: no limit"
    )
    chat_rate_window_seconds: float = Field(default=60.0, gt=0)
    ws_auth_timeout_seconds: float = Field(
        default=10.0, gt=0, le=600, description="a socket must authenticate within this"
    )
    ws_idle_timeout_seconds: float = Field(
        default=300.0, gt=0, description="a socket silent this long is closed"
    )
    api_docs: bool | None = Field(
        default=None,
        description="serve /docs, /redoc and /openapi.json; default: on, except in production",
    )
    confirmation_ttl_minutes: int = Field(
        default=10,
        ge=1,
        le=1440,
        description="a yes to a question older than this asks the question again",
    )
    # The smart speaker's endpoint (api/channels/voice.py, alexa_auth.py).
    alexa_verify_requests: bool = Field(
        default=True,
        description="check Amazon's signature, certificate chain and timestamp on every "
        "request; off only in dev and tests (refused in production)",
    )
    alexa_skill_id: str | None = Field(
        default=None, description="when set, requests for another skill are refused"
    )
    alexa_trusted_roots_file: Path | None = Field(
        default=None, description="PEM roots Amazon's chain must lead to (default: certifi's)"
    )
    nlu_engine: Literal["spacy", "rasa"] = "spacy"
    nlu_model_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "models", description="where `assistant nlu train` writes"
    )
    nlu_threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="below it a parse is out_of_scope, whichever engine parsed; unset: the "
        "embedded engine's thresholds calibrated per language on held-out data, and "
        f"{RASA_THRESHOLD} for Rasa's",
    )
    nlu_strong_confidence: float = Field(
        default=0.7,
        ge=0.0,
        le=1.0,
        description="at or above it an intent leaves a form, starts a new topic instead of "
        "carrying the last one, and switches the conversation's language "
        "(assistant.dialogue.policy.Confidence)",
    )
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_seconds: float = Field(default=5.0, gt=0)
    actions_url: str | None = Field(
        default=None,
        description="a rasa-sdk action server (`python -m rasa_sdk --actions actions`) the "
        "dialogue calls; unset: the actions run in-process, inside each turn",
    )
    actions_timeout_seconds: float = Field(default=10.0, gt=0)
    log_level: str = "INFO"
    public_base_url: str | None = Field(
        default=None,
        description="base of links in messages (click to book, calendar, unsubscribe); "
        "unset: the address `assistant serve` listens on (API_HOST, API_PORT)",
    )
    # Notifications (assistant/notify)
    fcm_credentials_file: Path | None = Field(
        default=None, description="Firebase service-account JSON; unset: push is not sent"
    )
    fcm_endpoint: str | None = Field(
        default=None, description="FCM base URL override (a local fake FCM in tests)"
    )
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_from: str = "Carchan <assistant@carchan.example>"
    notify_daily_cap: int = Field(default=3, ge=0, description="proactive messages per day")
    quiet_hours_start: str = Field(default="21:30", pattern=r"^\d{2}:\d{2}$")
    quiet_hours_end: str = Field(default="07:00", pattern=r"^\d{2}:\d{2}$")
    notify_max_attempts: int = Field(default=6, ge=1)
    notify_relay_in_api: bool = Field(
        default=False,
        description="run the outbox relay inside the API process (live pushes to its sockets)",
    )
    # Presence (geofences/)
    geofence_dwell_seconds: int = Field(default=300, ge=0)
    geofence_exit_hysteresis_m: float = Field(default=50.0, ge=0)
    geofence_cooldown_seconds: int = Field(default=3600, ge=0)
    geofence_max_accuracy_m: float = Field(default=200.0, gt=0)
    ping_retention_hours: int = Field(default=24, ge=1, le=24)
    # The weekly personalised selection (assistant/coupons/weekly.py): offers per card.
    weekly_offers_per_household: int = Field(default=5, ge=0, le=50)
    # Processes sharing the selection (each a slice of household ids); 1 runs it in-process.
    weekly_offers_workers: int = Field(default=1, ge=1, le=16)
    # Briefing providers (assistant/briefing)
    weather_url: str = Field(
        default="https://api.open-meteo.com", description="Open-Meteo base URL"
    )
    weather_timeout_seconds: float = Field(default=3.0, gt=0)
    traffic_feed_url: str | None = Field(
        default=None, description="traffic incidents feed (JSON); unset: none"
    )
    # Demo and end-to-end tests only (assistant.clock.SystemClock): refused in production.
    clock_file: Path | None = Field(
        default=None,
        description=(
            "simulated clock for demos and end-to-end tests: a file holding an ISO instant; "
            "'now' is that instant plus the real time elapsed since the file was written, "
            "in every process that reads it. Refused when ASSISTANT_ENV=production"
        ),
    )

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.assistant_env == "production":
            if self.clock_file is not None:
                raise ValueError("CLOCK_FILE (a simulated clock) is refused in production")
            if not self.alexa_verify_requests:
                raise ValueError("ALEXA_VERIFY_REQUESTS=false is refused in production")
            secret = self.secret_key.get_secret_value() if self.secret_key else ""
            if not secret or secret == DEV_SECRET_KEY:
                raise ValueError("SECRET_KEY must be set in production (no default)")
            if len(secret) < 32:
                raise ValueError("SECRET_KEY must be at least 32 characters")
        return self

    @property
    def jwt_secret(self) -> str:
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return DEV_SECRET_KEY

    @property
    def docs_enabled(self) -> bool:
        return self.api_docs if self.api_docs is not None else self.assistant_env != "production"

    def clock(self) -> SystemClock:
        """The clock the boundaries (requests, jobs, commands) read "now" from."""
        return SystemClock(self.clock_file)

    @property
    def base_url(self) -> str:
        """The absolute base of the links sent to customers, without a trailing slash."""
        if self.public_base_url:
            return self.public_base_url.rstrip("/")
        # A server listening on every interface is reached on this machine at the loopback.
        host = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(
            self.api_host, self.api_host
        )
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.api_port}"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
