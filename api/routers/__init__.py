"""Routers, one per domain, mounted by `include_routers`."""

from __future__ import annotations

from fastapi import FastAPI


def include_routers(app: FastAPI) -> None:
    from api.routers import auth, catalog, customers, health, receipts

    for module in (health, auth, customers, catalog, receipts):
        app.include_router(module.router)
