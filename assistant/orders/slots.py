"""Places in pickup slots, taken and freed by conditional updates: two customers racing for
the last place cannot both get it, and a count never goes below zero."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col

from assistant.errors import Conflict
from assistant.orders.models import PickupSlot


def take_slot(session: Session, slot_id: int) -> None:
    """One place of the slot, only while one is left (Conflict `slot_full`)."""
    taken = session.execute(
        sa.update(PickupSlot)
        .where(col(PickupSlot.id) == slot_id, col(PickupSlot.booked) < PickupSlot.capacity)
        .values(booked=col(PickupSlot.booked) + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("this pickup slot is full", code="slot_full")


def free_slot(session: Session, slot_id: int) -> None:
    """Gives one place of the slot back."""
    session.execute(
        sa.update(PickupSlot)
        .where(col(PickupSlot.id) == slot_id, col(PickupSlot.booked) > 0)
        .values(booked=col(PickupSlot.booked) - 1)
        .execution_options(synchronize_session=False)
    )
