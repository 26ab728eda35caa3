"""Request and response shapes of presence (REST and the chat WebSocket share them)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from assistant.schemas import Instant, StrictBody

MAX_PINGS_PER_BATCH = 500
# Phones' clocks drift: a ping a little in the future is accepted, beyond this it is refused.
MAX_CLOCK_SKEW = dt.timedelta(minutes=2)


class PingIn(StrictBody):
    lat: Annotated[float, Field(ge=-90.0, le=90.0, allow_inf_nan=False)]
    lon: Annotated[float, Field(ge=-180.0, le=180.0, allow_inf_nan=False)]
    # 0 would claim a perfect fix: no phone gives one.
    accuracy_m: Annotated[float, Field(gt=0.0, le=100_000.0, allow_inf_nan=False)]
    recorded_at: Instant
    ping_id: Annotated[str | None, Field(min_length=1, max_length=64)] = None


class PresenceEventPublic(BaseModel):
    kind: str
    store_id: int
    visit_id: int | None
    at: dt.datetime


class IngestResult(BaseModel):
    accepted: int = 0  # stored
    processed: int = 0  # stored and run through the state machine
    out_of_order: int = 0  # stored, older than a ping already processed
    duplicates: int = 0  # same ping_id, or same time and position: not stored again
    stale: int = 0  # older than the retention window: not stored
    events: list[PresenceEventPublic] = Field(default_factory=list)


class VisitPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    store_id: int
    entered_at: dt.datetime
    dwell_at: dt.datetime | None
    exited_at: dt.datetime | None
    order_ids: list[int]
    bring_to_car: bool
    vehicle: str | None


class VisitUpdate(StrictBody):
    bring_to_car: bool | None = None
    vehicle: Annotated[str | None, Field(max_length=120)] = None


class ArrivalOrder(BaseModel):
    id: int
    status: str
    slot_starts_at: dt.datetime | None


class ArrivalPublic(BaseModel):
    visit_id: int
    household_id: int
    name: str
    phone: str | None
    entered_at: dt.datetime
    last_seen_at: dt.datetime | None
    orders: list[ArrivalOrder]
    bring_to_car: bool
    vehicle: str | None
