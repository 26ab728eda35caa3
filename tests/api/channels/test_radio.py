"""The radio segment: SSML built from the household's own data, on both backends."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from api.channels.radio import NotAcceptable, wants_audio
from api.channels.segments import spoken_date, spoken_time
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.orders.models import Order, OrderLine
from assistant.outings.models import Booking, Event
from tests.api.channels.fakes import add_points
from tests.clock import NOW
from tests.factories import (
    customer_headers,
    make_household,
    make_member,
    make_preference,
    make_product,
    make_store,
)

PARIS = ZoneInfo("Europe/Paris")
SSML_NS = "{http://www.w3.org/2001/10/synthesis}"


def _local_today_at(hour: int, minute: int, days: int = 0) -> dt.datetime:
    day = NOW.astimezone(PARIS).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def _event(session: Session, title: str, starts_at: dt.datetime) -> Event:
    event = Event(kind="circus", title=title, venue="Cirque d'Hiver", starts_at=starts_at)
    session.add(event)
    session.flush()
    return event


def _book(session: Session, household: Household, event: Event, status: str, seats: int) -> None:
    assert household.id is not None and event.id is not None
    session.add(Booking(event_id=event.id, household_id=household.id, seats=seats, status=status))
    session.flush()


def _order(session: Session, household: Household, status: str, quantities: list[int]) -> None:
    assert household.id is not None
    store = make_store(session, name=f"Carchan {status.title()}")
    order = Order(household_id=household.id, store_id=store.id, status=status)
    session.add(order)
    session.flush()
    assert order.id is not None
    names = [("Piles AA", "AA batteries"), ("Piles AAA", "AAA batteries"), ("Pile 9 V", "9V")]
    for (french, english), quantity in zip(names, quantities, strict=False):
        product = make_product(session, name_fr=french, name_en=english)
        assert product.id is not None
        session.add(OrderLine(order_id=order.id, product_id=product.id, quantity=quantity))
    session.flush()


@pytest.fixture
def zerty(session: Session) -> Household:
    household = make_household(session, name="Famille Zerty")
    make_member(session, household, first_name="Annabel", role="child")
    make_member(session, household, first_name="Anne")
    make_member(session, household, first_name="Marc")
    add_points(session, household, 50)
    add_points(session, household, -2)
    _order(session, household, "ready", [2, 1])
    _order(session, household, "draft", [5])
    for title, starts_at, status, seats in [
        ("Cirque Pinder", _local_today_at(20, 30), "confirmed", 4),
        ("Film de Luc Besson", _local_today_at(20, 30, days=1), "confirmed", 2),
        ("Concert annulé", _local_today_at(18, 0), "cancelled", 2),
    ]:
        _book(session, household, _event(session, title, starts_at), status, seats)
    return household


def _spoken(ssml: str) -> str:
    root = ET.fromstring(ssml)
    assert root.tag == f"{SSML_NS}speak"
    return " ".join(" ".join(root.itertext()).split())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            [
                "Anne, Marc et Annabel !",
                "Nous sommes le {date}.",
                "Prête au retrait à Carchan Ready : Piles AA et Piles AAA.",
                "Au programme aujourd'hui : Cirque Pinder à 20 h 30, Cirque d'Hiver (4 places).",
                "Votre solde fidélité est de 48 points.",
            ],
        ),
        (
            "en",
            [
                "Anne, Marc and Annabel!",
                "Today is {date}.",
                "Ready for pickup at Carchan Ready: AA batteries and AAA batteries.",
                "On today's programme: Cirque Pinder at 8:30 PM, Cirque d'Hiver (4 seats).",
                "Your loyalty balance is 48 points.",
            ],
        ),
    ],
)
def test_the_briefing_speaks_the_household_s_day(
    client: TestClient, settings: Settings, zerty: Household, lang: str, expected: list[str]
) -> None:
    response = client.get(
        f"/radio/{zerty.id}/segment",
        params={"kind": "briefing", "lang": lang},
        headers=customer_headers(settings, zerty),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ssml+xml")
    root = ET.fromstring(response.text)
    locale = {"fr": "fr-FR", "en": "en-GB"}[lang]
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == locale
    spoken = _spoken(response.text)
    today = spoken_date(NOW.astimezone(PARIS).date(), lang)
    for sentence in expected:
        assert sentence.format(date=today) in spoken
    assert "Luc Besson" not in spoken  # tomorrow
    assert "annulé" not in spoken  # cancelled
    assert "5 articles" not in spoken and "5 items" not in spoken  # a draft is not ready


def test_json_format_lists_the_segments(
    client: TestClient, settings: Settings, zerty: Household
) -> None:
    response = client.get(
        f"/radio/{zerty.id}/segment",
        params={"format": "json"},
        headers=customer_headers(settings, zerty),
    )
    body = response.json()
    assert [segment["kind"] for segment in body["segments"]] == [
        "greeting", "date", "pickup", "outings", "loyalty",
    ]  # fmt: skip
    assert body["lang"] == "fr"
    assert _spoken(body["ssml"]).startswith(("Bonjour Anne", "Bonsoir Anne"))


def test_a_quiet_day_says_only_what_is_true(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session, name="Famille Calme", lang="en")
    body = client.get(
        f"/radio/{household.id}/segment",
        params={"format": "json"},
        headers=customer_headers(settings, household),
    ).json()
    assert [segment["kind"] for segment in body["segments"]] == ["greeting", "date", "loyalty"]
    assert body["segments"][0]["text"].endswith(", Famille Calme!")
    assert body["segments"][2]["text"] == "Your loyalty balance is 0 points."


def test_another_household_s_segment_does_not_exist(
    client: TestClient, session: Session, settings: Settings, zerty: Household
) -> None:
    stranger = make_household(session)
    response = client.get(
        f"/radio/{zerty.id}/segment", headers=customer_headers(settings, stranger)
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "household_not_found"


def test_the_segment_needs_a_token(client: TestClient, zerty: Household) -> None:
    response = client.get(f"/radio/{zerty.id}/segment")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (dt.date(2025, 6, 1), "fr", "dimanche 1er juin 2025"),
        (dt.date(2025, 8, 15), "fr", "vendredi 15 août 2025"),
        (dt.date(2025, 6, 1), "en", "Sunday 1 June 2025"),
    ],
)
def test_dates_are_read_as_a_person_would(day: dt.date, lang: str, expected: str) -> None:
    assert spoken_date(day, lang) == expected


@pytest.mark.parametrize(
    ("hour", "minute", "lang", "expected"),
    [
        (20, 30, "fr", "20 h 30"),
        (9, 0, "fr", "9 h"),
        (0, 5, "en", "12:05 AM"),
        (12, 0, "en", "12 PM"),
    ],
)
def test_times_are_read_as_a_person_would(hour: int, minute: int, lang: str, expected: str) -> None:
    assert spoken_time(dt.datetime(2025, 6, 1, hour, minute, tzinfo=PARIS), lang) == expected


# The briefing endpoint: today's briefing by household id or slug, as SSML by default.


def _briefing(client: TestClient, ref: object, headers: dict[str, str], **params: str) -> Response:
    return client.get(f"/radio/{ref}/briefing", params=params, headers=headers)


@pytest.mark.parametrize("by", ["id", "slug"])
def test_the_briefing_is_today_s_ssml_script(
    client: TestClient, settings: Settings, zerty: Household, by: str
) -> None:
    headers = customer_headers(settings, zerty)
    response = _briefing(client, zerty.id if by == "id" else zerty.slug, headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ssml+xml")
    assert response.headers["vary"] == "Accept"
    assert response.headers["content-language"] == "fr"
    root = ET.fromstring(response.text)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr-FR"
    spoken = _spoken(response.text)
    assert "Prête au retrait à Carchan Ready : Piles AA et Piles AAA." in spoken
    assert "Votre solde fidélité est de 48 points." in spoken
    assert "Luc Besson" not in spoken
    # The same script as the briefing preview of the app (assistant.briefing, not a copy).
    preview = client.get("/me/briefing", headers=headers).json()
    assert _spoken(preview["ssml"]) == spoken


@pytest.mark.parametrize(
    ("household_lang", "lang", "locale", "sentence"),
    [
        ("fr", None, "fr-FR", "Votre solde fidélité est de 0 point."),
        ("en", None, "en-GB", "Your loyalty balance is 0 points."),
        ("fr", "en", "en-GB", "Your loyalty balance is 0 points."),
    ],
)
def test_the_briefing_speaks_the_household_s_language(
    client: TestClient,
    session: Session,
    settings: Settings,
    household_lang: str,
    lang: str | None,
    locale: str,
    sentence: str,
) -> None:
    household = make_household(session, name="Famille Calme", lang=household_lang)
    params = {"lang": lang} if lang else {}
    response = _briefing(client, household.slug, customer_headers(settings, household), **params)
    assert response.status_code == 200, response.text
    assert ET.fromstring(response.text).get("{http://www.w3.org/XML/1998/namespace}lang") == locale
    assert sentence in _spoken(response.text)


@pytest.mark.parametrize("by", ["id", "slug", "unknown"])
def test_another_household_s_briefing_does_not_exist(
    client: TestClient, session: Session, settings: Settings, zerty: Household, by: str
) -> None:
    stranger = make_household(session)
    ref = {"id": zerty.id, "slug": zerty.slug, "unknown": "no-such-slug"}[by]
    response = _briefing(client, ref, customer_headers(settings, stranger))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "household_not_found"


def test_the_briefing_needs_a_token(client: TestClient, zerty: Household) -> None:
    response = client.get(f"/radio/{zerty.slug}/briefing")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"format": "mp3"}, "validation_error"),
        ({"lang": "de"}, "validation_error"),
    ],
)
def test_bad_briefing_parameters_are_refused(
    client: TestClient, settings: Settings, zerty: Household, params: dict[str, str], error: str
) -> None:
    response = _briefing(client, zerty.slug, customer_headers(settings, zerty), **params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == error


def test_an_accept_header_we_cannot_serve_is_406(
    client: TestClient, settings: Settings, zerty: Household
) -> None:
    headers = customer_headers(settings, zerty) | {"Accept": "audio/mpeg, application/json"}
    response = _briefing(client, zerty.slug, headers)
    assert response.status_code == 406
    body = response.json()["error"]
    assert body["code"] == "not_acceptable"
    assert body["details"]["available"] == ["application/ssml+xml", "audio/wav"]


@pytest.mark.parametrize(
    ("accept", "audio"),
    [
        (None, False),
        ("*/*", False),
        ("application/ssml+xml", False),
        ("audio/wav", True),
        ("audio/x-wav", True),
        ("audio/*", True),
        ("audio/wav, application/ssml+xml", False),  # a tie: the script
        ("audio/wav, application/ssml+xml;q=0.5", True),
        ("application/ssml+xml;q=0.2, audio/*;q=0.9", True),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),
        ("audio/wav;q=0, */*", False),
        ("*/*;q=0.1, audio/wav", True),
    ],
)
def test_content_negotiation(accept: str | None, audio: bool) -> None:
    assert wants_audio(accept) is audio


@pytest.mark.parametrize("accept", ["audio/mpeg", "application/json", "audio/wav;q=0"])
def test_content_negotiation_refuses_what_it_cannot_serve(accept: str) -> None:
    with pytest.raises(NotAcceptable):
        wants_audio(accept)


def test_the_briefing_documents_its_media_types_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()["paths"]["/radio/{household}/briefing"]["get"]
    responses = spec["responses"]
    assert set(responses["200"]["content"]) == {"application/ssml+xml", "audio/wav"}
    assert {"404", "406", "422", "502", "503", "504"} <= set(responses)
    schema = responses["503"]["content"]["application/json"]["schema"]["$ref"]
    assert schema.endswith("/ErrorResponse")


def _segments_of(client: TestClient, settings: Settings, household: Household) -> dict[str, Any]:
    response = client.get(f"/radio/{household.id}/segment", params={"format": "json"},
                          headers=customer_headers(settings, household))  # fmt: skip
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_radio_opens_with_the_household_s_music(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session, name="Famille Jazz", lang="fr")
    make_preference(session, household, kind="music", value="Jazz")
    body = _segments_of(client, settings, household)
    first = body["segments"][0]
    assert first["kind"] == "music"
    assert first["track"] == {"title": "Tea for Two", "artist": "Erroll Garner", "seconds": 227}
    assert _spoken(body["ssml"]).startswith("Pour bien commencer la journée : Tea for Two")


def test_a_taste_without_a_track_opens_with_no_music(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session, name="Famille Métal", lang="fr")
    make_preference(session, household, kind="music", value="métal")
    body = _segments_of(client, settings, household)
    assert body["segments"][0]["kind"] == "greeting"  # never a guessed track
