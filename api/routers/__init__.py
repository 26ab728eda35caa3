"""Routers, one per domain, mounted by `include_routers`."""

from __future__ import annotations

from fastapi import FastAPI


def include_routers(app: FastAPI) -> None:
    from api.channels import radio, rest, voice, ws
    from api.routers import auth, catalog, customers, health, receipts

    for module in (health, auth, customers, catalog, receipts, ws, rest, voice, radio):
        app.include_router(module.router)
