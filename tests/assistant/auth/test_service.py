"""Customer tokens and API keys."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest
from sqlmodel import Session

from assistant.auth.service import (
    authenticate_api_key,
    authenticate_customer,
    create_api_key,
    decode_customer_token,
    issue_customer_token,
    revoke_api_key,
)
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.errors import Forbidden, Unauthorized
from tests.clock import NOW


@pytest.fixture
def household(session: Session) -> Household:
    household = Household(name="Famille Test")
    session.add(household)
    session.flush()
    return household


def test_token_round_trip(session: Session, settings: Settings, household: Household) -> None:
    token = issue_customer_token(settings=settings, household=household, now=NOW)
    assert (
        authenticate_customer(session=session, settings=settings, token=token, now=NOW) == household
    )


def test_a_token_names_its_household_by_more_than_its_id(
    session: Session, settings: Settings, household: Household
) -> None:
    """The same id in another household (SQLite gives an erased household's id to the next
    one): its public id differs, so the old token opens nothing."""
    token = issue_customer_token(settings=settings, household=household, now=NOW)
    household.public_id = "f" * 32  # what a new household on the same id would have
    session.add(household)
    session.flush()
    with pytest.raises(Unauthorized) as caught:
        authenticate_customer(session=session, settings=settings, token=token, now=NOW)
    assert caught.value.code == "token_revoked"
    claims = jwt.decode(token, options={"verify_signature": False})
    unsigned = {k: v for k, v in claims.items() if k != "pid"}
    legacy = jwt.encode(unsigned, settings.jwt_secret, algorithm=settings.jwt_algorithm)
    with pytest.raises(Unauthorized) as refused:
        decode_customer_token(settings=settings, token=legacy, now=NOW)
    assert refused.value.code == "invalid_token"


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda s, t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"), "invalid_token"),
        (lambda s, t: "not-a-jwt", "invalid_token"),
        (
            lambda s, t: jwt.encode(
                {"sub": "x", "hid": 1, "exp": 9999999999},
                "another-secret-that-is-long-enough-0123456789",
            ),
            "invalid_token",
        ),
    ],
)
def test_bad_tokens_are_refused(
    session: Session, settings: Settings, household: Household, mutate: object, code: str
) -> None:
    token = issue_customer_token(settings=settings, household=household, now=NOW)
    with pytest.raises(Unauthorized) as caught:
        decode_customer_token(settings=settings, token=mutate(settings, token), now=NOW)  # type: ignore[operator]
    assert caught.value.code == code


def test_expired_token(settings: Settings, household: Household) -> None:
    token = issue_customer_token(
        settings=settings, household=household, ttl=dt.timedelta(seconds=-5), now=NOW
    )
    with pytest.raises(Unauthorized) as caught:
        decode_customer_token(settings=settings, token=token, now=NOW)
    assert caught.value.code == "token_expired"


def test_bumping_token_version_revokes(
    session: Session, settings: Settings, household: Household
) -> None:
    token = issue_customer_token(settings=settings, household=household, now=NOW)
    household.token_version += 1
    session.flush()
    with pytest.raises(Unauthorized) as caught:
        authenticate_customer(session=session, settings=settings, token=token, now=NOW)
    assert caught.value.code == "token_revoked"


def test_api_key_round_trip_and_revocation(session: Session) -> None:
    key, raw = create_api_key(session=session, name="pos", scopes=["receipts:write"])
    identity = authenticate_api_key(session=session, raw_key=raw, now=NOW)
    assert identity.scopes == frozenset({"receipts:write"})
    assert key.key_hash not in raw  # only a hash is stored
    revoke_api_key(session=session, prefix=key.prefix, now=NOW)
    with pytest.raises(Unauthorized) as caught:
        authenticate_api_key(session=session, raw_key=raw, now=NOW)
    assert caught.value.code == "api_key_revoked"


@pytest.mark.parametrize("raw", ["", "ck_", "nope", "ck_abc_def", "ck_" + "0" * 12 + "_secret"])
def test_unknown_or_malformed_api_keys(session: Session, raw: str) -> None:
    with pytest.raises(Unauthorized):
        authenticate_api_key(session=session, raw_key=raw, now=NOW)


def test_wrong_secret_with_a_real_prefix(session: Session) -> None:
    _key, raw = create_api_key(session=session, name="pos", scopes=["receipts:write"])
    with pytest.raises(Unauthorized):
        authenticate_api_key(session=session, raw_key=raw[:-2] + "zz", now=NOW)


def test_expired_api_key(session: Session) -> None:
    _key, raw = create_api_key(
        session=session,
        name="old",
        scopes=["catalog:read"],
        expires_at=NOW - dt.timedelta(minutes=1),
    )
    with pytest.raises(Unauthorized) as caught:
        authenticate_api_key(session=session, raw_key=raw, now=NOW)
    assert caught.value.code == "api_key_expired"


def test_unknown_scope_is_refused(session: Session) -> None:
    with pytest.raises(Forbidden):
        create_api_key(session=session, name="x", scopes=["everything"])
