from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from assistant.customers.models import Household
from assistant.outings.links import booking_link, calendar_link
from assistant.outings.service import book_event
from tests.assistant.outings.helpers import make_event
from tests.clock import NOW
from tests.factories import customer_headers, make_household


def _link(settings: Settings, household: Household, event_id: int, seats: int = 2,
          ttl: dt.timedelta = dt.timedelta(days=1)) -> str:  # fmt: skip
    assert household.id is not None and household.public_id
    url = booking_link(settings=settings, household_id=household.id,
                       public_id=household.public_id, event_id=event_id, seats=seats,
                       expires=NOW + ttl)  # fmt: skip
    return url.removeprefix(settings.base_url)


def test_hold_confirm_ics_and_cancel(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    headers = customer_headers(settings, household)
    event = make_event(session, capacity=4, title="Le Dernier Phare")
    held = client.post("/me/bookings", json={"event_id": event.id, "seats": 3}, headers=headers)
    assert held.status_code == 201, held.text
    body = held.json()
    assert (body["status"], body["total_cents"], body["event"]["seats_left"]) == ("held", 4500, 1)
    assert body["ics_url"] is None and body["hold_expires_at"]
    booking_id = body["id"]
    assert (
        client.get(f"/me/bookings/{booking_id}.ics", headers=headers).json()["error"]["code"]
        == "booking_not_confirmed"
    )
    confirmed = client.post(f"/me/bookings/{booking_id}/confirm", headers=headers).json()
    assert confirmed["status"] == "confirmed"
    assert confirmed["ics_url"] == f"{settings.base_url}/me/bookings/{booking_id}.ics"
    ics = client.get(f"/me/bookings/{booking_id}.ics", headers=headers)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Le Dernier Phare"
    listed = client.get("/me/bookings", params={"status": "confirmed"}, headers=headers).json()
    assert [b["id"] for b in listed] == [booking_id]
    cancelled = client.post(f"/me/bookings/{booking_id}/cancel", headers=headers).json()
    assert (cancelled["status"], cancelled["event"]["seats_left"]) == ("cancelled", 4)


def test_sold_out_and_isolation(client: TestClient, session: Session, settings: Settings) -> None:
    owner, other = make_household(session), make_household(session)
    event = make_event(session, capacity=2)
    made = client.post("/me/bookings", json={"event_id": event.id, "seats": 2, "confirm": True},
                       headers=customer_headers(settings, owner))  # fmt: skip
    assert made.json()["status"] == "confirmed"
    late = client.post("/me/bookings", json={"event_id": event.id, "seats": 1},
                       headers=customer_headers(settings, other))  # fmt: skip
    assert late.status_code == 409 and late.json()["error"]["code"] == "sold_out"
    stolen = client.get(
        f"/me/bookings/{made.json()['id']}", headers=customer_headers(settings, other)
    )
    assert stolen.status_code == 404 and stolen.json()["error"]["code"] == "booking_not_found"
    assert client.get("/me/bookings").status_code == 401


def test_idempotency_key_returns_the_same_booking(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    event = make_event(session)
    headers = {**customer_headers(settings, household), "Idempotency-Key": "tap-1"}
    payload = {"event_id": event.id, "seats": 1, "confirm": True}
    first = client.post("/me/bookings", json=payload, headers=headers)
    second = client.post("/me/bookings", json=payload, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert second.headers["Idempotent-Replay"] == "true"
    assert second.json()["event"]["seats_left"] == 9


def test_events_are_listed(client: TestClient, session: Session, settings: Settings) -> None:
    household = make_household(session)
    event = make_event(session, kind="concert", title="Jazz au parc")
    found = client.get("/events", params={"kind": "concert"},
                       headers=customer_headers(settings, household)).json()  # fmt: skip
    assert event.id in [e["id"] for e in found]
    assert {e["kind"] for e in found} == {"concert"}


def test_link_preview_book_twice_and_ics(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    event = make_event(session, capacity=5, price_cents=1200)
    path = _link(settings, household, event.id or 0, seats=2)
    preview = client.get(path).json()
    assert (preview["seats"], preview["total_cents"], preview["booking"]) == (2, 2400, None)
    first = client.post(path)
    second = client.post(path)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["status"] == "confirmed" and second.json()["event"]["seats_left"] == 3
    assert client.get(path).json()["booking"]["id"] == first.json()["id"]
    ics = client.get(f"{path}/event.ics")
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content
    assert first.json()["ics_url"].endswith(f"{path}/event.ics")


def test_link_html_page_posts_back(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session, lang="en")
    event = make_event(session, title="Circus <Stars>")
    path = _link(settings, household, event.id or 0, seats=1)
    html = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    page = client.get(path, headers=html)
    assert page.headers["content-type"].startswith("text/html")
    assert f'<form method="post" action="{path}">' in page.text
    assert "Circus &lt;Stars&gt;" in page.text and "<Stars>" not in page.text
    booked = client.post(path, headers=html)
    assert booked.status_code == 201 and 'data-status="confirmed"' in booked.text
    assert "Add to my calendar (.ics)" in booked.text


@pytest.mark.parametrize(
    ("mangle", "status", "code"),
    [("tamper", 404, "booking_link_invalid"), ("expired", 410, "booking_link_expired")],
)
def test_bad_links_are_refused_with_a_code(
    client: TestClient, session: Session, settings: Settings, mangle: str, status: int, code: str
) -> None:
    household = make_household(session)
    event = make_event(session)
    ttl = dt.timedelta(seconds=-5) if mangle == "expired" else dt.timedelta(days=1)
    path = _link(settings, household, event.id or 0, ttl=ttl)
    if mangle == "tamper":
        path = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    for response in (client.get(path), client.post(path), client.get(f"{path}/event.ics")):
        assert response.status_code == status and response.json()["error"]["code"] == code
    html = client.post(path, headers={"Accept": "text/html"})
    assert html.status_code == status and f'data-code="{code}"' in html.text


def test_link_to_a_sold_out_event(client: TestClient, session: Session, settings: Settings) -> None:
    household = make_household(session)
    event = make_event(session, capacity=3, seats_taken=2)
    response = client.post(_link(settings, household, event.id or 0, seats=2))
    assert response.status_code == 409 and response.json()["error"]["code"] == "sold_out"
    assert response.json()["error"]["details"] == {"seats_left": 1, "seats": 2}


@pytest.mark.parametrize(
    ("lang", "zone", "seats"),
    [("fr", "Europe/Paris", "2 places"), ("en", "Europe/Paris", "2 seats"),
     ("fr", "America/Martinique", "2 places")],
)  # fmt: skip
def test_the_link_page_shows_the_show_in_the_household_s_time(
    client: TestClient, session: Session, settings: Settings, lang: str, zone: str, seats: str
) -> None:
    household = make_household(session, lang=lang, timezone=zone)
    starts = (NOW + dt.timedelta(days=4)).replace(hour=14, minute=0, second=0, microsecond=0)
    local = starts.astimezone(ZoneInfo(zone))
    event = make_event(session, starts_at=starts, price_cents=1250)
    path = _link(settings, household, event.id or 0, seats=2)
    page = client.get(path, headers={"Accept": "text/html"}).text
    hour = f"{local.hour % 12 or 12}:00\xa0{'am' if local.hour < 12 else 'pm'}"
    assert (f"à {local:%H}:00" if lang == "fr" else f"at {hour}") in page and "UTC" not in page
    assert seats in page and ("25,00\xa0€" if lang == "fr" else "€25.00") in page


def _calendar_path(settings: Settings, household: Household, booking_id: int,
                   ttl: dt.timedelta = dt.timedelta(days=1)) -> str:  # fmt: skip
    assert household.id is not None and household.public_id
    url = calendar_link(settings=settings, household_id=household.id,
                        public_id=household.public_id, booking_id=booking_id,
                        expires=NOW + ttl)  # fmt: skip
    return url.removeprefix(settings.base_url)


@pytest.mark.parametrize(
    ("mangle", "status", "code"),
    [(None, 200, None), ("tamper", 404, "booking_link_invalid"),
     ("expired", 410, "booking_link_expired"), ("other_household", 404, "booking_link_invalid"),
     ("booking_token", 404, "booking_link_invalid")],
)  # fmt: skip
def test_the_chat_s_calendar_link_opens_without_a_login(
    client: TestClient, session: Session, settings: Settings, mangle: str | None, status: int,
    code: str | None,
) -> None:  # fmt: skip
    household, stranger = make_household(session), make_household(session)
    event = make_event(session, title="Le Dernier Phare")
    assert household.id is not None and event.id is not None
    booking = book_event(session=session, household_id=household.id, event_id=event.id,
                                  seats=2, now=NOW)  # fmt: skip
    session.commit()
    assert booking.id is not None
    ttl = dt.timedelta(seconds=-5) if mangle == "expired" else dt.timedelta(days=1)
    owner = stranger if mangle == "other_household" else household
    path = _calendar_path(settings, owner, booking.id, ttl)
    if mangle == "tamper":
        path = path[:-7] + ("AAA" if path[-7:-4] != "AAA" else "BBB") + ".ics"
    if mangle == "booking_token":
        token = _link(settings, household, event.id).removeprefix("/book/")
        path = f"/calendar/{token}.ics"
    response = client.get(path)
    assert response.status_code == status
    if code is None:
        assert response.headers["content-type"].startswith("text/calendar")
        (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert str(vevent["SUMMARY"]) == "Le Dernier Phare"
    else:
        assert response.json()["error"]["code"] == code
