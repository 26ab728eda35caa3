"""Engine, sessions, shared column types and migrations.

One unit of work per boundary: services `flush`, the caller (request, job, CLI command)
commits through `session_scope`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, create_engine

from assistant.config import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
CONNECT_TIMEOUT = 5  # seconds (PostgreSQL)


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Timezone-aware datetimes on every backend.

    SQLite has no timestamp type: values are stored as naive UTC and given their
    timezone back on the way out, so code never compares naive with aware values.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: sa.engine.Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def ensure_sqlite_directory(url: str) -> None:
    """SQLite creates its file but not the folders above it (`var/` on a fresh clone)."""
    if not url.startswith("sqlite"):
        return
    database = sa.engine.make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


# 15 + 25 = the 40 threads of the server's default thread pool (see make_engine).
POOL_SIZE = 15
MAX_OVERFLOW = 25


def safe_url(url: str) -> str:
    """A database URL fit to print: its password hidden."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def make_engine(url: str, *, echo: bool = False, sqlite_explicit_begin: bool = False) -> Engine:
    """An engine with the pragmas and pool the backend needs.

    `sqlite_explicit_begin` makes SQLite transactions start at `begin()` rather than at the
    first write (the driver's default), so that SAVEPOINTs nest inside a real outer
    transaction: the test fixtures need it to roll everything back.
    """
    if url.startswith("sqlite"):
        ensure_sqlite_directory(url)
        # The pool holds at least as many connections as the server has request threads
        # (40): a thread waiting for a connection must never be what keeps the thread that
        # holds one from finishing its request (a stall until the pool timeout).
        in_memory = sa.engine.make_url(url).database in (None, "", ":memory:")
        pool = {} if in_memory else {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}, **pool
        )
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        if sqlite_explicit_begin:
            sa.event.listen(engine, "connect", _sqlite_autocommit_driver)
            sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    # When the server is away a request fails fast (then 503 `database_unavailable`) rather
    # than hanging: a connect gives up after CONNECT_TIMEOUT (libpq waits forever by
    # default); pre-ping replaces connections that died while idle, so the service recovers
    # by itself when the server is back.
    return create_engine(
        url, echo=echo, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW,
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
    )  # fmt: skip


_engines: dict[str, Engine] = {}


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for a URL (settings' URL by default), created lazily."""
    settings = get_settings()
    url = url or settings.database_url
    if url not in _engines:
        _engines[url] = make_engine(url, echo=settings.database_echo)
    return _engines[url]


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = Session(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # `%` is ConfigParser interpolation syntax; escape it so passwords survive.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` with Alembic."""
    from alembic import command

    url = url or get_settings().database_url
    ensure_sqlite_directory(url)
    command.upgrade(alembic_config(url), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
