"""The weekly job that pre-fills the Zerty shopping list on Saturday morning."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from assistant.notify.models import OutboxMessage
from assistant.orders.models import OrderLine
from assistant.orders.service import draft_order
from assistant.scheduler.models import Job
from assistant.scheduler.runner import handlers
from assistant.scheduler.service import claim_due, run_job, sync_household_jobs
from tests import clock
from tests.clock import local, on_weekday

TODAY = on_weekday(clock.TODAY, 1)  # a Tuesday, the first from the suite's day
# That week's Saturday, 8:30 in Paris.
SATURDAY = local(TODAY + dt.timedelta(days=4), "08:30")


def _zerty(session: Session) -> Household:
    seed_world(session=session, today=TODAY)
    return seed_zerty(session=session, today=TODAY)


def test_saturday_morning_the_list_is_proposed_and_announced_once(session: Session) -> None:
    zerty = _zerty(session)
    assert zerty.id is not None
    jobs = sync_household_jobs(session=session, household_id=zerty.id, now=SATURDAY
                               - dt.timedelta(days=2))  # fmt: skip
    (proposal,) = [job for job in jobs if job.kind == "proposal"]
    assert proposal.run_at == SATURDAY

    due = claim_due(session=session, now=SATURDAY, owner="t", lease=dt.timedelta(minutes=5))
    (claimed,) = [job for job in due if job.id == proposal.id]
    outcome = run_job(session=session, job=claimed, now=SATURDAY, handlers=handlers(None, None))

    order = draft_order(session=session, household_id=zerty.id)
    assert order is not None
    predicted = session.exec(
        select(OrderLine).where(OrderLine.order_id == order.id, OrderLine.origin == "predicted")
    ).all()
    assert predicted and all(line.explanation for line in predicted)
    assert outcome.startswith(f"{len(predicted)} proposed")
    (push,) = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == zerty.id,
                                    OutboxMessage.kind == "list_ready")
    ).all()  # fmt: skip
    assert push.explanation and push.payload["order_id"] == order.id
    # Next Saturday, not twice this week.
    job = session.get(Job, proposal.id)
    assert job is not None and job.run_at == SATURDAY + dt.timedelta(days=7)
