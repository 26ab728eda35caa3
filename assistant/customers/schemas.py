"""Request and response bodies of the customer API.

`XCreate` / `XUpdate` bodies forbid unknown fields (a typo must not be silently
ignored); `XPublic` models are what the API returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from assistant.customers.models import (
    AddressKind,
    Channel,
    Platform,
    PreferenceKind,
    Purpose,
    Role,
    Species,
)
from assistant.schemas import StrictBody

Lang = Literal["fr", "en"]
HHMM = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["07:30"])]
Email = Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Phone = Annotated[str, Field(min_length=1, max_length=32, examples=["06 12 34 56 78"])]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r}") from exc
    return value


TimeZoneName = Annotated[str, Field(max_length=64), AfterValidator(_check_timezone)]


class PublicModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# Members


class MemberBase(StrictBody):
    first_name: str = Field(min_length=1, max_length=80)
    last_name: str | None = Field(default=None, max_length=80)
    salutation: str | None = Field(default=None, max_length=16)
    birth_date: dt.date | None = None
    role: Role = Role.adult


class MemberCreate(MemberBase):
    pass


class MemberUpdate(StrictBody):
    first_name: str | None = Field(default=None, min_length=1, max_length=80)
    last_name: str | None = Field(default=None, max_length=80)
    salutation: str | None = Field(default=None, max_length=16)
    birth_date: dt.date | None = None
    role: Role | None = None


class MemberPublic(PublicModel):
    id: int
    first_name: str
    last_name: str | None
    salutation: str | None
    birth_date: dt.date | None
    role: Role
    created_at: dt.datetime


# Pets


class PetBase(StrictBody):
    species: Species
    name: str | None = Field(default=None, max_length=80)


class PetCreate(PetBase):
    pass


class PetPublic(PublicModel):
    id: int
    species: Species
    name: str | None
    created_at: dt.datetime


# Preferences


class PreferenceBase(StrictBody):
    kind: PreferenceKind
    value: str = Field(min_length=1, max_length=200)
    weight: float = Field(default=1.0, ge=-10, le=10)
    member_id: int | None = None


class PreferenceCreate(PreferenceBase):
    pass


class PreferencePublic(PublicModel):
    id: int
    kind: PreferenceKind
    value: str
    weight: float
    member_id: int | None
    created_at: dt.datetime


# Consents


class ConsentUpdate(StrictBody):
    channel: Channel
    purpose: Purpose
    granted: bool


class ConsentPublic(PublicModel):
    channel: Channel
    purpose: Purpose
    granted: bool
    granted_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


# Devices


class DeviceBase(StrictBody):
    platform: Platform
    push_token: str | None = Field(default=None, min_length=1, max_length=4096)
    label: str | None = Field(default=None, max_length=80)
    lang: Lang | None = None
    member_id: int | None = None


class DeviceCreate(DeviceBase):
    pass


class DevicePublic(PublicModel):
    """A device; its push token is never echoed back."""

    id: int
    platform: Platform
    label: str | None
    lang: str | None
    member_id: int | None
    has_push_token: bool
    created_at: dt.datetime
    last_seen_at: dt.datetime | None


class DevicesSummary(BaseModel):
    count: int
    platforms: dict[str, int]


# Addresses


class AddressBase(StrictBody):
    kind: AddressKind
    label: str | None = Field(default=None, max_length=120)
    street: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, max_length=16)
    city: str | None = Field(default=None, max_length=80)
    lat: Latitude
    lon: Longitude
    member_id: int | None = None


class AddressCreate(AddressBase):
    pass


class AddressPublic(PublicModel):
    id: int
    kind: AddressKind
    label: str | None
    street: str | None
    postcode: str | None
    city: str | None
    lat: float
    lon: float
    member_id: int | None
    created_at: dt.datetime


# Households

# Tastes, wishes, dislikes, allergies: a household's whole set, bounded (20,000 in one PUT held
# SQLite's write lock for seconds while tills waited).
MAX_PREFERENCES = 200


class HouseholdBase(StrictBody):
    name: str = Field(min_length=1, max_length=120)
    lang: Lang = "fr"
    timezone: TimeZoneName = "Europe/Paris"
    email: Email | None = None


class HouseholdCreate(HouseholdBase):
    phone: Phone | None = None
    briefing_time: HHMM | None = None
    preferred_store_id: int | None = None
    members: list[MemberCreate] = Field(default_factory=list, max_length=30)
    pets: list[PetCreate] = Field(default_factory=list, max_length=30)
    preferences: list[PreferenceCreate] = Field(default_factory=list, max_length=MAX_PREFERENCES)
    consents: list[ConsentUpdate] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _no_member_ids(self) -> HouseholdCreate:
        # Members do not exist yet, so a preference cannot point at one.
        if any(preference.member_id is not None for preference in self.preferences):
            raise ValueError("preferences of a new household cannot name a member_id")
        return self


class HouseholdUpdate(StrictBody):
    """Only the fields sent are changed; `null` clears the optional ones."""

    name: str | None = Field(default=None, min_length=1, max_length=120)
    lang: Lang | None = None
    timezone: TimeZoneName | None = None
    phone: Phone | None = None
    email: Email | None = None
    briefing_time: HHMM | None = None
    preferred_store_id: int | None = None

    @model_validator(mode="after")
    def _required_stay_set(self) -> HouseholdUpdate:
        for name in ("name", "lang", "timezone"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class HouseholdPublic(PublicModel):
    id: int
    name: str
    lang: str
    timezone: str
    phone: str | None
    email: str | None
    briefing_time: str | None
    preferred_store_id: int | None
    loyalty_card: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ProfilePublic(HouseholdPublic):
    members: list[MemberPublic]
    pets: list[PetPublic]
    addresses: list[AddressPublic]
    preferences: list[PreferencePublic]
    consents: list[ConsentPublic]
    devices: DevicesSummary


# Tokens and enrolment


class TokenRequest(StrictBody):
    """Exactly one way of naming the household the app's back-end has signed in."""

    household_id: int | None = None
    phone: Phone | None = None
    loyalty_card: str | None = Field(default=None, min_length=1, max_length=32)

    @model_validator(mode="after")
    def _exactly_one(self) -> TokenRequest:
        given = [v for v in (self.household_id, self.phone, self.loyalty_card) if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of household_id, phone, loyalty_card")
        return self


class TokenPublic(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: dt.datetime
    household_id: int


class EnrolmentPublic(BaseModel):
    household: ProfilePublic
    claimed_receipts: int
    token: TokenPublic


class ProfileUpdatePublic(ProfilePublic):
    """The profile after a change, with the receipts a new phone number claimed."""

    claimed_receipts: int = 0
