"""Catalog reads, open to customers (bearer token) and partners (`catalog:read` key)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi.security import HTTPAuthorizationCredentials

from api.deps import NowDep, SessionDep, SettingsDep, api_key_scheme, bearer_scheme, require_scopes
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.auth.service import authenticate_customer
from assistant.catalog import service
from assistant.catalog.schemas import ProductPage, ProductPublic, StockPublic, StorePublic
from assistant.errors import Unauthorized

_catalog_key = require_scopes("catalog:read")


def customer_or_catalog_key(
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    raw_key: Annotated[str | None, Depends(api_key_scheme)],
) -> None:
    """Admit a valid customer token or an API key holding `catalog:read`. A credential that
    is present is checked even if the other would do: a bad one is never ignored."""
    if credentials is not None and credentials.scheme.lower() == "bearer":
        authenticate_customer(
            session=session, settings=settings, token=credentials.credentials, now=now
        )
        return
    if raw_key:
        _catalog_key(session=session, now=now, raw_key=raw_key)
        return
    raise Unauthorized("a customer token or an API key with catalog:read is required")


router = unit_of_work_router(tags=["catalog"], dependencies=[Depends(customer_or_catalog_key)])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "store_not_found / product_not_found"}
}


@router.get("/stores", response_model=list[StorePublic])
def list_stores(
    session: SessionDep,
    settings: SettingsDep,
    near: Annotated[
        str | None, Query(description="'lat,lon': nearest stores first", examples=["48.85,2.35"])
    ] = None,
    limit: Annotated[int, Query(ge=1)] = 50,
) -> list[StorePublic]:
    origin = service.parse_near(near) if near is not None else None
    limit = min(limit, settings.page_size_max)
    return service.list_stores(session=session, near=origin, limit=limit)


@router.get("/stores/{store_id}", response_model=StorePublic, responses=NOT_FOUND)
def read_store(store_id: int, session: SessionDep) -> StorePublic:
    return StorePublic.model_validate(service.get_store(session=session, store_id=store_id))


@router.get("/products", response_model=ProductPage)
def search_products(
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=100, description="in the FR or EN name")] = None,
    department: Annotated[str | None, Query(max_length=40)] = None,
    category: Annotated[str | None, Query(max_length=60)] = None,
    limit: Annotated[int, Query(ge=1)] = 50,
    cursor: Annotated[str | None, Query(max_length=64, description="next_cursor")] = None,
) -> ProductPage:
    return service.search_products(
        session=session,
        q=q,
        department=department,
        category=category,
        limit=min(limit, settings.page_size_max),
        cursor=cursor,
    )


@router.get("/products/{ean}", response_model=ProductPublic, responses=NOT_FOUND)
def read_product(ean: str, session: SessionDep) -> ProductPublic:
    return ProductPublic.model_validate(service.get_product(session=session, ean=ean))


@router.get("/stores/{store_id}/stock/{ean}", response_model=StockPublic, responses=NOT_FOUND)
def read_stock(store_id: int, ean: str, session: SessionDep) -> StockPublic:
    return service.stock_level(session=session, store_id=store_id, ean=ean)
