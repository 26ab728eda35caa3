"""Households: enrolment, cards, sign-in lookups, profile changes and receipt claims."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session, select

from assistant.config import Settings
from assistant.customers import service
from assistant.customers.models import Consent, Household, Member, Pet
from assistant.customers.schemas import (
    ConsentUpdate,
    HouseholdCreate,
    HouseholdUpdate,
    MemberCreate,
    PetCreate,
)
from assistant.errors import AppError
from assistant.history.models import Receipt
from tests.clock import NOW
from tests.factories import make_household, make_store, national, unique_card, unique_phone


def _receipt(session: Session, uid: str, **fields: Any) -> Receipt:
    receipt = Receipt(receipt_uid=uid, purchased_at=NOW, total_cents=1000, **fields)
    session.add(receipt)
    session.flush()
    return receipt


def _ean13_valid(number: str) -> bool:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(number[:12]))
    return (10 - total % 10) % 10 == int(number[12])


@pytest.mark.parametrize("household_id", [1, 42, 123_456, 9_999_999_999])
def test_loyalty_card_number_is_13_digits_with_a_valid_check_digit(household_id: int) -> None:
    card = service.loyalty_card_number(household_id)
    assert len(card) == 13 and card.isdigit()
    assert card.startswith("20")
    assert int(card[2:12]) == household_id
    assert _ean13_valid(card)
    assert service.loyalty_card_number(household_id) == card


def test_loyalty_card_numbers_differ_by_id_and_attempt() -> None:
    cards = {service.loyalty_card_number(i, a) for i in range(1, 50) for a in range(3)}
    assert len(cards) == 49 * 3


def test_enrol_creates_the_household_with_its_records(session: Session) -> None:
    phone = unique_phone()
    data = HouseholdCreate(
        name="Zerty",
        lang="en",
        timezone="Europe/London",
        phone=national(phone),
        members=[MemberCreate(first_name="Ana", birth_date=dt.date(1990, 5, 1))],
        pets=[PetCreate(species="cat", name="Mistigri")],
        consents=[ConsentUpdate(channel="push", purpose="service", granted=True)],
    )
    household, claimed = service.enrol_household(session=session, data=data, now=NOW)
    assert claimed == 0
    assert household.phone == phone
    assert household.loyalty_card is not None and household.id is not None
    assert household.loyalty_card == service.loyalty_card_number(household.id)
    members = session.exec(select(Member).where(Member.household_id == household.id)).all()
    assert [m.first_name for m in members] == ["Ana"]
    pets = session.exec(select(Pet).where(Pet.household_id == household.id)).all()
    assert [(p.species, p.name) for p in pets] == [("cat", "Mistigri")]
    consent = session.exec(select(Consent).where(Consent.household_id == household.id)).one()
    assert (consent.channel, consent.purpose, consent.granted) == ("push", "service", True)
    assert consent.granted_at is not None


def test_enrol_claims_the_receipts_sent_to_its_phone(session: Session) -> None:
    phone = unique_phone()
    mine = _receipt(session, f"r-enrol-{phone}", phone=phone)
    other = _receipt(session, f"r-enrol-other-{phone}", phone=unique_phone())
    data = HouseholdCreate(name="Claimer", phone=national(phone))
    household, claimed = service.enrol_household(session=session, data=data, now=NOW)
    assert claimed == 1
    session.refresh(mine)
    session.refresh(other)
    assert mine.household_id == household.id
    assert other.household_id is None


def test_enrol_refuses_a_phone_already_enrolled(session: Session) -> None:
    phone = unique_phone()
    make_household(session, phone=phone)
    with pytest.raises(AppError) as caught:
        service.enrol_household(
            session=session, data=HouseholdCreate(name="B", phone=national(phone)), now=NOW
        )
    assert (caught.value.status_code, caught.value.code) == (409, "phone_already_enrolled")


@pytest.mark.parametrize(
    ("fields", "code"),
    [({"phone": "12"}, "invalid_phone"), ({"preferred_store_id": 987_654}, "unknown_store")],
)
def test_enrol_refuses_bad_references(session: Session, fields: dict, code: str) -> None:
    with pytest.raises(AppError) as caught:
        service.enrol_household(session=session, data=HouseholdCreate(name="X", **fields), now=NOW)
    assert (caught.value.status_code, caught.value.code) == (422, code)


def test_enrol_skips_a_card_number_an_import_already_holds(session: Session) -> None:
    # The next household id is unknown in advance: occupy the first-attempt card of a
    # range of ids ahead, so whichever id is assigned collides.
    probe = make_household(session)
    assert probe.id is not None
    for offset in range(1, 4):
        make_household(session, loyalty_card=service.loyalty_card_number(probe.id + 3 + offset))
    household, _ = service.enrol_household(
        session=session, data=HouseholdCreate(name="Late"), now=NOW
    )
    assert household.id is not None
    assert household.loyalty_card == service.loyalty_card_number(household.id, attempt=1)


@pytest.mark.parametrize("how", ["id", "phone", "national_phone", "card"])
def test_find_household_by_any_identity(session: Session, how: str) -> None:
    phone, card = unique_phone(), unique_card()
    household = make_household(session, phone=phone, loyalty_card=card)
    lookups: dict[str, dict[str, Any]] = {
        "id": {"household_id": household.id},
        "phone": {"phone": phone},
        "national_phone": {"phone": national(phone)},
        "card": {"loyalty_card": card},
    }
    lookup = lookups[how]
    assert service.find_household(session=session, **lookup).id == household.id


def test_find_household_unknown_is_not_found(session: Session) -> None:
    with pytest.raises(AppError) as caught:
        service.find_household(session=session, loyalty_card="0000000000000")
    assert (caught.value.status_code, caught.value.code) == (404, "household_not_found")


def test_update_household_changes_only_the_fields_sent(session: Session) -> None:
    store = make_store(session)
    phone = unique_phone()
    household = make_household(session, email="a@example.org", phone=phone)
    data = HouseholdUpdate(briefing_time="07:30", preferred_store_id=store.id, email=None)
    updated, claimed = service.update_household(
        session=session, household=household, data=data, now=NOW
    )
    assert claimed == 0
    assert updated.briefing_time == dt.time(7, 30)
    assert updated.preferred_store_id == store.id
    assert updated.email is None
    assert updated.phone == phone
    assert service.household_public(updated).briefing_time == "07:30"


def test_a_new_phone_claims_its_receipts(session: Session) -> None:
    household = make_household(session, phone=unique_phone())
    phone = unique_phone()
    receipt = _receipt(session, f"r-phone-change-{phone}", phone=phone)
    updated, claimed = service.update_household(
        session=session, household=household, data=HouseholdUpdate(phone=national(phone)), now=NOW
    )
    assert (updated.phone, claimed) == (phone, 1)
    session.refresh(receipt)
    assert receipt.household_id == household.id


def test_keeping_ones_own_phone_is_not_a_conflict(session: Session) -> None:
    phone = unique_phone()
    household = make_household(session, phone=phone)
    updated, claimed = service.update_household(
        session=session, household=household, data=HouseholdUpdate(phone=national(phone)), now=NOW
    )
    assert (updated.phone, claimed) == (phone, 0)


def test_taking_another_households_phone_is_a_conflict(session: Session) -> None:
    taken, mine = unique_phone(), unique_phone()
    make_household(session, phone=taken)
    household = make_household(session, phone=mine)
    with pytest.raises(AppError) as caught:
        service.update_household(
            session=session,
            household=household,
            data=HouseholdUpdate(phone=national(taken)),
            now=NOW,
        )
    assert caught.value.code == "phone_already_enrolled"
    session.refresh(household)
    assert household.phone == mine


def test_revoke_tokens_bumps_the_version(session: Session) -> None:
    household = make_household(session)
    service.revoke_tokens(session=session, household=household)
    assert session.get(Household, household.id).token_version == 1  # type: ignore[union-attr]


def test_issue_token_reports_its_real_expiry(session: Session, settings: Settings) -> None:
    household = make_household(session)
    token = service.issue_token(
        settings=settings, household=household, ttl=dt.timedelta(minutes=30), now=NOW
    )
    assert token.household_id == household.id
    remaining = token.expires_at - NOW
    assert dt.timedelta(minutes=29) < remaining <= dt.timedelta(minutes=30)


def test_profile_lists_every_consent_pair(session: Session) -> None:
    household = make_household(session)
    profile = service.profile(session=session, household=household)
    assert len(profile.consents) == 6 * 4
    assert not any(consent.granted for consent in profile.consents)
    assert profile.devices.count == 0
