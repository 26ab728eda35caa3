"""The evening digest: this weekend's outings chosen for the household, with one-click links.

The choice follows the conversation's (actions/outings.py): an event must fit someone's age
(min_age..max_age), and is chosen for a reason: children of its age, a director or a music
or cuisine the household loves, a store event at its store that suits its children. Events
with no reason are not "chosen for you" and stay out. Sent by email and push, purpose
marketing (the customer did not ask for these particular events).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from assistant.briefing.context import ACTIVE_BOOKINGS, age_on
from assistant.config import Settings, get_settings
from assistant.customers.models import Household, Member, Preference, Role
from assistant.i18n import Msg
from assistant.i18n import render as render_msg
from assistant.notify.policy import zone
from assistant.notify.service import enqueue
from assistant.outings.links import booking_link
from assistant.outings.models import Booking, Event
from assistant.outings.service import seats_left, upcoming_events
from assistant.text import fold

MAX_CHOICES = 4
LINK_TTL = dt.timedelta(days=3)


@dataclass(frozen=True)
class Choice:
    event: Event
    why: tuple[Msg, ...]  # the reasons it was chosen (catalogue: digest.reason.*)
    seats: int
    link: str | None  # one-click booking (bookable events only)

    def reasons(self, lang: str) -> tuple[str, ...]:
        return tuple(reason.render(lang) for reason in self.why)


def weekend(now: dt.datetime, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The coming weekend (Saturday 00:00 to Monday 00:00 local; the current one on a
    Saturday or Sunday)."""
    today = now.astimezone(zone).date()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:
        saturday = today - dt.timedelta(days=1)
    start = dt.datetime.combine(saturday, dt.time(), tzinfo=zone)
    return start, start + dt.timedelta(days=2)


def _reasons(
    event: Event, kid_ages: list[int], prefs: list[Preference], store_id: int | None
) -> list[Msg]:
    found = []
    tags = {fold(tag) for tag in event.tags}
    for pref in prefs:
        value = fold(pref.value)
        if pref.kind == "film_director" and f"director:{value}" in tags:
            found.append(Msg("digest.reason.director", {"name": pref.value}))
        elif pref.kind in ("music", "cuisine") and value in tags:
            found.append(Msg("digest.reason.taste", {"name": pref.value}))
    if event.min_age is not None and event.max_age is not None:
        if any(event.min_age <= age <= event.max_age for age in kid_ages):
            found.append(Msg("digest.reason.ages", {"low": event.min_age, "high": event.max_age}))
    elif (
        event.kind == "store_event" and event.store_id == store_id and kid_ages and ("kids" in tags)
    ):
        found.append(Msg("digest.reason.store_kids"))
    return found


