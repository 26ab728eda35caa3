"""Receipts endpoints: e-receipts from the tills, the customer's receipts and purchases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response, status

from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep, require_scopes
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.auth.service import ApiKeyIdentity
from assistant.config import Settings
from assistant.errors import Unprocessable
from assistant.history import service
from assistant.history.schemas import (
    Page,
    PurchasePublic,
    ReceiptCreate,
    ReceiptPublic,
    ReceiptSummary,
)
from assistant.schemas import Instant

router = unit_of_work_router(tags=["receipts"])

DEFAULT_PAGE_SIZE = 20

TillKey = Annotated[ApiKeyIdentity, Depends(require_scopes("receipts:write"))]
Limit = Annotated[int | None, Query(ge=1, description="Page size, up to the configured maximum")]
Cursor = Annotated[str | None, Query(description="next_cursor of the last page")]
Since = Annotated[Instant | None, Query(description="Purchased at or after (inclusive)")]
Until = Annotated[Instant | None, Query(description="Purchased before (exclusive)")]
StoreCode = Annotated[str | None, Query(min_length=1, max_length=40)]


def _page_size(limit: int | None, settings: Settings) -> int:
    if limit is None:
        return min(DEFAULT_PAGE_SIZE, settings.page_size_max)
    if limit > settings.page_size_max:
        raise Unprocessable(
            f"limit must be at most {settings.page_size_max}",
            code="validation_error",
            details=[
                {"loc": ["query", "limit"], "type": "less_than_equal", "message": "too large"}
            ],
        )
    return limit


@router.post(
    "/receipts",
    response_model=ReceiptPublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {
            "model": ReceiptPublic,
            "description": "Replay of a stored receipt (header Idempotent-Replay: true)",
        },
        409: {"model": ErrorResponse, "description": "receipt_id reused with different content"},
    },
)
def post_receipt(
    data: ReceiptCreate, session: SessionDep, now: NowDep, response: Response, _key: TillKey
) -> ReceiptPublic:
    """Store an e-receipt sent by a till; idempotent on `receipt_id`."""
    receipt, created = service.ingest_receipt(session=session, data=data, now=now)
    if not created:
        response.status_code = status.HTTP_200_OK
        response.headers["Idempotent-Replay"] = "true"
    return service.receipt_public(session=session, receipt=receipt)


@router.get("/me/receipts", response_model=Page[ReceiptSummary])
def my_receipts(
    household: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    limit: Limit = None,
    cursor: Cursor = None,
    since: Since = None,
    until: Until = None,
    store_code: StoreCode = None,
) -> Page[ReceiptSummary]:
    """The household's receipts, newest first."""
    assert household.id is not None
    return service.list_receipts(
        session=session,
        household_id=household.id,
        limit=_page_size(limit, settings),
        cursor=cursor,
        since=since,
        until=until,
        store_code=store_code,
    )


@router.get("/me/receipts/{receipt_id}", response_model=ReceiptPublic)
def my_receipt(household: CurrentCustomer, session: SessionDep, receipt_id: int) -> ReceiptPublic:
    """One of the household's receipts with its lines."""
    assert household.id is not None
    receipt = service.get_receipt(session=session, household_id=household.id, receipt_id=receipt_id)
    return service.receipt_public(session=session, receipt=receipt)


@router.get("/me/purchases", response_model=Page[PurchasePublic])
def my_purchases(
    household: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    limit: Limit = None,
    cursor: Cursor = None,
    since: Since = None,
    until: Until = None,
    store_code: StoreCode = None,
    category: Annotated[str | None, Query(min_length=1, max_length=60)] = None,
    product_id: Annotated[int | None, Query(ge=1)] = None,
) -> Page[PurchasePublic]:
    """The household's purchase lines, newest first."""
    assert household.id is not None
    return service.list_purchases(
        session=session,
        household_id=household.id,
        limit=_page_size(limit, settings),
        cursor=cursor,
        since=since,
        until=until,
        store_code=store_code,
        category=category,
        product_id=product_id,
    )
