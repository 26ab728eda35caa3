"""A household's own records: members, pets, preferences, consents, devices, addresses.

Every read or change is scoped to the household: another household's id is reported as
not found (never forbidden), so that ids reveal nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlmodel import Session, col, delete, func, select

from assistant.clock import local_day
from assistant.customers.models import (
    Address,
    Channel,
    Consent,
    Device,
    Household,
    Member,
    Pet,
    Preference,
    Purpose,
)
from assistant.customers.schemas import (
    MAX_PREFERENCES,
    AddressCreate,
    ConsentPublic,
    ConsentUpdate,
    DeviceCreate,
    DevicePublic,
    MemberCreate,
    MemberUpdate,
    PetCreate,
    PreferenceCreate,
)
from assistant.errors import Conflict, NotFound, Unprocessable
from assistant.privacy.consent import apply_withdrawal

_Owned = TypeVar("_Owned", Member, Pet, Preference, Device, Address)


def _owned(
    session: Session, model: type[_Owned], row_id: int, household: Household, code: str
) -> _Owned:
    row = session.get(model, row_id)
    if row is None or row.household_id != household.id:
        raise NotFound(f"no {code.removesuffix('_not_found')} {row_id}", code=code)
    return row


def _list(session: Session, model: type[_Owned], household: Household) -> list[_Owned]:
    query = select(model).where(model.household_id == household.id).order_by(col(model.id))
    return list(session.exec(query).all())


def _check_member(session: Session, household: Household, member_id: int | None) -> None:
    """A member named inside a body must be one of the household's (422, not 404: the
    resource addressed by the URL exists, the body is wrong)."""
    if member_id is None:
        return
    member = session.get(Member, member_id)
    if member is None or member.household_id != household.id:
        raise Unprocessable(
            f"no member {member_id} in this household",
            code="unknown_member",
            details={"member_id": member_id},
        )


# Members


def list_members(*, session: Session, household: Household) -> list[Member]:
    return _list(session, Member, household)


def get_member(*, session: Session, household: Household, member_id: int) -> Member:
    return _owned(session, Member, member_id, household, "member_not_found")


def _check_birth_date(
    birth_date: dt.date | None, *, household: Household, now: dt.datetime
) -> None:
    # The household's own day: a baby born today in its zone is not refused because UTC is
    # still on yesterday.
    if birth_date is not None and birth_date > local_day(now, household.timezone):
        raise Unprocessable(
            "birth_date is in the future",
            code="birth_date_in_future",
            details={"birth_date": birth_date.isoformat()},
        )


def create_member(
    *, session: Session, household: Household, data: MemberCreate, now: dt.datetime
) -> Member:
    assert household.id is not None
    _check_birth_date(data.birth_date, household=household, now=now)
    member = Member(household_id=household.id, **data.model_dump())
    session.add(member)
    session.flush()
    return member


def update_member(
    *, session: Session, household: Household, member_id: int, data: MemberUpdate,
    now: dt.datetime,
) -> Member:  # fmt: skip
    member = get_member(session=session, household=household, member_id=member_id)
    changes = data.model_dump(exclude_unset=True)
    _check_birth_date(changes.get("birth_date"), household=household, now=now)
    for name in ("first_name", "role"):
        if name in changes and changes[name] is None:
            raise Unprocessable(f"{name} cannot be null", code="validation_error")
    for name, value in changes.items():
        setattr(member, name, value)
    session.add(member)
    session.flush()
    return member


def delete_member(*, session: Session, household: Household, member_id: int) -> None:
    """Delete a member; the database drops their preferences and detaches their devices
    and addresses (foreign keys)."""
    member = get_member(session=session, household=household, member_id=member_id)
    session.delete(member)
    session.flush()


# Pets


def list_pets(*, session: Session, household: Household) -> list[Pet]:
    return _list(session, Pet, household)


def create_pet(*, session: Session, household: Household, data: PetCreate) -> Pet:
    assert household.id is not None
    pet = Pet(household_id=household.id, **data.model_dump())
    session.add(pet)
    session.flush()
    return pet


def delete_pet(*, session: Session, household: Household, pet_id: int) -> None:
    session.delete(_owned(session, Pet, pet_id, household, "pet_not_found"))
    session.flush()


# Preferences


def list_preferences(*, session: Session, household: Household) -> list[Preference]:
    return _list(session, Preference, household)


def add_preference(*, session: Session, household: Household, data: PreferenceCreate) -> Preference:
    assert household.id is not None
    _check_member(session, household, data.member_id)
    held = session.exec(
        select(func.count()).select_from(Preference).where(Preference.household_id == household.id)
    ).one()
    if held >= MAX_PREFERENCES:
        raise Conflict(
            f"a household keeps at most {MAX_PREFERENCES} preferences",
            code="too_many_preferences",
            details={"max": MAX_PREFERENCES},
        )
    preference = Preference(household_id=household.id, **data.model_dump())
    session.add(preference)
    session.flush()
    return preference


def replace_preferences(
    *, session: Session, household: Household, items: list[PreferenceCreate]
) -> list[Preference]:
    """Replace the whole set. Every item is checked before anything is deleted, so a bad
    item leaves the old set untouched (the boundary's transaction does the rest)."""
    for item in items:
        _check_member(session, household, item.member_id)
    session.exec(delete(Preference).where(col(Preference.household_id) == household.id))
    return [add_preference(session=session, household=household, data=item) for item in items]


def delete_preference(*, session: Session, household: Household, preference_id: int) -> None:
    row = _owned(session, Preference, preference_id, household, "preference_not_found")
    session.delete(row)
    session.flush()


# Consents


def list_consents(*, session: Session, household: Household) -> list[ConsentPublic]:
    """Every channel x purpose pair; a pair never decided is shown as not granted."""
    rows = session.exec(select(Consent).where(Consent.household_id == household.id)).all()
    by_pair = {(row.channel, row.purpose): row for row in rows}
    consents = []
    for channel in Channel:
        for purpose in Purpose:
            row = by_pair.get((channel.value, purpose.value))
            if row is None:
                consents.append(ConsentPublic(channel=channel, purpose=purpose, granted=False))
            else:
                consents.append(ConsentPublic.model_validate(row))
    return consents


def set_consents(
    *,
    session: Session,
    household: Household,
    changes: list[ConsentUpdate],
    now: dt.datetime,
    source: str = "app",
) -> list[ConsentPublic]:
    """Record the decisions sent. Repeating a decision changes nothing (not even its
    timestamps): granted_at is when the current grant began, withdrawn_at the last
    withdrawal."""
    assert household.id is not None
    pairs = [(change.channel.value, change.purpose.value) for change in changes]
    duplicates = sorted({pair for pair in pairs if pairs.count(pair) > 1})
    if duplicates:
        raise Unprocessable(
            "a channel and purpose pair is given twice",
            code="duplicate_consent",
            details=[{"channel": c, "purpose": p} for c, p in duplicates],
        )
    rows = session.exec(select(Consent).where(Consent.household_id == household.id)).all()
    by_pair = {(row.channel, row.purpose): row for row in rows}
    withdrawn: list[tuple[str, str]] = []
    for (channel, purpose), change in zip(pairs, changes, strict=True):
        row = by_pair.get((channel, purpose))
        if row is None:
            row = Consent(household_id=household.id, channel=channel, purpose=purpose)
            row.granted = change.granted
            row.granted_at = now if change.granted else None
        elif row.granted == change.granted:
            continue
        else:
            row.granted = change.granted
            if change.granted:
                row.granted_at = now
            else:
                row.withdrawn_at = now
                withdrawn.append((channel, purpose))
        row.updated_at = now
        row.source = source
        session.add(row)
    session.flush()
    # A withdrawal takes effect at once: queued messages dropped, location data deleted.
    for channel, purpose in withdrawn:
        apply_withdrawal(
            session=session, household_id=household.id, channel=channel, purpose=purpose, now=now
        )
    return list_consents(session=session, household=household)


# Devices


def device_public(device: Device) -> DevicePublic:
    return DevicePublic.model_validate(
        {
            "id": device.id,
            "platform": device.platform,
            "label": device.label,
            "lang": device.lang,
            "member_id": device.member_id,
            "has_push_token": device.push_token is not None,
            "created_at": device.created_at,
            "last_seen_at": device.last_seen_at,
        }
    )


def list_devices(*, session: Session, household: Household) -> list[Device]:
    return _list(session, Device, household)


def register_device(
    *, session: Session, household: Household, data: DeviceCreate, now: dt.datetime
) -> tuple[Device, bool]:
    """Register a device or refresh the one holding this push token. A token another
    household registered moves here: phones change hands, and the token now reaches the
    new owner. Returns the device and whether it was created."""
    assert household.id is not None
    _check_member(session, household, data.member_id)
    device = None
    if data.push_token is not None:
        query = select(Device).where(Device.push_token == data.push_token)
        device = session.exec(query).first()
    created = device is None
    if device is None:
        device = Device(household_id=household.id, platform=data.platform)
    # Every field is overwritten, so nothing of a previous owner (label, member) stays.
    device.household_id = household.id
    device.platform = data.platform
    device.push_token = data.push_token
    device.label = data.label
    device.lang = data.lang
    device.member_id = data.member_id
    device.last_seen_at = now
    session.add(device)
    session.flush()
    return device, created


def delete_device(*, session: Session, household: Household, device_id: int) -> None:
    session.delete(_owned(session, Device, device_id, household, "device_not_found"))
    session.flush()


# Addresses


def list_addresses(*, session: Session, household: Household) -> list[Address]:
    return _list(session, Address, household)


def create_address(*, session: Session, household: Household, data: AddressCreate) -> Address:
    assert household.id is not None
    _check_member(session, household, data.member_id)
    address = Address(household_id=household.id, **data.model_dump())
    session.add(address)
    session.flush()
    return address


def delete_address(*, session: Session, household: Household, address_id: int) -> None:
    session.delete(_owned(session, Address, address_id, household, "address_not_found"))
    session.flush()
