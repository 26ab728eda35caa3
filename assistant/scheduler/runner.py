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
    from assistant.orders.words import list_ready

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
    # A basket coupon ("10 EUR off over 60 EUR") counts as one more coupon applied.
    with_coupon += 1 if order.discount_cents > sum(line.discount_cents for line in lines) else 0
    en = household.lang == "en"
    text = list_ready(
        household.lang, items=len(lines), with_coupon=with_coupon,
        saving_cents=order.discount_cents,
    )  # fmt: skip
    week = week_start(now, household.timezone)
    message = enqueue(
        session=session, household_id=household.id, channel="push", purpose="service",
        kind="list_ready", title="Carchan", body=text.body, explanation=text.why,
        lang="en" if en else "fr", now=now, dedup_key=f"proposal:{household.id}:{week}",
        payload={"order_id": order.id, "lines": len(lines), "proposed": len(proposed),
                 "with_coupon": with_coupon, "saving_cents": order.discount_cents},
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


def _weekly_offers(session: Session, job: Job, now: dt.datetime) -> str:
    from assistant.config import get_settings
    from assistant.coupons.weekly import select_week, select_week_in_processes, week_after

    # The week after the scheduled run's local day, even when the run is late.
    start = week_after(job.run_at, job.timezone)
    # The selection commits a chunk at a time on connections of its own: end this session's
    # snapshot first (on SQLite an older snapshot could not write the job's next run after).
    session.commit()
    settings = get_settings()
    bind = session.get_bind()
    if settings.weekly_offers_workers > 1 and isinstance(bind, Engine):
        report = select_week_in_processes(
            bind.url.render_as_string(hide_password=False), start=start, now=now,
            per_household=settings.weekly_offers_per_household,
            workers=settings.weekly_offers_workers,
        )  # fmt: skip
    else:
        report = select_week(bind, start=start, now=now,
                             per_household=settings.weekly_offers_per_household)  # fmt: skip
    return (
        f"week of {start}: {report.households} households, {report.loaded} coupons loaded, "
        f"{report.without_personal} without a personal offer"
    )


def handlers(
    weather: WeatherProvider | None, traffic: TrafficProvider | None
) -> dict[str, Handler]:
    return {
        "briefing": _briefing(weather, traffic),
        "digest": _digest,
        "reminder": _reminder,
        "proposal": _proposal,
        "housekeeping": _housekeeping,
        "weekly_offers": _weekly_offers,
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
