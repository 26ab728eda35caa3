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

from sqlmodel import Session, select

from assistant.briefing.context import age_on
from assistant.config import Settings, get_settings
from assistant.customers.models import Household, Member, Preference, Role
from assistant.notify.policy import zone
from assistant.notify.service import enqueue
from assistant.outings.links import booking_link
from assistant.outings.models import Event
from assistant.outings.service import seats_left, upcoming_events
from assistant.text import fold

MAX_CHOICES = 4
LINK_TTL = dt.timedelta(days=3)


@dataclass(frozen=True)
class Choice:
    event: Event
    reasons_fr: tuple[str, ...]
    reasons_en: tuple[str, ...]
    seats: int
    link: str | None  # one-click booking (bookable events only)

    def reasons(self, lang: str) -> tuple[str, ...]:
        return self.reasons_en if lang == "en" else self.reasons_fr


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
) -> tuple[list[str], list[str]]:
    fr, en = [], []
    tags = {fold(tag) for tag in event.tags}
    for pref in prefs:
        value = fold(pref.value)
        if pref.kind == "film_director" and f"director:{value}" in tags:
            fr.append(f"le nouveau film de {pref.value}")
            en.append(f"the new film by {pref.value}")
        elif pref.kind in ("music", "cuisine") and value in tags:
            fr.append(f"vous aimez : {pref.value}")
            en.append(f"you like {pref.value}")
    if event.min_age is not None and event.max_age is not None:
        if any(event.min_age <= age <= event.max_age for age in kid_ages):
            fr.append(f"pour les {event.min_age}-{event.max_age} ans, comme vos enfants")
            en.append(f"for ages {event.min_age}-{event.max_age}, like your children")
    elif (
        event.kind == "store_event" and event.store_id == store_id and kid_ages and ("kids" in tags)
    ):
        fr.append("dans votre magasin, pour vos enfants qui grandissent")
        en.append("at your store, for your growing children")
    return fr, en


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
    scored = []
    for event in events:
        on_weekend = event.starts_at >= start or (event.ends_at and event.ends_at > start)
        if not on_weekend or (event.starts_at < now and not event.ends_at):
            continue
        low, high = event.min_age or 0, event.max_age or 200
        if ages and not any(low <= age <= high for age in ages):
            continue
        if event.capacity > 0 and seats_left(event) == 0:
            continue
        fr, en = _reasons(event, kid_ages, prefs, household.preferred_store_id)
        if fr:
            scored.append((-len(fr), event.starts_at, event.id or 0, event, fr, en))
    scored.sort(key=lambda item: item[:3])
    # One showing per title: the circus on Saturday, not Saturday and Sunday.
    seen: set[str] = set()
    choices = []
    for *_, event, fr, en in scored:
        if event.title in seen:
            continue
        seen.add(event.title)
        fitting = [a for a in ages if (event.min_age or 0) <= a <= (event.max_age or 200)]
        seats = max(1, min(len(members), len(fitting) + (len(members) - len(kid_ages))))
        seats = min(seats, seats_left(event)) if event.capacity > 0 else seats
        link = _link(settings, household, event, seats, now) if event.capacity > 0 else None
        choices.append(Choice(event, tuple(fr), tuple(en), seats, link))
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


def render(choices: list[Choice], household: Household, lang: str) -> tuple[str, str, str]:
    """(title, email body, push text)."""
    local = zone(household.timezone)
    lines = []
    for choice in choices:
        when = choice.event.starts_at.astimezone(local)
        day = when.strftime("%d/%m %H:%M")
        why = ", ".join(choice.reasons(lang))
        line = f"- {choice.event.title} ({day}, {choice.event.venue or ''}) : {why}"
        if lang == "en":
            line = line.replace(" : ", ": ")
        if choice.link:
            seats = choice.seats
            line += (f"\n  Réserver {seats} place(s) en un clic : {choice.link}" if lang == "fr"
                     else f"\n  Book {seats} seat(s) in one click: {choice.link}")  # fmt: skip
        lines.append(line)
    if lang == "en":
        title = "Your weekend outings"
        body = "Chosen for you this weekend:\n" + "\n".join(lines)
        push = f"{len(choices)} outings for your weekend: " + ", ".join(
            c.event.title for c in choices
        )
    else:
        title = "Vos sorties du week-end"
        body = "Choisies pour vous ce week-end :\n" + "\n".join(lines)
        push = f"{len(choices)} sorties pour votre week-end : " + ", ".join(
            c.event.title for c in choices
        )
    return title, body, push[:180]


def preview(*, session: Session, household: Household, now: dt.datetime,
            settings: Settings | None = None) -> tuple[list[Choice], str, str, str]:  # fmt: skip
    settings = settings or get_settings()
    choices = choose(session=session, household=household, now=now, settings=settings)
    lang = "en" if household.lang == "en" else "fr"
    return (choices, *render(choices, household, lang))


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
    why = ("You get the weekend digest because you accepted marketing messages; "
           "the outings fit your family and tastes." if lang == "en" else
           "Vous recevez la sélection du week-end car vous avez accepté nos messages "
           "commerciaux ; ces sorties correspondent à votre famille et à vos goûts.")  # fmt: skip
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
