"""Factories for tests: rows with sensible, unique defaults; any field can be overridden.

household = make_household(session, phone="+33612345678")
headers = customer_headers(settings, household)
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlmodel import Session

from assistant.auth.service import create_api_key, issue_customer_token
from assistant.catalog.models import Product, Stock, Store
from assistant.config import Settings
from assistant.customers.models import Address, Device, Household, Member, Pet, Preference
from tests.clock import NOW

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def unique_phone() -> str:
    """A French mobile number (E.164) no other factory call returns."""
    return f"+3361{_next():07d}"


def national(phone: str) -> str:
    """The French national notation of an E.164 +33 number ("+33612..." -> "06 12...")."""
    digits = "0" + phone.removeprefix("+33")
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def unique_card() -> str:
    """A 13-digit loyalty card number no other factory call returns."""
    return f"29{_next():011d}"


def make_household(session: Session, **overrides: Any) -> Household:
    n = _next()
    fields: dict[str, Any] = {
        "name": f"Household {n}",
        "lang": "fr",
        "timezone": "Europe/Paris",
        "slug": f"household-{n}-{id(session)}",
    }
    fields.update(overrides)
    household = Household(**fields)
    session.add(household)
    session.flush()
    return household


def make_member(session: Session, household: Household, **overrides: Any) -> Member:
    assert household.id is not None
    fields: dict[str, Any] = {"first_name": f"Member {_next()}", "role": "adult"}
    fields.update(overrides)
    member = Member(household_id=household.id, **fields)
    session.add(member)
    session.flush()
    return member


def _hid(household: Household) -> int:
    assert household.id is not None
    return household.id


def _add_owned(session: Session, row: Any) -> Any:
    session.add(row)
    session.flush()
    return row


def make_pet(session: Session, household: Household, **overrides: Any) -> Pet:
    fields: dict[str, Any] = {"species": "dog", "name": f"Pet {_next()}", **overrides}
    pet: Pet = _add_owned(session, Pet(household_id=_hid(household), **fields))
    return pet


def make_preference(session: Session, household: Household, **overrides: Any) -> Preference:
    fields: dict[str, Any] = {"kind": "cuisine", "value": f"cuisine {_next()}", **overrides}
    preference: Preference = _add_owned(session, Preference(household_id=_hid(household), **fields))
    return preference


def make_device(session: Session, household: Household, **overrides: Any) -> Device:
    fields: dict[str, Any] = {"platform": "ios", "push_token": f"push-{_next()}", **overrides}
    device: Device = _add_owned(session, Device(household_id=_hid(household), **fields))
    return device


def make_address(session: Session, household: Household, **overrides: Any) -> Address:
    fields: dict[str, Any] = {"kind": "home", "lat": 48.85, "lon": 2.35, **overrides}
    address: Address = _add_owned(session, Address(household_id=_hid(household), **fields))
    return address


def make_store(session: Session, **overrides: Any) -> Store:
    n = _next()
    fields: dict[str, Any] = {
        "code": f"store-{n}-{id(session)}",
        "name": f"Carchan {n}",
        "city": "Paris",
        "lat": 48.85,
        "lon": 2.35,
        "opening_hours": {"mon": [["08:30", "21:00"]]},
        "services": ["drive"],
    }
    fields.update(overrides)
    store = Store(**fields)
    session.add(store)
    session.flush()
    return store


def _ean13(body: str) -> str:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(body))
    return body + str((10 - total % 10) % 10)


def make_product(session: Session, **overrides: Any) -> Product:
    n = _next()
    fields: dict[str, Any] = {
        # "20" prefix: in-store numbering, never a real product's EAN.
        "ean": _ean13(f"20{(n * 7919 + id(session)) % 10**10:010d}"),
        "name_fr": f"Produit {n}",
        "name_en": f"Product {n}",
        "department": "grocery",
        "category": "pasta",
        "price_cents": 199,
    }
    fields.update(overrides)
    product = Product(**fields)
    session.add(product)
    session.flush()
    return product


def make_stock(session: Session, store: Store, product: Product, quantity: int) -> Stock:
    assert store.id is not None and product.id is not None
    stock = Stock(store_id=store.id, product_id=product.id, quantity=quantity)
    session.add(stock)
    session.flush()
    return stock


def make_api_key(session: Session, scopes: list[str], name: str = "test-key") -> str:
    """A new API key holding `scopes`; returns the raw key for the X-API-Key header."""
    _key, raw = create_api_key(session=session, name=name, scopes=scopes)
    return raw


def api_key_headers(session: Session, scopes: list[str]) -> dict[str, str]:
    return {"X-API-Key": make_api_key(session, scopes)}


def customer_headers(settings: Settings, household: Household) -> dict[str, str]:
    token = issue_customer_token(settings=settings, household=household, now=NOW)
    return {"Authorization": f"Bearer {token}"}
