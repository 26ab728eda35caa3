from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlmodel import Session, select

from actions.confirm import ActionConfirm, ActionDeny
from actions.forms import ValidateBookingForm
from actions.outings import AskBookingDate, AskBookingEventType, OutingBook, OutingSuggest
from assistant.config import get_settings
from assistant.customers.models import Household
from assistant.dialogue.domain import default_domain
from assistant.i18n import LANGS, render
from assistant.outings.links import read_calendar_token
from assistant.outings.models import Booking, Event
from tests.actions.conftest import (
    NOW,
    PARIS,
    TODAY,
    cards_of,
    make_tracker,
    pending,
    pending_business,
    run_action,
    said,
    slots_of,
    text_of,
    told,
    told_ids,
)
from tests.clock import on_weekday, years_before
from tests.factories import make_household, make_member, make_preference


def _event(session: Session, kind: str, title: str, days: int, **fields: Any) -> Event:
    starts = NOW + dt.timedelta(days=days, hours=5)
    values: dict[str, Any] = {"venue": "Salle test", "capacity": 100, "price_cents": 1000}
    values.update(fields)
    event = Event(kind=kind, title=title, starts_at=starts, **values)
    session.add(event)
    session.flush()
    return event


def _family(session: Session) -> Household:
    household = make_household(session)
    make_member(session, household, first_name="Anne", birth_date=dt.date(1984, 3, 1))
    make_member(
        session,
        household,
        first_name="André",
        role="child",
        birth_date=years_before(TODAY, 8) - dt.timedelta(days=30),
    )
    make_preference(session, household, kind="film_director", value="Luc Besson")
    make_preference(session, household, kind="music", value="jazz")
    return household


@pytest.fixture
def events(session: Session) -> dict[str, Event]:
    return {
        "circus": _event(
            session, "circus", "Cirque test", 4, min_age=4, max_age=12, tags=["kids", "circus"]
        ),
        "film": _event(session, "cinema", "Film test", 1, tags=["director:Luc Besson", "film"]),
        "teens": _event(session, "theatre", "Ados test", 2, min_age=13, max_age=17),
        "jazz": _event(session, "concert", "Jazz test", 3, tags=["jazz", "music"]),
        "sold_out": _event(session, "concert", "Complet test", 2, capacity=10, seats_taken=10),
        "past": _event(session, "concert", "Passé test", -2),
    }


def _book(event: Event) -> str:
    return f"/outing_book{json.dumps({'event_id': event.id})}"


def _when(lang: str, event: Event) -> str:
    return render(lang, "outings.when", zone=PARIS, when=event.starts_at)


YES_NO = {
    "fr": [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}],
    "en": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
}


def test_suggestions_are_counted_then_shown_as_cards(
    bound: Session, events: dict[str, Event]
) -> None:
    household = _family(bound)
    messages, _ = run_action(bound, OutingSuggest(), make_tracker(household.id))
    # What the household likes first (the film, the jazz), then the children's circus.
    titles = ["Film test", "Jazz test", "Cirque test"]
    assert told(messages) == [("outings.suggest.found", {"count": 3, "titles": titles})]
    assert text_of(messages) == "Voici 3 sorties pour vous :"
    assert messages[0]["buttons"] == []  # the cards hold them
    cards = {card["title"]: card for card in cards_of(messages)}
    assert list(cards) == titles
    film, circus = events["film"], events["circus"]
    assert cards["Film test"] == {
        "kind": "outing", "title": "Film test", "ref": film.id,
        "lines": [_when("fr", film), "Salle test", "10,00\xa0€ la place", "Un film de Luc Besson"],
        "buttons": [{"title": "Réserver", "payload": _book(film)}],
    }  # fmt: skip
    assert cards["Jazz test"]["lines"][-1] == "Vous aimez : jazz"
    assert cards["Cirque test"]["lines"][2] == "De 4 à 12 ans, comme vos enfants"
    assert cards["Cirque test"]["buttons"] == [{"title": "Réserver", "payload": _book(circus)}]