def _on_the_weekend(event: Event, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> bool:
    """Starts during the weekend and after now, or is still running through it (a week-long
    sale); a Monday braderie or an event already over is no weekend outing."""
    if start <= event.starts_at < end:
        return event.starts_at > now
    return event.starts_at < start and event.ends_at is not None and event.ends_at > max(start, now)


def choose(
    *, session: Session, household: Household, now: dt.datetime, settings: Settings
) -> list[Choice]:
    assert household.id is not None
    local = zone(household.timezone)
    start, end = weekend(now, local)
    today = now.astimezone(local).date()
    members = session.exec(select(Member).where(Member.household_id == household.id)).all()
    ages = [age_on(m.birth_date, today) for m in members if m.birth_date]
    kid_ages = [
        age_on(m.birth_date, today)
        for m in members
        if m.birth_date and (m.role == Role.child or age_on(m.birth_date, today) < 18)
    ]
    prefs = list(session.exec(select(Preference).where(Preference.household_id == household.id)))
    # Events already running (a week-long sale) count when they are still on at the weekend.
    events = upcoming_events(session=session, after=now - dt.timedelta(days=14), until=end)
    booked = set(
        session.exec(
            select(Booking.event_id).where(
                Booking.household_id == household.id, col(Booking.status).in_(ACTIVE_BOOKINGS)
            )
        ).all()
    )
    scored = []
    for event in events:
        # What the household has booked already is not suggested again.
        if event.id in booked or not _on_the_weekend(event, start, end, now):
            continue
        low, high = event.min_age or 0, event.max_age or 200
        if ages and not any(low <= age <= high for age in ages):
            continue
        if event.capacity > 0 and seats_left(event) == 0:
            continue
        why = _reasons(event, kid_ages, prefs, household.preferred_store_id)
        if why:
            scored.append((-len(why), event.starts_at, event.id or 0, event, why))
    scored.sort(key=lambda item: item[:3])
    # One showing per title: the circus on Saturday, not Saturday and Sunday.
    seen: set[str] = set()
    choices = []
    for *_, event, why in scored:
        if event.title in seen:
            continue
        seen.add(event.title)
        fitting = [a for a in ages if (event.min_age or 0) <= a <= (event.max_age or 200)]
        seats = max(1, min(len(members), len(fitting) + (len(members) - len(kid_ages))))
        seats = min(seats, seats_left(event)) if event.capacity > 0 else seats
        link = _link(settings, household, event, seats, now) if event.capacity > 0 else None
        choices.append(Choice(event, tuple(why), seats, link))
        if len(choices) == MAX_CHOICES:
            break
    return choices


def _link(settings: Settings, household: Household, event: Event, seats: int,
          now: dt.datetime) -> str:  # fmt: skip
    assert event.id is not None and household.id is not None and household.public_id
    expires = min(now + LINK_TTL, event.starts_at)
    return booking_link(settings=settings, household_id=household.id,
                        public_id=household.public_id, event_id=event.id, seats=seats,
                        expires=expires)  # fmt: skip


def _when(event: Event, today: dt.date, lang: str, local: ZoneInfo) -> str:
    starts = event.starts_at.astimezone(local)
    if starts.date() < today and event.ends_at is not None:
        return render_msg(lang, "digest.when.running", zone=local, until=event.ends_at)
    kind = {today: "today", today + dt.timedelta(days=1): "tomorrow"}.get(starts.date(), "day")
    return render_msg(lang, f"digest.when.{kind}", zone=local, at=event.starts_at)


def render(
    choices: list[Choice], household: Household, lang: str, now: dt.datetime
) -> tuple[str, str, str]:
    """(title, email body, push text)."""
    local = zone(household.timezone)
    today = now.astimezone(local).date()
    lines = []
    for choice in choices:
        event = choice.event
        values: dict[str, Any] = {"title": event.title, "when": _when(event, today, lang, local),
                  "reasons": ", ".join(choice.reasons(lang))}  # fmt: skip
        if event.venue:
            line = render_msg(lang, "digest.line", venue=event.venue, **values)
        else:
            line = render_msg(lang, "digest.line_no_venue", **values)
        if choice.link:
            line += "\n" + render_msg(lang, "digest.book", seats=choice.seats, link=choice.link)
        lines.append(line)
    body = "\n".join([render_msg(lang, "digest.intro"), *lines])
    titles = ", ".join(c.event.title for c in choices)
    push = render_msg(lang, "digest.push", count=len(choices), titles=titles)
    return render_msg(lang, "digest.title"), body, push[:180]


def preview(*, session: Session, household: Household, now: dt.datetime,
            settings: Settings | None = None) -> tuple[list[Choice], str, str, str]:  # fmt: skip
    settings = settings or get_settings()
    choices = choose(session=session, household=household, now=now, settings=settings)
    lang = "en" if household.lang == "en" else "fr"
    return (choices, *render(choices, household, lang, now))


def send_digest(*, session: Session, household_id: int, now: dt.datetime,
                settings: Settings | None = None) -> list[str]:  # fmt: skip
    """Enqueue the digest by email and push; nothing when nothing fits. Flushes."""
    household = session.get(Household, household_id)
    if household is None:
        return []
    choices, title, body, push = preview(session=session, household=household, now=now,
                                         settings=settings)  # fmt: skip
    if not choices:
        return []
    lang = "en" if household.lang == "en" else "fr"
    why = render_msg(lang, "digest.why")
    week = now.astimezone(zone(household.timezone)).strftime("%G-W%V")
    sent = []
    for channel, text in (("email", body), ("push", push)):
        message = enqueue(
            session=session, household_id=household_id, channel=channel, purpose="marketing",
            kind="digest", title=title, body=text, explanation=why, lang=lang,
            payload={"event_ids": [c.event.id for c in choices],
                     "links": [c.link for c in choices if c.link]},
            dedup_key=f"digest:{household_id}:{week}:{channel}", now=now,
        )  # fmt: skip
        if message is not None:
            sent.append(channel)
    session.flush()
    return sent
