"""Households and everything the assistant knows about them."""

from __future__ import annotations

import datetime as dt
import secrets
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, fk, timestamp_field


class Role(StrEnum):
    adult = "adult"
    child = "child"


class Species(StrEnum):
    cat = "cat"
    dog = "dog"
    rabbit = "rabbit"
    bird = "bird"
    fish = "fish"
    other = "other"


class PreferenceKind(StrEnum):
    cuisine = "cuisine"
    music = "music"
    film_director = "film_director"
    diet = "diet"
    allergy = "allergy"
    dislike = "dislike"
    equipment = "equipment"
    wish = "wish"
    brand = "brand"


class Channel(StrEnum):
    push = "push"
    in_app = "in_app"
    email = "email"
    sms = "sms"
    speaker = "speaker"
    radio = "radio"


class Purpose(StrEnum):
    service = "service"  # orders, pickups, bookings: what the customer asked for
    marketing = "marketing"  # offers and digests
    personalisation = "personalisation"  # use of purchase history for recommendations
    location = "location"  # geofenced presence


class AddressKind(StrEnum):
    home = "home"
    school = "school"
    work = "work"
    other = "other"


class Platform(StrEnum):
    android = "android"
    ios = "ios"
    web = "web"
    speaker = "speaker"


def new_public_id() -> str:
    return secrets.token_hex(16)


class HouseholdBase(SQLModel):
    name: str = Field(min_length=1, max_length=120)
    lang: str = Field(default="fr", max_length=5)
    timezone: str = Field(default="Europe/Paris", max_length=64)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    briefing_time: dt.time | None = None
    preferred_store_id: int | None = None


class Household(HouseholdBase, table=True):
    __tablename__ = "households"
    __table_args__ = (sa.Index("ix_households_source_ref", "source", "external_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str | None = Field(default=None, unique=True, max_length=64)
    phone: str | None = Field(default=None, unique=True, max_length=20)
    loyalty_card: str | None = Field(default=None, unique=True, max_length=32)
    preferred_store_id: int | None = fk("stores.id", nullable=True, ondelete="SET NULL")
    source: str = Field(default="app", max_length=32)
    external_ref: str | None = Field(default=None, max_length=64)
    # What tokens and signed links name besides the id: an id may be used again after an
    # erasure (SQLite), this never is.
    public_id: str | None = Field(
        default_factory=new_public_id, max_length=32, unique=True, index=True
    )
    token_version: int = 0
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = created_at_field()


class Member(SQLModel, table=True):
    __tablename__ = "members"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    first_name: str = Field(max_length=80)
    last_name: str | None = Field(default=None, max_length=80)
    salutation: str | None = Field(default=None, max_length=16)
    birth_date: dt.date | None = None
    role: str = Field(default=Role.adult, max_length=16)
    created_at: dt.datetime = created_at_field()


class Pet(SQLModel, table=True):
    __tablename__ = "pets"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    species: str = Field(max_length=16)
    name: str | None = Field(default=None, max_length=80)
    created_at: dt.datetime = created_at_field()


class Preference(SQLModel, table=True):
    __tablename__ = "preferences"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    member_id: int | None = fk("members.id", nullable=True)
    kind: str = Field(max_length=32, index=True)
    value: str = Field(max_length=200)
    weight: float = 1.0
    created_at: dt.datetime = created_at_field()


class Consent(SQLModel, table=True):
    __tablename__ = "consents"
    __table_args__ = (sa.UniqueConstraint("household_id", "channel", "purpose"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    channel: str = Field(max_length=16)
    purpose: str = Field(max_length=32)
    granted: bool = False
    granted_at: dt.datetime | None = timestamp_field()
    withdrawn_at: dt.datetime | None = timestamp_field()
    updated_at: dt.datetime = created_at_field()
    source: str = Field(default="app", max_length=32)


class Device(SQLModel, table=True):
    __tablename__ = "devices"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    member_id: int | None = fk("members.id", nullable=True, ondelete="SET NULL")
    platform: str = Field(max_length=16)
    label: str | None = Field(default=None, max_length=80)
    push_token: str | None = Field(default=None, unique=True, max_length=4096)
    lang: str | None = Field(default=None, max_length=5)
    created_at: dt.datetime = created_at_field()
    last_seen_at: dt.datetime | None = timestamp_field()


class Address(SQLModel, table=True):
    __tablename__ = "addresses"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    member_id: int | None = fk("members.id", nullable=True, ondelete="SET NULL")
    kind: str = Field(max_length=16)
    label: str | None = Field(default=None, max_length=120)
    street: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, max_length=16)
    city: str | None = Field(default=None, max_length=80)
    lat: float
    lon: float
    created_at: dt.datetime = created_at_field()
