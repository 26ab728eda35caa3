"""Store staff feeds: the store's pickup orders, and moving them through their lifecycle."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query

from api.deps import NowDep, SessionDep, require_scopes
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.auth.service import ApiKeyIdentity
from assistant.catalog.models import Store
from assistant.errors import NotFound
from assistant.orders import lifecycle
from assistant.orders.models import OrderStatus
from assistant.orders.schemas import OrderPublic, StatusUpdate, order_public

router = unit_of_work_router(tags=["staff"])

StaffReader = Annotated[ApiKeyIdentity, Depends(require_scopes("staff:read"))]
StaffWriter = Annotated[ApiKeyIdentity, Depends(require_scopes("staff:write"))]


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


@router.get(
    "/staff/stores/{store_id}/orders",
    response_model=list[OrderPublic],
    responses={404: _error("store_not_found")},
)
def store_orders(
    store_id: int,
    session: SessionDep,
    _key: StaffReader,
    status: Annotated[list[OrderStatus] | None, Query()] = None,
) -> list[OrderPublic]:
    """The store's pickup orders by slot time (placed, picking and ready by default)."""
    if session.get(Store, store_id) is None:
        raise NotFound("no such store", code="store_not_found")
    orders = lifecycle.store_orders(session=session, store_id=store_id, statuses=status)
    return [order_public(session=session, order=order) for order in orders]


@router.post(
    "/staff/stores/{store_id}/orders/{order_id}/status",
    response_model=OrderPublic,
    responses={404: _error("order_not_found"), 409: _error("invalid_transition")},
)
def move_order(
    store_id: int, order_id: int, body: StatusUpdate, session: SessionDep, now: NowDep,
    _key: StaffWriter,
) -> OrderPublic:  # fmt: skip
    """Move an order: placed -> picking -> ready -> collected, or cancelled. Ready sends the
    customer a push (in the same transaction, through the outbox)."""
    order = lifecycle.advance_order(
        session=session, order_id=order_id, to=body.target, store_id=store_id, now=now
    )
    return order_public(session=session, order=order)
