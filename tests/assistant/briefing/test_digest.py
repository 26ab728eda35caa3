"""The evening digest for the Zertys: circus for their kids' ages, Besson's new film, the
winter sale for growing kids at their store; sent by email and push as marketing."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.briefing.digest import preview, send_digest, weekend
from assistant.clock import FrozenClock
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.notify.models import OutboxMessage
from assistant.outings.models import Booking, Event
from tests.assistant.briefing.conftest import PARIS_ZONE, TODAY
from tests.clock import local

# Tuesday evening, 19:00 in Paris.
EVENING = local(TODAY, "19:00")


def test_the_weekend_is_the_coming_saturday_and_sunday() -> None:
    start, end = weekend(EVENING, PARIS_ZONE)
    saturday = TODAY + dt.timedelta(days=4)
    assert (start.date(), end.date()) == (saturday, saturday + dt.timedelta(days=2))
    assert start.astimezone(PARIS_ZONE).time() == dt.time(0, 0)


def test_the_zerty_digest_chooses_for_the_family(session: Session, zerty: Household) -> None:
    choices, title, body, push = preview(session=session, household=zerty, now=EVENING)
    titles = [c.event.title for c in choices]
    assert "Cirque des Étoiles Filantes" in titles
    assert "Le Dernier Phare" in titles
    assert "Braderie d'hiver : vêtements enfants" in titles
    assert len(titles) == len(set(titles))  # one showing per title
    film = next(c for c in choices if c.event.title == "Le Dernier Phare")
    assert film.event.starts_at.astimezone(PARIS_ZONE).weekday() == 5  # the weekend showing
    assert "le nouveau film de Luc Besson" in film.reasons("fr")
    circus = next(c for c in choices if c.event.kind == "circus")
    assert "comme vos enfants" in " ".join(circus.reasons("fr"))
    assert title == "Vos sorties du week-end" and "Cirque" in body and push


def test_the_digest_goes_out_by_email_and_push_once(session: Session, zerty: Household) -> None:
    assert zerty.id is not None
    sent = send_digest(session=session, household_id=zerty.id, now=EVENING)
    assert sorted(sent) == ["email", "push"]
    messages = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == zerty.id,
                                    OutboxMessage.kind == "digest")
    ).all()  # fmt: skip
    assert {m.purpose for m in messages} == {"marketing"}
    assert all(m.explanation for m in messages)
    assert send_digest(session=session, household_id=zerty.id, now=EVENING) == []


def test_a_digest_link_books_the_seats_it_offers_in_one_click(
    session: Session, zerty: Household, client: TestClient, settings: Settings, clock: FrozenClock
) -> None:
    # Sent on Tuesday evening for an event this weekend; clicked an hour later.
    now = EVENING
    clock.move_to(EVENING + dt.timedelta(hours=1))
    start, _ = weekend(now, PARIS_ZONE)
    event = Event(kind="circus", title="Cirque du lien", venue="Chapiteau", capacity=6,
                  starts_at=start + dt.timedelta(hours=15), min_age=3, max_age=12)  # fmt: skip
    session.add(event)
    session.flush()
    choices, _, body, _ = preview(session=session, household=zerty, now=now, settings=settings)
    choice = next(c for c in choices if c.event.id == event.id)
    assert choice.link is not None and choice.link in body
    path = urlsplit(choice.link).path

    first = client.post(path)
    again = client.post(path)  # a second click is the same booking

    assert first.status_code in (200, 201), first.text
    assert again.json()["id"] == first.json()["id"]
    booking = session.get(Booking, first.json()["id"])
    assert booking is not None
    assert (booking.household_id, booking.event_id, booking.seats, booking.status) == (
        zerty.id, event.id, choice.seats, "confirmed",
    )  # fmt: skip
    session.refresh(event)
    assert event.seats_taken == choice.seats
    tampered = client.post(path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb"))
    assert tampered.status_code == 404
    assert tampered.json()["error"]["code"] == "booking_link_invalid"


def _kids_event(session: Session, title: str, starts_at: dt.datetime, **fields: object) -> Event:
    event = Event(kind="circus", title=title, venue="Chapiteau", capacity=20, min_age=3,
                  max_age=12, starts_at=starts_at, **fields)  # fmt: skip
    session.add(event)
    session.flush()
    return event


def test_the_digest_leaves_out_what_is_booked_over_or_not_on_the_weekend(
    session: Session, zerty: Household
) -> None:
    assert zerty.id is not None
    start, end = weekend(EVENING, PARIS_ZONE)
    booked = _kids_event(session, "Cirque déjà réservé", start + dt.timedelta(hours=15))
    session.add(Booking(household_id=zerty.id, event_id=booked.id or 0, seats=2,
                        status="confirmed"))  # fmt: skip
    _kids_event(session, "Braderie du lundi", end + dt.timedelta(hours=8))
    _kids_event(session, "Spectacle terminé", EVENING - dt.timedelta(days=3),
                ends_at=EVENING - dt.timedelta(days=1))  # fmt: skip
    running = _kids_event(session, "Exposition en cours", EVENING - dt.timedelta(days=3),
                          ends_at=end + dt.timedelta(days=3))  # fmt: skip
    session.flush()
    choices, _, body, _ = preview(session=session, household=zerty, now=EVENING)
    titles = {c.event.title for c in choices}
    assert not titles & {"Cirque déjà réservé", "Braderie du lundi", "Spectacle terminé"}
    assert running.title in titles or len(choices) == 4  # at most four are chosen
    assert "place(s)" not in body and "seat(s)" not in body


def test_the_digest_says_tomorrow_for_tomorrow(session: Session, zerty: Household) -> None:
    start, _ = weekend(EVENING, PARIS_ZONE)
    friday_evening = start - dt.timedelta(hours=5)  # Friday 19:00
    event = _kids_event(session, "Cirque de demain", start + dt.timedelta(hours=15))
    choices, _, body, _ = preview(session=session, household=zerty, now=friday_evening)
    assert event.id in {c.event.id for c in choices}
    assert "Cirque de demain (demain à 15:00, Chapiteau)" in body
