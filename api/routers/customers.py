"""The customer API: enrolment (partners) and everything under /me (the customer)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, Response, status

from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep, require_scopes
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.auth.service import ApiKeyIdentity
from assistant.customers import service
from assistant.customers.schemas import (
    MAX_PREFERENCES,
    AddressCreate,
    AddressPublic,
    ConsentPublic,
    ConsentUpdate,
    DeviceCreate,
    DevicePublic,
    EnrolmentPublic,
    HouseholdCreate,
    HouseholdUpdate,
    MemberCreate,
    MemberPublic,
    MemberUpdate,
    PetCreate,
    PetPublic,
    PreferenceCreate,
    PreferencePublic,
    ProfilePublic,
    ProfileUpdatePublic,
)

router = unit_of_work_router(tags=["customers"])


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


PHONE_TAKEN: dict[int | str, dict[str, Any]] = {409: _error("phone_already_enrolled")}
NO_CONTENT: dict[str, Any] = {"status_code": status.HTTP_204_NO_CONTENT, "response_class": Response}


@router.post(
    "/households",
    response_model=EnrolmentPublic,
    status_code=status.HTTP_201_CREATED,
    responses={**PHONE_TAKEN, 422: _error("validation_error, invalid_phone or unknown_store")},
)
def enrol(
    body: HouseholdCreate,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    _key: Annotated[ApiKeyIdentity, Depends(require_scopes("households:write"))],
) -> EnrolmentPublic:
    """Enrol a household: assigns its loyalty card, claims the receipts already sent to
    its phone, and returns a customer token."""
    household, claimed = service.enrol_household(session=session, data=body, now=now)
    return EnrolmentPublic(
        household=service.profile(session=session, household=household),
        claimed_receipts=claimed,
        token=service.issue_token(settings=settings, household=household, now=now),
    )


@router.get("/me", response_model=ProfilePublic)
def read_me(customer: CurrentCustomer, session: SessionDep) -> ProfilePublic:
    return service.profile(session=session, household=customer)


@router.patch(
    "/me",
    response_model=ProfileUpdatePublic,
    responses={**PHONE_TAKEN, 422: _error("validation_error, invalid_phone or unknown_store")},
)
def update_me(
    body: HouseholdUpdate, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> ProfileUpdatePublic:
    household, claimed = service.update_household(
        session=session, household=customer, data=body, now=now
    )
    current = service.profile(session=session, household=household)
    return ProfileUpdatePublic(**current.model_dump(), claimed_receipts=claimed)


# Members


@router.get("/me/members", response_model=list[MemberPublic])
def list_members(customer: CurrentCustomer, session: SessionDep) -> list[MemberPublic]:
    rows = service.list_members(session=session, household=customer)
    return [MemberPublic.model_validate(row) for row in rows]


@router.post("/me/members", response_model=MemberPublic, status_code=status.HTTP_201_CREATED)
def create_member(
    body: MemberCreate, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> MemberPublic:
    member = service.create_member(session=session, household=customer, data=body, now=now)
    return MemberPublic.model_validate(member)


@router.get("/me/members/{member_id}", response_model=MemberPublic)
def read_member(member_id: int, customer: CurrentCustomer, session: SessionDep) -> MemberPublic:
    member = service.get_member(session=session, household=customer, member_id=member_id)
    return MemberPublic.model_validate(member)


@router.patch("/me/members/{member_id}", response_model=MemberPublic)
def update_member(
    member_id: int, body: MemberUpdate, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> MemberPublic:
    member = service.update_member(
        session=session, household=customer, member_id=member_id, data=body, now=now
    )
    return MemberPublic.model_validate(member)


@router.delete("/me/members/{member_id}", **NO_CONTENT)
def delete_member(member_id: int, customer: CurrentCustomer, session: SessionDep) -> Response:
    service.delete_member(session=session, household=customer, member_id=member_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Pets


@router.get("/me/pets", response_model=list[PetPublic])
def list_pets(customer: CurrentCustomer, session: SessionDep) -> list[PetPublic]:
    rows = service.list_pets(session=session, household=customer)
    return [PetPublic.model_validate(row) for row in rows]


@router.post("/me/pets", response_model=PetPublic, status_code=status.HTTP_201_CREATED)
def create_pet(body: PetCreate, customer: CurrentCustomer, session: SessionDep) -> PetPublic:
    return PetPublic.model_validate(
        service.create_pet(session=session, household=customer, data=body)
    )


@router.delete("/me/pets/{pet_id}", **NO_CONTENT)
def delete_pet(pet_id: int, customer: CurrentCustomer, session: SessionDep) -> Response:
    service.delete_pet(session=session, household=customer, pet_id=pet_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Preferences


@router.get("/me/preferences", response_model=list[PreferencePublic])
def list_preferences(customer: CurrentCustomer, session: SessionDep) -> list[PreferencePublic]:
    rows = service.list_preferences(session=session, household=customer)
    return [PreferencePublic.model_validate(row) for row in rows]


@router.put(
    "/me/preferences",
    response_model=list[PreferencePublic],
    responses={422: _error("validation_error or unknown_member")},
)
def replace_preferences(
    body: Annotated[list[PreferenceCreate], Body(max_length=MAX_PREFERENCES)],
    customer: CurrentCustomer,
    session: SessionDep,
) -> list[PreferencePublic]:
    """Replace the whole set at once (all or nothing)."""
    rows = service.replace_preferences(session=session, household=customer, items=body)
    return [PreferencePublic.model_validate(row) for row in rows]


@router.post(
    "/me/preferences",
    response_model=PreferencePublic,
    status_code=status.HTTP_201_CREATED,
    responses={422: _error("validation_error or unknown_member")},
)
def add_preference(
    body: PreferenceCreate, customer: CurrentCustomer, session: SessionDep
) -> PreferencePublic:
    return PreferencePublic.model_validate(
        service.add_preference(session=session, household=customer, data=body)
    )


@router.delete("/me/preferences/{preference_id}", **NO_CONTENT)
def delete_preference(
    preference_id: int, customer: CurrentCustomer, session: SessionDep
) -> Response:
    service.delete_preference(session=session, household=customer, preference_id=preference_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Consents


@router.get("/me/consents", response_model=list[ConsentPublic])
def list_consents(customer: CurrentCustomer, session: SessionDep) -> list[ConsentPublic]:
    """Every channel x purpose pair; pairs never decided are shown as not granted."""
    return service.list_consents(session=session, household=customer)


@router.put(
    "/me/consents",
    response_model=list[ConsentPublic],
    responses={422: _error("validation_error or duplicate_consent")},
)
def set_consents(
    body: Annotated[list[ConsentUpdate], Body(max_length=100)],
    customer: CurrentCustomer,
    session: SessionDep,
    now: NowDep,
) -> list[ConsentPublic]:
    """Record decisions; pairs not sent are left as they are. Idempotent."""
    return service.set_consents(session=session, household=customer, changes=body, now=now)


# Devices


@router.get("/me/devices", response_model=list[DevicePublic])
def list_devices(customer: CurrentCustomer, session: SessionDep) -> list[DevicePublic]:
    rows = service.list_devices(session=session, household=customer)
    return [service.device_public(row) for row in rows]


@router.post(
    "/me/devices",
    response_model=DevicePublic,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": DevicePublic, "description": "An existing push token refreshed"}},
)
def register_device(
    body: DeviceCreate, customer: CurrentCustomer, session: SessionDep, now: NowDep,
    response: Response,
) -> DevicePublic:  # fmt: skip
    """Register a device, or refresh the one holding this push token (201 / 200)."""
    device, created = service.register_device(
        session=session, household=customer, data=body, now=now
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return service.device_public(device)


@router.delete("/me/devices/{device_id}", **NO_CONTENT)
def delete_device(device_id: int, customer: CurrentCustomer, session: SessionDep) -> Response:
    service.delete_device(session=session, household=customer, device_id=device_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Addresses


@router.get("/me/addresses", response_model=list[AddressPublic])
def list_addresses(customer: CurrentCustomer, session: SessionDep) -> list[AddressPublic]:
    rows = service.list_addresses(session=session, household=customer)
    return [AddressPublic.model_validate(row) for row in rows]


@router.post("/me/addresses", response_model=AddressPublic, status_code=status.HTTP_201_CREATED)
def create_address(
    body: AddressCreate, customer: CurrentCustomer, session: SessionDep
) -> AddressPublic:
    return AddressPublic.model_validate(
        service.create_address(session=session, household=customer, data=body)
    )


@router.delete("/me/addresses/{address_id}", **NO_CONTENT)
def delete_address(address_id: int, customer: CurrentCustomer, session: SessionDep) -> Response:
    service.delete_address(session=session, household=customer, address_id=address_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
