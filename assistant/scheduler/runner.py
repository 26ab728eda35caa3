"""Running due jobs: claim a batch under a lease (committed), then run each job in its own
transaction, so a crash loses at most the jobs in flight and their leases expire."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from sqlalchemy import Engine
from sqlmodel import Session

from assistant.briefing.batch import _channels, send
from assistant.briefing.commute import TrafficProvider
from assistant.briefing.service import briefing_for
from assistant.briefing.weather import WeatherProvider
from assistant.customers.models import Household
from assistant.notify.service import enqueue
from assistant.scheduler.models import Job
from assistant.scheduler.service import Handler, claim_due, run_job

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)


def _briefing(weather: WeatherProvider | None, traffic: TrafficProvider | None) -> Handler:
    def handle(session: Session, job: Job, now: dt.datetime) -> str:
        household = session.get(Household, job.household_id) if job.household_id else None
        if household is None or household.id is None:
            return "no household"
        briefing = briefing_for(
            session=session, household=household, now=now, weather=weather, traffic=traffic
        )
        sent = send(session, briefing, household, _channels(session, [household.id])[household.id],
                    now)  # fmt: skip
        return "sent: " + (", ".join(sent) or "none (no consent)")

    return handle


def _digest(session: Session, job: Job, now: dt.datetime) -> str:
    from assistant.briefing.digest import send_digest

    if job.household_id is None:
        return "no household"
    sent = send_digest(session=session, household_id=job.household_id, now=now)
    return "sent: " + (", ".join(sent) or "none")


def _reminder(session: Session, job: Job, now: dt.datetime) -> str:
    if job.household_id is None:
        return "no household"
    household = session.get(Household, job.household_id)
    message = enqueue(
        session=session, household_id=job.household_id, channel="push", purpose="service",
        kind="reminder", title=str(job.payload.get("title", "")),
        body=str(job.payload.get("body", "")),
        explanation=str(job.payload.get("explanation", "")),
        lang=household.lang if household else "fr", dedup_key=f"job:{job.id}", now=now,
    )  # fmt: skip
    return "sent: push" if message is not None else "not sent (consent, cap or duplicate)"


def _proposal(session: Session, job: Job, now: dt.datetime) -> str:
    from assistant.orders.proposal import propose_list, week_start
    from assistant.orders.service import order_lines

    household = session.get(Household, job.household_id) if job.household_id else None
    if household is None or household.id is None:
        return "no household"
    order = propose_list(session=session, household_id=household.id, store_id=None, at=now)
    assert order.id is not None
    lines = [line for line, _ in order_lines(session=session, order_id=order.id)]
    proposed = [line for line in lines if line.origin == "predicted" and not line.accepted]
    if not proposed:
        return "nothing to propose"
    with_coupon = sum(1 for line in lines if line.coupon_id is not None)
    en = household.lang == "en"
    body = (
        f"Your list for the week is ready: {len(lines)} items, {with_coupon} with a coupon."
        if en
        else f"Votre liste de la semaine est prête : {len(lines)} articles, "
        f"dont {with_coupon} avec un bon de réduction."
    )
    why = (
        "Predicted from your receipts (what you buy and how often); you asked for a weekly list."
        if en
        else "Prévue d'après vos tickets (ce que vous achetez et à quel rythme) ; "
        "vous recevez une liste chaque semaine."
    )
    week = week_start(now, household.timezone)
    message = enqueue(
        session=session, household_id=household.id, channel="push", purpose="service",
        kind="list_ready", title="Carchan", body=body, explanation=why,
        lang="en" if en else "fr", now=now, dedup_key=f"proposal:{household.id}:{week}",
        payload={"order_id": order.id, "lines": len(lines), "proposed": len(proposed)},
    )  # fmt: skip
    return f"{len(proposed)} proposed; push " + ("queued" if message else "not sent")


def _housekeeping(session: Session, job: Job, now: dt.datetime) -> str:
    from assistant.config import get_settings
    from assistant.outings.bookings import expire_holds
    from geofences.service import purge_pings

    expired = expire_holds(session=session, now=now)
    purged = purge_pings(
        session=session, now=now, retention_hours=get_settings().ping_retention_hours
    )
    return f"holds expired: {expired}; pings purged: {purged}"


def handlers(
    weather: WeatherProvider | None, traffic: TrafficProvider | None
) -> dict[str, Handler]:
    return {
        "briefing": _briefing(weather, traffic),
        "digest": _digest,
        "reminder": _reminder,
        "proposal": _proposal,
        "housekeeping": _housekeeping,
    }


def run_due(
    *, engine: Engine, now: dt.datetime, weather: WeatherProvider | None,
    traffic: TrafficProvider | None, owner: str | None = None, limit: int = 100,
) -> list[tuple[int, str]]:  # fmt: skip
    """Claim and run the jobs due at `now`; (job id, outcome) for each."""
    owner = owner or f"runner-{uuid.uuid4().hex[:12]}"
    with Session(engine) as session:
        claimed = [job.id for job in claim_due(session=session, now=now, owner=owner,
                                               lease=LEASE, limit=limit)]  # fmt: skip
        session.commit()
    table = handlers(weather, traffic)
    done = []
    for job_id in claimed:
        with Session(engine) as session:
            job = session.get(Job, job_id)
            if job is None or job.lease_owner != owner:
                continue
            try:
                outcome = run_job(session=session, job=job, now=now, handlers=table)
                session.commit()
            except Exception:  # one broken job must not stop the others; its lease expires
                log.exception("job %s failed", job_id)
                session.rollback()
                continue
            assert job.id is not None
            done.append((job.id, outcome))
    return done