@pytest.mark.parametrize(
    ("lang", "said", "span"),
    [("fr", "quoi faire ce week-end ?", "ce week-end"),
     ("en", "what can we do this weekend?", "this weekend")],
)  # fmt: skip
def test_the_weekend_holds_saturday_and_sunday_in_turn(
    bound: Session, lang: str, said: str, span: str
) -> None:
    household = _family(bound)
    saturday = on_weekday(TODAY, 5)
    shows = [
        _event(bound, "circus", title, (saturday - TODAY).days + offset, min_age=4)
        for offset, title in ((0, "Samedi test"), (0, "Samedi bis test"), (1, "Dimanche test"))
    ]
    start = said.index(span)
    tracker = make_tracker(household.id, lang, date=saturday.isoformat())
    tracker.latest_message.update(
        text=said,
        entities=[{"entity": "date", "start": start, "end": start + len(span),
                   "value": saturday.isoformat()}],
    )  # fmt: skip
    messages, _ = run_action(bound, OutingSuggest(), tracker)
    # Saturday's first, Sunday's, then Saturday's second: not every Saturday one first.
    assert [card["ref"] for card in cards_of(messages)] == [shows[0].id, shows[2].id, shows[1].id]


def test_a_speaker_hears_the_titles_instead_of_the_cards(bound: Session) -> None:
    values = {"count": 2, "titles": ["Film test", "Cirque test"]}
    assert [render(lang, "outings.suggest.found", voice=True, **values) for lang in LANGS] == [
        "Voici 2 sorties pour vous : Film test et Cirque test.",
        "Here are 2 outings for you: Film test and Cirque test.",
    ]


def test_suggestions_follow_the_kind_asked_in_english(
    bound: Session, events: dict[str, Event]
) -> None:
    household = _family(bound)
    tracker = make_tracker(household.id, "en", event_type="circus")
    messages, _ = run_action(bound, OutingSuggest(), tracker)
    assert text_of(messages) == "Here is an outing for you:"
    [card] = cards_of(messages)
    assert card["lines"] == [
        _when("en", events["circus"]), "Salle test", "Ages 4 to 12, like your children",
        "€10.00 per seat",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "ages", "price"),
    [
        ({"min_age": 18, "max_age": 30}, "De 18 à 30 ans", "10,00\xa0€ la place"),
        ({"min_age": 6, "price_cents": 0}, "Dès 6 ans", "Gratuit"),
        ({"max_age": 99, "price_cents": 250}, "Jusqu'à 99 ans", "2,50\xa0€ la place"),
    ],
)
def test_a_card_says_the_ages_and_the_price_of_a_seat(
    bound: Session, fields: dict[str, Any], ages: str, price: str
) -> None:
    household = make_household(bound)
    make_member(bound, household, first_name="Léa", birth_date=years_before(TODAY, 25))
    _event(bound, "theatre", "Pièce test", 2, **fields)
    messages, _ = run_action(bound, OutingSuggest(), make_tracker(household.id))
    [card] = cards_of(messages)
    assert card["lines"][2:] == [ages, price]


def test_free_entry_has_no_booking_button(bound: Session) -> None:
    household = _family(bound)
    fair = _event(bound, "store_event", "Braderie test", 2, capacity=0, price_cents=0)
    messages, _ = run_action(bound, OutingSuggest(), make_tracker(household.id))
    [card] = [card for card in cards_of(messages) if card["ref"] == fair.id]
    assert "buttons" not in card and card["lines"][-1] == "Gratuit"


