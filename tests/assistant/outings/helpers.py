"""Events for the outings tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from assistant.outings.models import Event
from tests.clock import NOW


def make_event(session: Session, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "kind": "circus",
        "title": "Cirque des tests",
        "venue": "Chapiteau",
        "city": "Paris",
        "starts_at": NOW + dt.timedelta(days=3),
        "capacity": 10,
        "price_cents": 1500,
    }
    values.update(fields)
    event = Event(**values)
    session.add(event)
    session.flush()
    return event
