"""The shopping list (pre-filled proposal, edits), pickup slots, orders and their status."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query, Response, status
from sqlmodel import col, select

from api.deps import CurrentCustomer, NowDep, SessionDep
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.catalog.models import Product, Store
from assistant.catalog.service import get_product
from assistant.errors import NotFound
from assistant.orders import lifecycle, service
from assistant.orders.models import Order, OrderStatus
from assistant.orders.proposal import propose_list
from assistant.orders.schemas import (
    LineCreate,
    LineUpdate,
    ListPublic,
    ListUpdate,
    OrderCreate,
    OrderPublic,
    ProposeRequest,
    SlotPublic,
    list_public,
    order_public,
    slot_public,
)
from assistant.orders.view import accept_substitute, list_view

router = unit_of_work_router(tags=["orders"])


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


LINE_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _error("line_not_found")}


def _hid(customer: Any) -> int:
    assert customer.id is not None
    return int(customer.id)


def _view(session: SessionDep, household_id: int, now: dt.datetime) -> ListPublic:
    return list_public(list_view(session=session, household_id=household_id, now=now))


@router.get("/me/list", response_model=ListPublic)
def get_list(customer: CurrentCustomer, session: SessionDep, now: NowDep) -> ListPublic:
    """The shopping list: priced with the household's coupons, checked against the chosen
    store's stock, proposed lines marked (`accepted: false`) with their explanation."""
    return _view(session, _hid(customer), now)


@router.patch("/me/list", response_model=ListPublic, responses={404: _error("store_not_found")})
def update_list(
    body: ListUpdate, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> ListPublic:
    """Choose the store the list is checked against and picked up from."""
    service.choose_store(session=session, household_id=_hid(customer), store_id=body.store_id)
    return _view(session, _hid(customer), now)


@router.post(
    "/me/list/propose", response_model=ListPublic, responses={404: _error("store_not_found")}
)
def propose(
    customer: CurrentCustomer, session: SessionDep, now: NowDep, body: ProposeRequest | None = None
) -> ListPublic:
    """Build or refresh this week's proposal from the purchase history."""
    store_id = body.store_id if body is not None else None
    if store_id is not None and session.get(Store, store_id) is None:
        raise NotFound("no such store", code="store_not_found")
    propose_list(session=session, household_id=_hid(customer), store_id=store_id, at=now)
    return _view(session, _hid(customer), now)


@router.post(
    "/me/list/lines",
    response_model=ListPublic,
    status_code=status.HTTP_201_CREATED,
    responses={404: _error("product_not_found")},
)
def add_line(
    body: LineCreate, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> ListPublic:
    """Add a product (by id or EAN); on top of what the list already holds."""
    if body.ean is not None:
        product = get_product(session=session, ean=body.ean)
    else:
        found = session.get(Product, body.product_id)
        if found is None:
            raise NotFound("no such product", code="product_not_found")
        product = found
    service.add_to_list(
        session=session, household_id=_hid(customer), product=product, quantity=body.quantity,
        now=now,
    )  # fmt: skip
    return _view(session, _hid(customer), now)


@router.patch("/me/list/lines/{line_id}", response_model=ListPublic, responses=LINE_NOT_FOUND)
def update_line(
    line_id: int, body: LineUpdate, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> ListPublic:
    """Set a line's quantity (a proposed line edited this way is accepted)."""
    service.set_line_quantity(
        session=session, household_id=_hid(customer), line_id=line_id, quantity=body.quantity,
        now=now,
    )  # fmt: skip
    return _view(session, _hid(customer), now)


@router.delete(
    "/me/list/lines/{line_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=LINE_NOT_FOUND,
)
def delete_line(line_id: int, customer: CurrentCustomer, session: SessionDep, now: NowDep) -> None:
    """Remove a line; a removed proposal is not proposed again this week."""
    service.remove_line(session=session, household_id=_hid(customer), line_id=line_id, now=now)


@router.post(
    "/me/list/lines/{line_id}/substitute",
    response_model=ListPublic,
    responses={**LINE_NOT_FOUND, 409: _error("no_substitute")},
)
def take_substitute(
    line_id: int, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> ListPublic:
    """Replace an out-of-stock line by the substitute proposed for it."""
    accept_substitute(session=session, household_id=_hid(customer), line_id=line_id, now=now)
    return _view(session, _hid(customer), now)


@router.post("/me/list/accept", response_model=ListPublic)
def accept(customer: CurrentCustomer, session: SessionDep, now: NowDep) -> ListPublic:
    """Accept every proposed line."""
    service.accept_all(session=session, household_id=_hid(customer))
    return _view(session, _hid(customer), now)


@router.get(
    "/stores/{store_id}/slots",
    response_model=list[SlotPublic],
    responses={404: _error("store_not_found")},
)
def store_slots(
    store_id: int,
    _customer: CurrentCustomer,
    session: SessionDep,
    now: NowDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[SlotPublic]:
    """The store's next pickup slots that still have room."""
    if session.get(Store, store_id) is None:
        raise NotFound("no such store", code="store_not_found")
    slots = service.free_slots(session=session, store_id=store_id, after=now, limit=limit)
    return [slot_public(slot) for slot in slots]


@router.post(
    "/me/orders",
    response_model=OrderPublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        404: _error("slot_not_found"),
        409: _error("slot_full, slot_past, empty_order or order_not_draft"),
    },
)
def place(
    body: OrderCreate, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> OrderPublic:
    """Place the shopping list on a pickup slot (booked atomically: never overbooked)."""
    draft = service.draft_order(session=session, household_id=_hid(customer), create=True)
    assert draft is not None and draft.id is not None
    order = service.place_order(session=session, order_id=draft.id, slot_id=body.slot_id, now=now)
    return order_public(session=session, order=order)


@router.get("/me/orders", response_model=list[OrderPublic])
def my_orders(customer: CurrentCustomer, session: SessionDep) -> list[OrderPublic]:
    """Orders placed (newest first), whatever their status."""
    rows = session.exec(
        select(Order)
        .where(Order.household_id == _hid(customer), Order.status != OrderStatus.draft)
        .order_by(col(Order.id).desc())
        .limit(50)
    ).all()
    return [order_public(session=session, order=order) for order in rows]


def _own_order(session: SessionDep, household_id: int, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None or order.household_id != household_id or order.status == OrderStatus.draft:
        raise NotFound("no such order", code="order_not_found")
    return order


@router.get(
    "/me/orders/{order_id}",
    response_model=OrderPublic,
    responses={404: _error("order_not_found")},
)
def my_order(order_id: int, customer: CurrentCustomer, session: SessionDep) -> OrderPublic:
    return order_public(session=session, order=_own_order(session, _hid(customer), order_id))


@router.post(
    "/me/orders/{order_id}/cancel",
    response_model=OrderPublic,
    responses={404: _error("order_not_found"), 409: _error("invalid_transition")},
)
def cancel(
    order_id: int, customer: CurrentCustomer, session: SessionDep, now: NowDep
) -> OrderPublic:
    """Cancel before the store starts picking; the pickup place is freed."""
    order = lifecycle.cancel_order(
        session=session, household_id=_hid(customer), order_id=order_id, now=now
    )
    return order_public(session=session, order=order)
