"""The Zertys' briefing, in French and English, with the weather fake, and the batch."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from sqlmodel import Session, col, select

from assistant.briefing.batch import run_window
from assistant.briefing.commute import Incident, StaticTraffic
from assistant.briefing.service import briefing_for
from assistant.briefing.weather import CachedWeather, OpenMeteoClient
from assistant.config import get_settings
from assistant.customers.models import Household
from assistant.notify.models import OutboxMessage
from assistant.orders.models import Order, OrderLine, OrderStatus, PickupSlot
from tests.assistant.briefing.conftest import NOW, TODAY
from tests.assistant.briefing.fake_open_meteo import FakeDay, FakeOpenMeteo, serve
from tests.factories import make_product, make_store

SSML = "{http://www.w3.org/2001/10/synthesis}"
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")  # fmt: skip


def _weather(fake: FakeOpenMeteo) -> CachedWeather:
    return CachedWeather(OpenMeteoClient(fake.url, timeout=2))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["Bonjour Anne, Marc, Annabel et André !",
                f"Nous sommes le mardi {TODAY.day} {MOIS[TODAY.month - 1]} {TODAY.year}.",
                "Météo du jour : pluvieux, de -1 degré à 6 degrés, 70\xa0% de risque de pluie.",
                "Couvrez bien les enfants", "boisson chaude", "Prenez un parapluie.",
                "pour l'école", "à pied", "La Défense, tour Carchan", "en voiture",
                "Prête au retrait à Carchan Montparnasse : Sacs aspirateur"]),
        ("en", ["Good morning, Anne, Marc, Annabel and André!",
                f"Today is Tuesday {TODAY.day} {TODAY:%B}",
                "Today's weather: rainy, -1 degree to 6 degrees, 70% chance of rain.",
                "Dress the kids warmly", "Take an umbrella.", "for school", "on foot",
                "Ready for pickup at Carchan Montparnasse: "]),
    ],
)  # fmt: skip
def test_the_zerty_briefing(
    session: Session, zerty: Household, open_meteo: FakeOpenMeteo, lang: str, expected: list[str]
) -> None:
    open_meteo.day = FakeDay(t_min=-1.2, t_max=6.4, rain=70, code=61)
    briefing = briefing_for(session=session, household=zerty, now=NOW, lang=lang,
                            weather=_weather(open_meteo), traffic=StaticTraffic())  # fmt: skip
    for phrase in expected:
        assert phrase in briefing.text
    # Anne loves jazz: the radio opens with Erroll Garner's "Tea for Two", then the day.
    assert briefing.kinds()[:6] == ["music", "greeting", "date", "weather", "commute", "pickup"]
    music = briefing.sections[0]
    assert music.track is not None and (music.track.title, music.track.seconds) == (
        "Tea for Two",
        227,
    )
    assert "Erroll Garner" in music.text
    school = next(c for c in briefing.commutes if c.kind == "school")
    # 500 m by road at 4.5 km/h: 7 min, 5 min margin, rounded down: 8:15 for 8:30.
    assert (school.leave_at.hour, school.leave_at.minute, school.mode) == (8, 15, "walk")
    root = ET.fromstring(briefing.ssml)  # well-formed XML
    assert root.tag == f"{SSML}speak"
    assert (
        root.get("{http://www.w3.org/XML/1998/namespace}lang")
        == {"fr": "fr-FR", "en": "en-GB"}[lang]
    )
    assert briefing.push.startswith("-1/6°C · ") and len(briefing.push) < 120


def test_weather_down_leaves_it_out_and_says_nothing_false(
    session: Session, zerty: Household
) -> None:
    with serve(FakeOpenMeteo()) as fake:
        url = fake.url
    down = CachedWeather(OpenMeteoClient(url, timeout=0.3))
    briefing = briefing_for(session=session, household=zerty, now=NOW, weather=down,
                            traffic=StaticTraffic())  # fmt: skip
    assert "weather" not in briefing.kinds()
    assert "Météo" not in briefing.text and "degré" not in briefing.text
    assert "commute" in briefing.kinds() and "pickup" in briefing.kinds()


def test_an_incident_moves_the_departure(session: Session, zerty: Household) -> None:
    plain = briefing_for(session=session, household=zerty, now=NOW, weather=None,
                         traffic=StaticTraffic())  # fmt: skip
    jam = StaticTraffic([Incident(48.862, 2.28, 800, 25, "accident quai de Grenelle")])
    delayed = briefing_for(session=session, household=zerty, now=NOW, weather=None, traffic=jam)
    anne = next(c for c in delayed.commutes if "Défense" in c.label)
    before = next(c for c in plain.commutes if "Défense" in c.label)
    assert anne.leave_at < before.leave_at and anne.delay_minutes == 25
    assert "accident quai de Grenelle" in delayed.text


def test_the_batch_enqueues_the_due_briefings(
    session: Session, zerty: Household, open_meteo: FakeOpenMeteo
) -> None:
    report = run_window(session=session, start=dt.time(6, 30), end=dt.time(7, 30), day=TODAY,
                        now=NOW, weather=_weather(open_meteo), traffic=StaticTraffic())  # fmt: skip
    messages = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == zerty.id,
                                    OutboxMessage.kind == "briefing")
        .order_by(col(OutboxMessage.channel))
    ).all()  # fmt: skip
    assert {m.channel for m in messages} == {"push", "radio"}
    assert report.households >= 1 and report.by_channel["push"] >= 1
    radio = next(m for m in messages if m.channel == "radio")
    assert radio.ssml is not None and ET.fromstring(radio.ssml) is not None
    assert all(m.purpose == "service" and "7:00" in m.explanation.replace("07:00", "7:00")
               for m in messages)  # fmt: skip
    again = run_window(session=session, start=dt.time(6, 30), end=dt.time(7, 30), day=TODAY,
                       now=NOW, weather=None, traffic=None)  # fmt: skip
    assert again.messages == 0  # deduplicated per day and channel


def test_households_outside_the_window_are_not_briefed(session: Session, zerty: Household) -> None:
    report = run_window(session=session, start=dt.time(8, 0), end=dt.time(9, 0), day=TODAY,
                        now=NOW, weather=None, traffic=None)  # fmt: skip
    assert zerty.id not in {m.household_id for m in session.exec(select(OutboxMessage)).all()}
    assert report.messages == 0 or report.households > 0


def test_a_briefing_the_customer_asked_for_ignores_quiet_hours_and_the_cap(
    session: Session, zerty: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 06:55 in Paris is inside the default quiet hours (21:30-07:00), and no proactive
    # message is allowed at all today: the briefing still goes out at the chosen minute.
    monkeypatch.setenv("NOTIFY_DAILY_CAP", "0")
    get_settings.cache_clear()
    try:
        run_window(session=session, start=dt.time(6, 30), end=dt.time(7, 30), day=TODAY,
                   now=NOW, weather=None, traffic=None)  # fmt: skip
    finally:
        get_settings.cache_clear()
    messages = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == zerty.id,
                                    OutboxMessage.kind == "briefing")
    ).all()  # fmt: skip
    assert {m.channel for m in messages} == {"push", "radio"}
    assert all(m.scheduled_for is not None and m.scheduled_for.replace(tzinfo=dt.UTC) == NOW
               for m in messages)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "said"),
    [("fr", "À retirer à Carchan Briefing {when} à 18:00 : Sucre"),
     ("en", "For pickup at Carchan Briefing on {when} at 6:00\xa0pm: Sugar")],
)  # fmt: skip
def test_an_order_placed_for_later_says_when_to_collect_it(
    session: Session, zerty: Household, lang: str, said: str
) -> None:
    store = make_store(session, name="Carchan Briefing")
    day = TODAY + dt.timedelta(days=2)
    starts = dt.datetime.combine(day, dt.time(18), ZoneInfo("Europe/Paris")).astimezone(dt.UTC)
    slot = PickupSlot(store_id=store.id, starts_at=starts,
                      ends_at=starts + dt.timedelta(minutes=30), capacity=3, booked=1)  # fmt: skip
    session.add(slot)
    session.flush()
    order = Order(household_id=zerty.id, store_id=store.id, slot_id=slot.id,
                  status=OrderStatus.placed, placed_at=NOW)  # fmt: skip
    session.add(order)
    session.flush()
    sugar = make_product(session, name_fr="Sucre", name_en="Sugar")
    session.add(OrderLine(order_id=order.id, product_id=sugar.id, quantity=1, accepted=True))
    session.flush()
    briefing = briefing_for(session=session, household=zerty, now=NOW, lang=lang, weather=None,
                            traffic=StaticTraffic())  # fmt: skip
    when = format_date(day, "EEEE d MMMM", locale="fr_FR" if lang == "fr" else "en_GB")
    assert said.format(when=when) in briefing.text
    assert "En préparation" not in briefing.text and "Being prepared" not in briefing.text
