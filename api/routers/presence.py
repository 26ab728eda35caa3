"""Location pings (batched), the customer's visits, and the staff's arrivals feed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends

from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep, require_scopes
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.auth.service import ApiKeyIdentity
from assistant.catalog.models import Store
from assistant.errors import NotFound
from geofences import service, triggers
from geofences.schemas import (
    ArrivalPublic,
    IngestResult,
    PingIn,
    VisitPublic,
    VisitUpdate,
)

router = unit_of_work_router(tags=["presence"])


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


@router.post(
    "/me/location/pings",
    response_model=IngestResult,
    responses={
        403: _error("location_consent_required"),
        422: _error("validation_error, batch_too_large or ping_in_future"),
    },
)
def post_pings(
    pings: Annotated[list[PingIn], Body(min_length=1)],
    customer: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> IngestResult:
    """A batch of location pings (oldest first or not: they are sorted). Needs the location
    consent; duplicates and pings older than one already processed are reported, not run."""
    assert customer.id is not None
    return service.ingest_pings(
        session=session, household_id=customer.id, pings=pings, settings=settings, source="rest",
        now=now,
    )  # fmt: skip


@router.get("/me/visits", response_model=list[VisitPublic])
def list_visits(customer: CurrentCustomer, session: SessionDep) -> list[VisitPublic]:
    assert customer.id is not None
    rows = service.list_visits(session=session, household_id=customer.id)
    return [VisitPublic.model_validate(row) for row in rows]


@router.patch(
    "/me/visits/{visit_id}", response_model=VisitPublic, responses={404: _error("visit_not_found")}
)
def update_visit(
    visit_id: int, body: VisitUpdate, customer: CurrentCustomer, session: SessionDep
) -> VisitPublic:
    """Tell the store where the car is ("grey Clio, row C") or collect inside instead."""
    assert customer.id is not None
    visit = service.update_visit(
        session=session, household_id=customer.id, visit_id=visit_id, data=body
    )
    return VisitPublic.model_validate(visit)


@router.get(
    "/staff/stores/{store_id}/arrivals",
    response_model=list[ArrivalPublic],
    responses={404: _error("store_not_found")},
)
def store_arrivals(
    store_id: int,
    session: SessionDep,
    now: NowDep,
    _key: Annotated[ApiKeyIdentity, Depends(require_scopes("staff:read"))],
) -> list[ArrivalPublic]:
    """Customers in the store now with a pickup order waiting: bring it to their car."""
    if session.get(Store, store_id) is None:
        raise NotFound("no such store", code="store_not_found")
    return triggers.arrivals(session=session, store_id=store_id, now=now)
