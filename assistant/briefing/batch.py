"""Sending briefings: one household (the scheduler's job) or every household due in a window.

Purpose "service", not "marketing": the briefing is a personal service the customer asked
for, at an hour they chose (Household.briefing_time), like an order-ready notice; it carries
no offer. Consent for (channel, "service") is still required, and enqueue checks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from assistant.briefing.commute import TrafficProvider
from assistant.briefing.compose import Briefing, compose
from assistant.briefing.context import load_days
from assistant.briefing.weather import WeatherProvider
from assistant.customers.models import Device, Household
from assistant.i18n import render
from assistant.notify.policy import zone
from assistant.notify.service import enqueue

CHUNK = 1_000
PUSH_PLATFORMS = ("android", "ios", "web")


@dataclass
class BatchReport:
    households: int = 0
    messages: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)


def _channels(session: Session, ids: Sequence[int]) -> dict[int, set[str]]:
    """push when a phone has a token, speaker when a speaker is linked; radio always offered
    (enqueue keeps it only where the household consented to it)."""
    found: dict[int, set[str]] = {i: {"radio"} for i in ids}
    for household_id, platform, token in session.exec(
        select(Device.household_id, Device.platform, Device.push_token).where(
            col(Device.household_id).in_(ids)
        )
    ).all():
        if platform in PUSH_PLATFORMS and token:
            found[household_id].add("push")
        elif platform == "speaker":
            found[household_id].add("speaker")
    return found


def explanation(household: Household, lang: str) -> str:
    at = household.briefing_time or dt.time(7, 0)
    return render(lang, "briefing.notice.why", at=at)


def send(session: Session, briefing: Briefing, household: Household, channels: set[str],
         now: dt.datetime) -> list[str]:  # fmt: skip
    """Enqueue the briefing on each channel; the channels actually written."""
    lang = briefing.lang
    title = render(lang, "briefing.notice.title")
    sent = []
    for channel in sorted(channels):
        spoken = channel in ("speaker", "radio")
        message = enqueue(
            session=session, household_id=briefing.household_id, channel=channel,
            purpose="service", kind="briefing", title=title,
            body=briefing.text if spoken else briefing.push,
            explanation=explanation(household, lang), lang=lang,
            ssml=briefing.ssml if spoken else None,
            payload={"day": briefing.day.isoformat(), "sections": briefing.kinds()},
            dedup_key=f"briefing:{briefing.household_id}:{briefing.day.isoformat()}:{channel}",
            # The customer chose this hour: quiet hours and the daily cap are for messages
            # nobody asked for, so a 6:30 briefing is neither delayed nor crowding out offers.
            now=now, transactional=True,
        )  # fmt: skip
        if message is not None:
            sent.append(channel)
    return sent


def due_households(
    *, session: Session, start: dt.time, end: dt.time, chunk: int = CHUNK
) -> Iterator[list[Household]]:
    """Households whose local briefing_time is in [start, end), in chunks by id."""
    last = 0
    while True:
        rows = list(
            session.exec(
                select(Household)
                .where(
                    col(Household.id) > last,
                    col(Household.briefing_time).is_not(None),
                    col(Household.briefing_time) >= start,
                    col(Household.briefing_time) < end,
                )
                .order_by(col(Household.id))
                .limit(chunk)
            ).all()
        )
        if not rows:
            return
        yield rows
        last = rows[-1].id or last


def run_window(
    *, session: Session, start: dt.time, end: dt.time, day: dt.date | None, now: dt.datetime,
    weather: WeatherProvider | None, traffic: TrafficProvider | None, chunk: int = CHUNK,
    deliver: bool = True,
) -> BatchReport:  # fmt: skip
    """Briefings of every household due in the window (each on its local `day`, default its
    local today), through the outbox (`deliver=False`: compose only, for measurements).
    Flushes per chunk; the caller commits."""
    report = BatchReport()
    incidents = traffic.incidents() if traffic is not None else None
    for households in due_households(session=session, start=start, end=end, chunk=chunk):
        ids = [h.id for h in households if h.id is not None]
        channels = _channels(session, ids)
        by_day: dict[dt.date, list[Household]] = {}
        for household in households:
            local_day = day or now.astimezone(zone(household.timezone)).date()
            by_day.setdefault(local_day, []).append(household)
        for local_day, group in by_day.items():
            for ctx in load_days(session=session, households=group, day=local_day):
                briefing = compose(ctx, now=now, weather=weather, incidents=incidents)
                assert ctx.household.id is not None
                report.households += 1
                if not deliver:
                    continue
                for channel in send(session, briefing, ctx.household,
                                    channels[ctx.household.id], now):  # fmt: skip
                    report.by_channel[channel] = report.by_channel.get(channel, 0) + 1
                    report.messages += 1
        session.flush()
    return report