def test_book_asks_then_books_the_seats(bound: Session, events: dict[str, Event]) -> None:
    household = _family(bound)
    circus = events["circus"]
    messages, events_out = run_action(
        bound,
        OutingBook(),
        make_tracker(household.id, event_id=float(circus.id or 0), people_count=3.0),
    )
    assert told(messages) == [("outings.book.ask.paid", {
        "seats": 3, "title": "Cirque test", "when": circus.starts_at.isoformat(),
        "venue": "Salle test", "total": {"cents": 3000}, "left": 100,
    })]  # fmt: skip
    assert messages[0]["buttons"] == YES_NO["fr"]
    assert text_of(messages) == (
        f"Je réserve 3 places pour Cirque test, {_when('fr', circus)}, Salle test "
        "(30,00\xa0€) ? Il reste 100 places. Confirmez-vous ?"
    )
    asked = slots_of(events_out)
    assert pending_business(asked["pending_payload"]) == {"event_id": circus.id, "seats": 3}
    assert asked["pending_payload"]["question"]["en"].startswith("Shall I book 3 seats for")
    assert {k: v for k, v in asked.items() if k != "pending_payload"} == {
        "pending_action": "outing_book",
    }
    messages, _ = run_action(bound, ActionConfirm(), make_tracker(household.id, "en", **asked))
    booking = bound.exec(select(Booking).where(Booking.household_id == household.id)).one()
    said, link = text_of(messages).split("For your calendar: ")
    assert (
        said == f"Booked: 3 seats for Cirque test, {_when('en', circus)} (booking #{booking.id}). "
    )
    # A signed link a browser or a calendar app opens without the customer's token.
    token = link.removeprefix("http://127.0.0.1:8000/calendar/").removesuffix(".ics")
    claim = read_calendar_token(settings=get_settings(), token=token, now=circus.starts_at)
    assert (claim.household_id, claim.booking_id) == (household.id, booking.id)
    assert (booking.event_id, booking.seats, booking.status) == (circus.id, 3, "confirmed")
    bound.refresh(circus)
    assert circus.seats_taken == 3


@pytest.mark.parametrize(
    ("taken", "msg_id", "values"),
    [(10, "outings.book.sold_out", {}), (9, "outings.book.short", {"count": 1})],
    ids=["sold_out", "one_left"],
)
def test_book_by_kind_and_date_refuses_when_seats_are_short(
    bound: Session, events: dict[str, Event], taken: int, msg_id: str, values: dict[str, Any]
) -> None:
    household = _family(bound)
    full = events["sold_out"]
    full.seats_taken = taken
    bound.add(full)
    bound.flush()
    day = full.starts_at.astimezone(PARIS).date().isoformat()
    tracker = make_tracker(household.id, event_type="concert", date=day, people_count=2.0)
    messages, events_out = run_action(bound, OutingBook(), tracker)
    outing = {"title": "Complet test", "when": full.starts_at.isoformat()}
    assert told(messages) == [(msg_id, {**values, **outing})]
    assert slots_of(events_out) == {}


def test_one_seat_left_is_said_in_words(bound: Session, events: dict[str, Event]) -> None:
    full = events["sold_out"]
    said = [
        render(lang, "outings.book.short", count=1, title="Complet test", when=full.starts_at)
        for lang in LANGS
    ]
    assert said[0].startswith("Il ne reste qu'une place pour Complet test (")
    assert said[1].startswith("Only 1 seat left for Complet test (")


def test_confirm_cannot_oversell(bound: Session, events: dict[str, Event]) -> None:
    household = _family(bound)
    film = events["film"]
    film.capacity, film.seats_taken = 10, 9
    bound.add(film)
    bound.flush()
    waiting = pending("outing_book", event_id=film.id, seats=2)
    messages, events_out = run_action(bound, ActionConfirm(), make_tracker(household.id, **waiting))
    assert told_ids(messages) == ["outings.book.no_longer"]
    assert slots_of(events_out) == {"pending_action": None, "pending_payload": None}
    bound.refresh(film)
    assert film.seats_taken == 9
    assert bound.exec(select(Booking).where(Booking.event_id == film.id)).all() == []


@pytest.mark.parametrize(
    ("correction", "seats"),
    [({"people_count": 3.0}, 3), ({"quantity": 5.0}, 5), ({}, None)],
)
def test_a_no_with_a_new_count_asks_again(
    bound: Session, events: dict[str, Event], correction: dict[str, float], seats: int | None
) -> None:
    household = _family(bound)
    film = events["film"]
    waiting = pending("outing_book", event_id=film.id, seats=2)
    tracker = make_tracker(household.id, **waiting, **correction)
    messages, events_out = run_action(bound, ActionDeny(), tracker)
    asked = slots_of(events_out)
    if seats is None:  # a plain no
        assert "C'est annulé" in text_of(messages)
        assert asked == {"pending_action": None, "pending_payload": None}
    else:
        [(msg_id, values)] = told(messages)
        assert (msg_id, values["seats"], values["title"]) == (
            "outings.book.ask.paid",
            seats,
            film.title,
        )
        assert messages[0]["buttons"] == YES_NO["fr"]
        assert pending_business(asked["pending_payload"]) == {"event_id": film.id, "seats": seats}
    assert bound.exec(select(Booking).where(Booking.event_id == film.id)).all() == []


