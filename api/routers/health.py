"""Liveness and readiness."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import BaseModel

from api.deps import SessionDep
from api.routing import unit_of_work_router

router = unit_of_work_router(tags=["health"])


class Health(BaseModel):
    status: str
    database: str


@router.get("/health", response_model=Health)
def health(session: SessionDep) -> Health:
    session.execute(sa.text("SELECT 1"))
    return Health(status="ok", database=session.get_bind().dialect.name)
