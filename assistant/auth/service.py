"""Customer bearer tokens (JWT) and API keys with scopes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import jwt
from sqlmodel import Session, select

from assistant.auth.models import ApiKey
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.errors import Forbidden, NotFound, Unauthorized

KEY_PREFIX = "ck_"

# What a partner or till may be allowed to do; customers never hold scopes.
SCOPES = {
    "receipts:write": "send e-receipts from the tills",
    "households:write": "enrol households (app back-end, customer service)",
    "tokens:issue": "issue customer tokens after the app's own sign-in",
    "catalog:read": "read stores, products and stock",
    "staff:read": "read store staff feeds",
    "staff:write": "move store orders through picking, ready and collected",
    "hotline:answer": "greet the support hotline's callers (the telephony platform)",
}


@dataclass(frozen=True)
class CustomerIdentity:
    household_id: int
    token_version: int
    public_id: str


@dataclass(frozen=True)
class ApiKeyIdentity:
    key_id: int
    name: str
    scopes: frozenset[str]


def issue_customer_token(
    *, settings: Settings, household: Household, now: dt.datetime, ttl: dt.timedelta | None = None
) -> str:
    assert household.id is not None and household.public_id
    ttl = ttl if ttl is not None else dt.timedelta(minutes=settings.token_ttl_minutes)
    claims = {
        "sub": f"household:{household.id}",
        "hid": household.id,
        # The id alone may name another household after an erasure (SQLite reuses ids).
        "pid": household.public_id,
        "ver": household.token_version,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "typ": "customer",
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm=settings.jwt_algorithm)


def decode_customer_token(*, settings: Settings, token: str, now: dt.datetime) -> CustomerIdentity:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=[settings.jwt_algorithm],
            # Times are checked below against the application's clock (the one that issued
            # them, simulated in demos: CLOCK_FILE), not PyJWT's wall clock.
            options={
                "require": ["exp", "sub", "hid", "pid"],
                "verify_exp": False,
                "verify_iat": False,
            },
        )
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("the token is invalid", code="invalid_token") from exc
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or isinstance(expires, bool):
        raise Unauthorized("the token is invalid", code="invalid_token")
    if expires <= now.timestamp():
        raise Unauthorized("the token has expired", code="token_expired")
    if (
        claims.get("typ") != "customer"
        or not isinstance(claims.get("hid"), int)
        or not isinstance(claims.get("pid"), str)
    ):
        raise Unauthorized("the token is invalid", code="invalid_token")
    return CustomerIdentity(
        household_id=claims["hid"],
        token_version=int(claims.get("ver", 0)),
        public_id=claims["pid"],
    )


def authenticate_customer(
    *, session: Session, settings: Settings, token: str, now: dt.datetime
) -> Household:
    identity = decode_customer_token(settings=settings, token=token, now=now)
    household = session.get(Household, identity.household_id)
    # A bumped token_version revokes every token issued before (sign-out everywhere, erasure);
    # another public id is another household that got an erased one's id.
    if (
        household is None
        or household.public_id is None
        or not hmac.compare_digest(household.public_id, identity.public_id)
        or household.token_version != identity.token_version
    ):
        raise Unauthorized("the token has been revoked", code="token_revoked")
    return household


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(
    *,
    session: Session,
    name: str,
    scopes: list[str],
    expires_at: dt.datetime | None = None,
) -> tuple[ApiKey, str]:
    """Create a key; the full key is returned once and never stored in clear."""
    unknown = sorted(set(scopes) - SCOPES.keys())
    if unknown:
        raise Forbidden(f"unknown scopes: {', '.join(unknown)}", code="unknown_scope")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        name=name,
        prefix=prefix,
        key_hash=_hash_secret(secret),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    session.add(key)
    session.flush()
    return key, f"{KEY_PREFIX}{prefix}_{secret}"


def authenticate_api_key(*, session: Session, raw_key: str, now: dt.datetime) -> ApiKeyIdentity:
    if not raw_key.startswith(KEY_PREFIX) or raw_key.count("_") < 2:
        raise Unauthorized("the API key is malformed", code="invalid_api_key")
    prefix, _, secret = raw_key[len(KEY_PREFIX) :].partition("_")
    key = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if key is None or not hmac.compare_digest(key.key_hash, _hash_secret(secret)):
        raise Unauthorized("the API key is invalid", code="invalid_api_key")
    if key.revoked_at is not None:
        raise Unauthorized("the API key has been revoked", code="api_key_revoked")
    if key.expires_at is not None and key.expires_at <= now:
        raise Unauthorized("the API key has expired", code="api_key_expired")
    assert key.id is not None
    return ApiKeyIdentity(key_id=key.id, name=key.name, scopes=frozenset(key.scopes))


def revoke_api_key(*, session: Session, prefix: str, now: dt.datetime) -> ApiKey:
    key = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if key is None:
        raise NotFound(f"no API key with prefix {prefix}", code="api_key_not_found")
    key.revoked_at = now
    session.add(key)
    session.flush()
    return key