def test_which_outing_offers_the_day_s_outings(bound: Session, events: dict[str, Event]) -> None:
    household = _family(bound)
    circus = events["circus"]
    day = circus.starts_at.astimezone(PARIS).date().isoformat()
    tracker = make_tracker(household.id, "en", date=day)
    messages, _ = run_action(bound, AskBookingEventType(), tracker)
    assert told_ids(messages) == ["outings.ask.event_type"]
    assert messages[0]["buttons"] == [
        {"title": f"Cirque test ({_when('en', circus)})", "payload": _book(circus)}
    ]


def test_which_day_offers_the_days_the_outing_plays(
    bound: Session, events: dict[str, Event]
) -> None:
    household = _family(bound)
    later = _event(bound, "circus", "Cirque test", 5, min_age=4, max_age=12)
    messages, _ = run_action(
        bound, AskBookingDate(), make_tracker(household.id, event_type="cirque")
    )
    assert told_ids(messages) == ["outings.ask.date"]
    assert [button["title"] for button in messages[0]["buttons"]] == [
        _when("fr", events["circus"]), _when("fr", later),
    ]  # fmt: skip
    day = later.starts_at.astimezone(PARIS).date().isoformat()
    assert messages[0]["buttons"][1]["payload"] == f"/outing_book{json.dumps({'date': day})}"


def _validate(
    session: Session, slot: str, value: Any, lang: str = "fr", **slots: Any
) -> tuple[Any, str]:
    """The booking form's validation of `slot`, just said as `value`."""
    tracker = said(slot, value, lang, **slots)
    messages, events = run_action(
        session, ValidateBookingForm(), tracker, domain=default_domain().raw
    )
    return slots_of(events), text_of(messages)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("cirque", "circus"), ("Cinéma", "cinema"), ("a jazz concert", "concert"), ("bowling", None)],
)
def test_booking_form_event_type(
    bound: Session, events: dict[str, Event], value: str, expected: str | None
) -> None:
    result, text = _validate(bound, "event_type", value)
    assert result == {"event_type": expected}
    if expected is None:
        assert text == (
            "Je ne trouve pas ce type de sortie. "
            "Sorties disponibles : cinéma, cirque, concert et théâtre."
        )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("demain", (TODAY + dt.timedelta(days=1)).isoformat()),
        ("saturday", on_weekday(TODAY, 5).isoformat()),
        ((TODAY + dt.timedelta(days=7)).isoformat(), (TODAY + dt.timedelta(days=7)).isoformat()),
        ((TODAY - dt.timedelta(days=4)).isoformat(), None),
        ("n'importe quand", None),
    ],
)
def test_booking_form_date(bound: Session, value: str, expected: str | None) -> None:
    result, text = _validate(bound, "date", value)
    assert result == {"date": expected}
    assert bool(text) == (expected is None)


@pytest.mark.parametrize(("value", "expected"), [(4, 4.0), ("2", 2.0), (0, None), (11, None)])
def test_booking_form_people_count(bound: Session, value: Any, expected: float | None) -> None:
    result, text = _validate(bound, "people_count", value, "en")
    assert result == {"people_count": expected}
    refused = "I can book for 1 to 10 people: how many of you?"
    assert text == (refused if expected is None else "")


def test_booking_form_takes_kind_and_day_from_a_chosen_event(
    bound: Session, events: dict[str, Event]
) -> None:
    tracker = make_tracker(None, sender_id="form", event_id=float(events["jazz"].id or 0))
    _, out = run_action(bound, ValidateBookingForm(), tracker, domain=default_domain().raw)
    filled = slots_of(out)
    day = events["jazz"].starts_at.astimezone(PARIS).date()
    assert filled == {"event_type": "concert", "date": day.isoformat()}
