"""`DELETE /me`: erasure of a household (GDPR art. 17), in the caller's transaction.

What happens, table by table, follows `assistant.privacy.inventory.RULES`:
- every row of the household is deleted (members to conversations), children first;
- receipts are accounting records: they stay, anonymised (no household, phone or loyalty
  card; `anonymised` set) with their lines; unclaimed receipts sent to the household's
  phone or card are anonymised too;
- pending outbox messages are deleted with the rest, so the relay never delivers them (a
  message the relay holds in flight finds its row gone and records nothing);
- seats and pickup slots the household still held are given back;
- tokens: the household row is gone, so every token of it answers 401 `token_revoked`.

Logs: our log lines name households by numeric id only (never phone, e-mail, name, token or
coordinates; `tests/privacy/test_logs.py` checks the logging calls). Once the household row
is deleted, that id points at nothing, so the lines already written no longer identify anyone
and need no rewriting.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.errors import Unprocessable
from assistant.privacy.inventory import HOUSEHOLDS, Erase, ordered_rules, owned_by, table

log = logging.getLogger(__name__)

ACTIVE_ORDERS = ("placed", "picking", "ready")
ACTIVE_BOOKINGS = ("held", "confirmed")


@dataclass
class ErasureReport:
    household_id: int
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised_receipts: int = 0
    released_slots: int = 0
    released_seats: int = 0


def confirmation_matches(*, household: Household, confirm: str | None) -> bool:
    """The customer types the household's name (or its slug) to confirm: no accidents."""
    if not confirm or not confirm.strip():
        return False
    typed = " ".join(confirm.split()).casefold()
    accepted = {" ".join(household.name.split()).casefold()}
    if household.slug:
        accepted.add(household.slug.casefold())
    return typed in accepted


def check_confirmation(*, household: Household, confirm: str | None) -> None:
    if confirm is None or not confirm.strip():
        raise Unprocessable(
            'erasure must be confirmed: send {"confirm": <the household\'s name>}',
            code="erasure_confirmation_required",
        )
    if not confirmation_matches(household=household, confirm=confirm):
        raise Unprocessable(
            "the confirmation does not match the household's name",
            code="erasure_confirmation_mismatch",
        )


def _count(result: sa.CursorResult[object] | sa.Result[object]) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _anonymise_receipts(session: Session, household: Household) -> int:
    result = session.execute(
        sa.update(table("receipts"))
        .where(owned_by("receipts", household))
        .values(household_id=None, phone=None, loyalty_card=None, claimed_at=None, anonymised=True)
        .execution_options(synchronize_session=False)
    )
    return _count(result)


def _release_capacity(session: Session, household_id: int, now: dt.datetime) -> tuple[int, int]:
    """Give back the pickup slots and event seats still held: another customer may want them."""
    orders, slots = table("orders"), table("pickup_slots")
    slot_ids = session.execute(
        sa.select(orders.c.slot_id).where(
            orders.c.household_id == household_id,
            orders.c.status.in_(ACTIVE_ORDERS),
            orders.c.slot_id.is_not(None),
        )
    ).scalars()
    released_slots = 0
    for slot_id in slot_ids:
        released_slots += _count(
            session.execute(
                sa.update(slots)
                .where(slots.c.id == slot_id, slots.c.booked > 0, slots.c.starts_at > now)
                .values(booked=slots.c.booked - 1)
            )
        )
    bookings, events = table("bookings"), table("events")
    held = session.execute(
        sa.select(bookings.c.event_id, bookings.c.seats).where(
            bookings.c.household_id == household_id, bookings.c.status.in_(ACTIVE_BOOKINGS)
        )
    ).all()
    released_seats = 0
    for event_id, seats in held:
        if _count(
            session.execute(
                sa.update(events)
                .where(events.c.id == event_id, events.c.seats_taken >= seats)
                .values(seats_taken=events.c.seats_taken - seats)
            )
        ):
            released_seats += int(seats)
    return released_slots, released_seats


def erase_household(*, session: Session, household: Household, now: dt.datetime) -> ErasureReport:
    """Erase the household now (flush, no commit: the boundary commits)."""
    assert household.id is not None
    hid = household.id
    report = ErasureReport(household_id=hid)
    session.flush()
    report.anonymised_receipts = _anonymise_receipts(session, household)
    report.released_slots, report.released_seats = _release_capacity(session, hid, now)
    rules = dict(ordered_rules())
    # Children before parents: the reverse of the metadata's dependency order.
    for name, rule in reversed(ordered_rules()):
        if rule.erase is not Erase.delete or name == HOUSEHOLDS:
            continue
        t = table(name)
        if rule.parent is None:
            where = owned_by(name, household)
        else:
            assert rule.parent_fk is not None
            parent = table(rule.parent)
            if rules[rule.parent].erase is not Erase.delete:
                continue
            owned = sa.select(parent.c.id).where(owned_by(rule.parent, household))
            where = t.c[rule.parent_fk].in_(owned.scalar_subquery())
        report.deleted[name] = _count(session.execute(sa.delete(t).where(where)))
    households = table(HOUSEHOLDS)
    gone = session.execute(sa.delete(households).where(households.c.id == hid))
    report.deleted[HOUSEHOLDS] = _count(gone)
    # ORM objects of deleted rows must not be flushed back: forget the household, and
    # expire what else the session holds so it is read again (or found gone) on next use.
    session.expunge(household)
    session.expire_all()
    log.info("household %s erased: %s", hid, report.deleted)
    return report
