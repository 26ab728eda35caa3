"""A household's records: consents, preferences, devices and members."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from assistant.customers import records
from assistant.customers.models import Address, Device, Preference
from assistant.customers.schemas import (
    AddressCreate,
    ConsentUpdate,
    DeviceCreate,
    MemberUpdate,
    PreferenceCreate,
)
from assistant.errors import AppError
from tests.clock import NOW
from tests.factories import make_household, make_member


def _consent(consents: list, channel: str, purpose: str) -> object:
    return next(c for c in consents if c.channel == channel and c.purpose == purpose)


def test_granting_then_withdrawing_a_consent_sets_its_timestamps(session: Session) -> None:
    household = make_household(session)
    grant = [ConsentUpdate(channel="email", purpose="marketing", granted=True)]
    granted = _consent(
        records.set_consents(session=session, household=household, changes=grant, now=NOW),
        "email",
        "marketing",
    )
    assert granted.granted and granted.granted_at is not None  # type: ignore[attr-defined]
    assert granted.withdrawn_at is None  # type: ignore[attr-defined]

    again = _consent(
        records.set_consents(session=session, household=household, changes=grant, now=NOW),
        "email",
        "marketing",
    )
    assert again == granted  # idempotent: not even updated_at moves

    withdraw = [ConsentUpdate(channel="email", purpose="marketing", granted=False)]
    withdrawn = _consent(
        records.set_consents(session=session, household=household, changes=withdraw, now=NOW),
        "email",
        "marketing",
    )
    assert not withdrawn.granted  # type: ignore[attr-defined]
    assert withdrawn.withdrawn_at is not None  # type: ignore[attr-defined]
    assert withdrawn.withdrawn_at >= granted.granted_at  # type: ignore[attr-defined]
    untouched = _consent(
        records.list_consents(session=session, household=household), "push", "service"
    )
    assert not untouched.granted and untouched.updated_at is None  # type: ignore[attr-defined]


def test_the_same_consent_pair_twice_is_refused(session: Session) -> None:
    household = make_household(session)
    changes = [
        ConsentUpdate(channel="sms", purpose="service", granted=True),
        ConsentUpdate(channel="sms", purpose="service", granted=False),
    ]
    with pytest.raises(AppError) as caught:
        records.set_consents(session=session, household=household, changes=changes, now=NOW)
    assert caught.value.code == "duplicate_consent"


def test_replace_preferences_is_all_or_nothing(session: Session) -> None:
    household = make_household(session)
    stranger = make_member(session, make_household(session))
    records.add_preference(
        session=session, household=household, data=PreferenceCreate(kind="cuisine", value="thai")
    )
    bad = [
        PreferenceCreate(kind="diet", value="vegetarian"),
        PreferenceCreate(kind="allergy", value="peanut", member_id=stranger.id),
    ]
    with pytest.raises(AppError) as caught:
        records.replace_preferences(session=session, household=household, items=bad)
    assert caught.value.code == "unknown_member"
    rows = records.list_preferences(session=session, household=household)
    assert [(p.kind, p.value) for p in rows] == [("cuisine", "thai")]

    good = [PreferenceCreate(kind="diet", value="vegetarian")]
    replaced = records.replace_preferences(session=session, household=household, items=good)
    assert [(p.kind, p.value) for p in replaced] == [("diet", "vegetarian")]
    assert records.list_preferences(session=session, household=household) == replaced


def test_a_push_token_moves_to_the_household_that_registers_it(session: Session) -> None:
    first, second = make_household(session), make_household(session)
    member = make_member(session, first)
    data = DeviceCreate(platform="android", push_token="tok-1", label="Ana's", member_id=member.id)
    device, created = records.register_device(session=session, household=first, data=data, now=NOW)
    assert created

    refreshed, created = records.register_device(
        session=session,
        household=first,
        data=DeviceCreate(platform="android", push_token="tok-1"),
        now=NOW,
    )
    assert (refreshed.id, created) == (device.id, False)

    moved, created = records.register_device(
        session=session,
        household=second,
        data=DeviceCreate(platform="ios", push_token="tok-1"),
        now=NOW,
    )
    assert (moved.id, created) == (device.id, False)
    assert (moved.household_id, moved.member_id, moved.label) == (second.id, None, None)
    assert records.list_devices(session=session, household=first) == []


def test_devices_without_a_token_are_each_new(session: Session) -> None:
    household = make_household(session)
    data = DeviceCreate(platform="speaker", label="Kitchen")
    first, _ = records.register_device(session=session, household=household, data=data, now=NOW)
    second, _ = records.register_device(session=session, household=household, data=data, now=NOW)
    assert first.id != second.id


def test_deleting_a_member_drops_their_preferences_and_detaches_the_rest(
    session: Session,
) -> None:
    household = make_household(session)
    member = make_member(session, household)
    assert member.id is not None
    preference = records.add_preference(
        session=session,
        household=household,
        data=PreferenceCreate(kind="music", value="jazz", member_id=member.id),
    )
    device, _ = records.register_device(
        session=session,
        household=household,
        data=DeviceCreate(platform="ios", push_token="tok-member", member_id=member.id),
        now=NOW,
    )
    address = records.create_address(
        session=session,
        household=household,
        data=AddressCreate(kind="school", lat=48.8, lon=2.3, member_id=member.id),
    )
    ids = (preference.id, device.id, address.id)
    records.delete_member(session=session, household=household, member_id=member.id)
    session.expire_all()
    assert session.get(Preference, ids[0]) is None
    assert session.get(Device, ids[1]).member_id is None  # type: ignore[union-attr]
    assert session.get(Address, ids[2]).member_id is None  # type: ignore[union-attr]


def test_update_member_refuses_a_null_first_name(session: Session) -> None:
    household = make_household(session)
    member = make_member(session, household)
    assert member.id is not None
    with pytest.raises(AppError):
        records.update_member(
            session=session,
            household=household,
            member_id=member.id,
            data=MemberUpdate(first_name=None),
            now=NOW,
        )


@pytest.mark.parametrize(
    ("getter", "code"),
    [
        ("delete_pet", "pet_not_found"),
        ("delete_preference", "preference_not_found"),
        ("delete_device", "device_not_found"),
        ("delete_address", "address_not_found"),
        ("get_member", "member_not_found"),
    ],
)
def test_unknown_ids_are_not_found(session: Session, getter: str, code: str) -> None:
    household = make_household(session)
    id_name = {
        "delete_pet": "pet_id",
        "delete_preference": "preference_id",
        "delete_device": "device_id",
        "delete_address": "address_id",
        "get_member": "member_id",
    }[getter]
    with pytest.raises(AppError) as caught:
        getattr(records, getter)(session=session, household=household, **{id_name: 10**9})
    assert (caught.value.status_code, caught.value.code) == (404, code)


def test_preferences_are_listed_per_household(session: Session) -> None:
    first, second = make_household(session), make_household(session)
    records.add_preference(
        session=session, household=first, data=PreferenceCreate(kind="brand", value="X")
    )
    assert records.list_preferences(session=session, household=second) == []
    rows = session.exec(select(Preference).where(Preference.household_id == first.id)).all()
    assert len(rows) == 1
