"""Routers, one per domain, mounted by `include_routers`."""

from __future__ import annotations

from fastapi import FastAPI


def include_routers(app: FastAPI) -> None:
    from api.channels import hotline, radio, rest, voice, ws
    from api.routers import (
        auth,
        briefing,
        catalog,
        customers,
        health,
        loyalty,
        notifications,
        offers,
        orders,
        outings,
        presence,
        privacy,
        receipts,
        recipes,
        staff,
        web,
    )

    for module in (
        health,
        auth,
        customers,
        privacy,
        catalog,
        receipts,
        orders,
        offers,
        recipes,
        presence,
        staff,
        notifications,
        loyalty,
        outings,
        briefing,
        ws,
        rest,
        voice,
        hotline,
        radio,
        web,
    ):
        app.include_router(module.router)
