"""Households: enrolment, sign-in tokens, the profile and its changes.

The household's own records (members, pets, preferences, consents, devices, addresses)
live in `assistant.customers.records` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TypeVar

import jwt
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from assistant.auth.service import issue_customer_token
from assistant.catalog.models import Store
from assistant.clock import system_now
from assistant.config import Settings
from assistant.customers.models import Address, Device, Household, Member, Pet, Preference
from assistant.customers.phone import normalise_phone
from assistant.customers.records import (
    add_preference,
    create_address,
    create_member,
    create_pet,
    delete_address,
    delete_device,
    delete_member,
    delete_pet,
    delete_preference,
    device_public,
    get_member,
    list_addresses,
    list_consents,
    list_devices,
    list_members,
    list_pets,
    list_preferences,
    register_device,
    replace_preferences,
    set_consents,
    update_member,
)
from assistant.customers.schemas import (
    AddressPublic,
    DevicesSummary,
    HouseholdCreate,
    HouseholdPublic,
    HouseholdUpdate,
    MemberPublic,
    PetPublic,
    PreferencePublic,
    ProfilePublic,
    TokenPublic,
)
from assistant.errors import Conflict, NotFound, Unprocessable
from assistant.history.service import claim_receipts
from assistant.scheduler.service import sync_household_jobs

__all__ = [
    "add_preference",
    "claim_for",
    "create_address",
    "create_member",
    "create_pet",
    "delete_address",
    "delete_device",
    "delete_member",
    "delete_pet",
    "delete_preference",
    "device_public",
    "enrol_household",
    "find_household",
    "get_member",
    "household_public",
    "issue_token",
    "list_addresses",
    "list_consents",
    "list_devices",
    "list_members",
    "list_pets",
    "list_preferences",
    "loyalty_card_number",
    "profile",
    "register_device",
    "replace_preferences",
    "revoke_tokens",
    "set_consents",
    "update_household",
    "update_member",
]

LOYALTY_CARD_PREFIX = "2"  # the EAN-13 range reserved for in-store numbering


def _ean13_check_digit(body: str) -> str:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(body))
    return str((10 - total % 10) % 10)


def loyalty_card_number(household_id: int, attempt: int = 0) -> str:
    """The 13-digit card of a household: "2", an attempt digit, the zero-padded id, a check
    digit. The attempt digit only moves off 0 when an imported card already holds the number.
    """
    if not 0 <= attempt <= 9 or not 0 <= household_id < 10**10:
        raise ValueError("no loyalty card number for this household")
    body = f"{LOYALTY_CARD_PREFIX}{attempt}{household_id:010d}"
    return body + _ean13_check_digit(body)


def _assign_loyalty_card(*, session: Session, household: Household) -> None:
    assert household.id is not None
    for attempt in range(10):
        card = loyalty_card_number(household.id, attempt)
        taken = session.exec(select(Household.id).where(Household.loyalty_card == card)).first()
        if taken is None:
            household.loyalty_card = card
            return
    raise Conflict("no free loyalty card number", code="loyalty_card_exhausted")


def find_household(
    *,
    session: Session,
    household_id: int | None = None,
    phone: str | None = None,
    loyalty_card: str | None = None,
) -> Household:
    """The household named by its id, its phone (any notation) or its loyalty card."""
    household: Household | None
    if household_id is not None:
        household = session.get(Household, household_id)
    elif phone is not None:
        normalised = normalise_phone(phone)
        household = session.exec(select(Household).where(Household.phone == normalised)).first()
    elif loyalty_card is not None:
        query = select(Household).where(Household.loyalty_card == loyalty_card.strip())
        household = session.exec(query).first()
    else:
        raise ValueError("name the household")
    if household is None:
        raise NotFound("no such household", code="household_not_found")
    return household


def issue_token(
    *, settings: Settings, household: Household, now: dt.datetime, ttl: dt.timedelta | None = None
) -> TokenPublic:
    assert household.id is not None
    token = issue_customer_token(settings=settings, household=household, now=now, ttl=ttl)
    # Read the expiry back from the token itself so the two can never disagree.
    claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    return TokenPublic(
        access_token=token,
        expires_at=dt.datetime.fromtimestamp(claims["exp"], dt.UTC),
        household_id=household.id,
    )


def revoke_tokens(*, session: Session, household: Household) -> None:
    """Refuse every token issued so far for this household (sign out everywhere)."""
    household.token_version += 1
    household.updated_at = system_now()
    session.add(household)
    session.flush()


def claim_for(*, session: Session, household: Household, now: dt.datetime) -> int:
    """Attach the household's unclaimed receipts (those sent before it enrolled or
    before it gave this phone)."""
    return claim_receipts(session=session, household=household, now=now)


def _ensure_phone_free(*, session: Session, phone: str, household_id: int | None) -> None:
    query = select(Household.id).where(Household.phone == phone)
    owner = session.exec(query).first()
    if owner is not None and owner != household_id:
        raise Conflict("this phone number is already enrolled", code="phone_already_enrolled")


def _ensure_store(*, session: Session, store_id: int) -> None:
    if session.get(Store, store_id) is None:
        raise Unprocessable(
            f"no store {store_id}", code="unknown_store", details={"store_id": store_id}
        )


def _parse_hhmm(value: str | None) -> dt.time | None:
    return None if value is None else dt.time.fromisoformat(value)


def _flush_household(*, session: Session, household: Household) -> None:
    """Flush, turning a lost race on the unique phone into the same 409 as the check."""
    try:
        with session.begin_nested():
            session.add(household)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "this phone number is already enrolled", code="phone_already_enrolled"
        ) from exc


def enrol_household(
    *, session: Session, data: HouseholdCreate, now: dt.datetime
) -> tuple[Household, int]:
    """Create a household with its card, members, pets, preferences and consents, then
    claim its receipts. Returns the household and how many receipts were claimed."""
    phone = normalise_phone(data.phone) if data.phone is not None else None
    if phone is not None:
        _ensure_phone_free(session=session, phone=phone, household_id=None)
    if data.preferred_store_id is not None:
        _ensure_store(session=session, store_id=data.preferred_store_id)
    household = Household(
        name=data.name,
        lang=data.lang,
        timezone=data.timezone,
        phone=phone,
        email=data.email,
        briefing_time=_parse_hhmm(data.briefing_time),
        preferred_store_id=data.preferred_store_id,
        source="app",
    )
    _flush_household(session=session, household=household)
    _assign_loyalty_card(session=session, household=household)
    session.add(household)
    for member in data.members:
        create_member(session=session, household=household, data=member, now=now)
    for pet in data.pets:
        create_pet(session=session, household=household, data=pet)
    for preference in data.preferences:
        add_preference(session=session, household=household, data=preference)
    if data.consents:
        set_consents(session=session, household=household, changes=data.consents, now=now)
    session.flush()
    assert household.id is not None
    sync_household_jobs(session=session, household_id=household.id, now=now)
    return household, claim_for(session=session, household=household, now=now)


def update_household(
    *, session: Session, household: Household, data: HouseholdUpdate, now: dt.datetime
) -> tuple[Household, int]:
    """Apply the fields sent. A new phone claims the receipts sent to it; returns the
    household and how many receipts that claimed."""
    changes = data.model_dump(exclude_unset=True)
    # Every check runs before the first change, so a refused update leaves the row as it was.
    phone = household.phone
    if "phone" in changes:
        phone = normalise_phone(changes["phone"]) if changes["phone"] is not None else None
        if phone is not None:
            _ensure_phone_free(session=session, phone=phone, household_id=household.id)
    if changes.get("preferred_store_id") is not None:
        _ensure_store(session=session, store_id=changes["preferred_store_id"])
    phone_changed = phone != household.phone
    household.phone = phone
    if "briefing_time" in changes:
        household.briefing_time = _parse_hhmm(changes["briefing_time"])
    for name in ("name", "lang", "timezone", "email", "preferred_store_id"):
        if name in changes:
            setattr(household, name, changes[name])
    household.updated_at = system_now()
    _flush_household(session=session, household=household)
    if "briefing_time" in changes or "timezone" in changes:
        assert household.id is not None
        sync_household_jobs(session=session, household_id=household.id, now=now)
    claimed = 0
    if phone_changed and household.phone is not None:
        claimed = claim_for(session=session, household=household, now=now)
    return household, claimed


def household_public(household: Household) -> HouseholdPublic:
    return HouseholdPublic.model_validate(_household_fields(household))


def _household_fields(household: Household) -> dict[str, object]:
    briefing = household.briefing_time
    return {
        "id": household.id,
        "name": household.name,
        "lang": household.lang,
        "timezone": household.timezone,
        "phone": household.phone,
        "email": household.email,
        "briefing_time": briefing.strftime("%H:%M") if briefing is not None else None,
        "preferred_store_id": household.preferred_store_id,
        "loyalty_card": household.loyalty_card,
        "created_at": household.created_at,
        "updated_at": household.updated_at,
    }


_Row = TypeVar("_Row", Member, Pet, Address, Preference, Device)


def _rows(session: Session, model: type[_Row], household: Household) -> list[_Row]:
    query = select(model).where(model.household_id == household.id).order_by(col(model.id))
    return list(session.exec(query).all())


def profile(*, session: Session, household: Household) -> ProfilePublic:
    """Everything the app shows on the profile screen, in one read."""
    devices = _rows(session, Device, household)
    return ProfilePublic.model_validate(
        {
            **_household_fields(household),
            "members": [MemberPublic.model_validate(m) for m in _rows(session, Member, household)],
            "pets": [PetPublic.model_validate(p) for p in _rows(session, Pet, household)],
            "addresses": [
                AddressPublic.model_validate(a) for a in _rows(session, Address, household)
            ],
            "preferences": [
                PreferencePublic.model_validate(p) for p in _rows(session, Preference, household)
            ],
            "consents": list_consents(session=session, household=household),
            "devices": DevicesSummary(
                count=len(devices),
                platforms=dict(Counter(device.platform for device in devices)),
            ),
        }
    )
