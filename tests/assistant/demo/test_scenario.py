"""The Zerty day, played through the engines on a database of its own, moment by moment."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from assistant.config import Settings
from assistant.customers.models import Household
from assistant.db import make_engine, migrate
from assistant.demo.scenario import story
from assistant.demo.scenario.moments import Moment
from assistant.demo.scenario.run import AlreadyPlayed, run_scenario
from nlu.engines.spacy_engine import SpacyEngine
from tests import clock
from tests.live import BACKENDS, scratch_database
from tests.nlu.engines.trained import trained_model_dir

pytestmark = pytest.mark.slow
# The story is a Friday and a Saturday, the first with school from the suite's day.
FRIDAY = story.story_friday(clock.TODAY)
SATURDAY = FRIDAY + dt.timedelta(days=1)
PARIS_LOCAL = "%a %H:%M"


RUNS = [(kind, lang) for kind, lang in [("sqlite", "fr"), ("postgresql", "fr"), ("sqlite", "en")]
        if kind in BACKENDS]  # fmt: skip


@pytest.fixture(scope="module", params=RUNS, ids=[f"{kind}-{lang}" for kind, lang in RUNS])
def played(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[Moment], str, Settings]]:
    kind, lang = request.param
    with scratch_database(kind, tmp_path_factory.mktemp("zerty"), "zerty") as url:
        migrate(url)
        secret = SecretStr("test-secret-key-0123456789abcdefghijklmnop")
        settings = Settings(assistant_env="test", database_url=url, secret_key=secret)
        engine = make_engine(url, sqlite_explicit_begin=True)
        nlu = SpacyEngine.load(trained_model_dir() / "spacy")
        moments = run_scenario(engine=engine, settings=settings, nlu=nlu, lang=lang,
                               today=FRIDAY - dt.timedelta(days=2))  # fmt: skip
        with pytest.raises(AlreadyPlayed):
            run_scenario(engine=engine, settings=settings, nlu=nlu, lang=lang, today=FRIDAY)
        engine.dispose()
        yield moments, lang, settings


def _one(moments: list[Moment], channel: str, kind: str) -> Moment:
    found = [m for m in moments if (m.channel, m.kind) == (channel, kind)]
    assert len(found) == 1, [(m.channel, m.kind) for m in moments]
    return found[0]


def test_the_day_in_order(played: tuple[list[Moment], str, Settings]) -> None:
    moments, lang, _ = played
    # "samedi à 11h" answers the order form's question: the form takes it whatever the
    # classifier calls it (out of scope or order_place), so its kind is not part of the story.
    form_answer = 8
    said = [(m.local.strftime(PARIS_LOCAL), m.channel, m.kind) for m in moments]
    assert said[form_answer][2] in ("out_of_scope", "order_place"), said[form_answer]
    said[form_answer] = (*said[form_answer][:2], "form answer")
    assert said == [
        ("Fri 07:00", "push", "briefing"),
        ("Fri 07:00", "radio", "briefing"),
        ("Fri 18:30", "push", "digest"),
        ("Fri 18:30", "email", "digest"),
        ("Sat 08:30", "push", "list_ready"),
        ("Sat 09:00", "chat", "shopping_list_show"),
        ("Sat 09:01", "chat", "shopping_list_add"),
        ("Sat 09:02", "chat", "order_place"),
        ("Sat 09:03", "chat", "form answer"),
        ("Sat 09:03", "chat", "affirm"),
        ("Sat 10:30", "push", "order_ready"),  # prepared by the store before she arrives
        ("Sat 10:45", "staff", "arrival"),
        ("Sat 10:45", "push", "pickup_arrival"),
        ("Sat 10:45", "push", "store_entry_offer"),
        ("Sat 10:55", "in_app", "store_dwell"),
        ("Sat 11:15", "hotline", "greeting"),
        ("Sat 11:50", "till", "receipt"),
        ("Sat 11:55", "chat", "loyalty_balance"),
        ("Sat 18:00", "chat", "recipe_suggest"),
    ]
    assert moments[0].local.date() == FRIDAY  # seeded on Wednesday: the coming Friday
    assert {m.lang for m in moments} == {lang}
    assert all(m.explanation.strip() for m in moments)


WORDS: dict[str, dict[str, Any]] = {
    "fr": {
        "radio": ["Tea for Two, par Erroll Garner",
                  "Météo du jour : ensoleillé, de 4 degrés à 12 degrés",
                  "Couvrez bien les enfants", "boisson chaude", "partez à 8 h 15 pour l'école",
                  "passez par les boulevards extérieurs jusqu'à la porte de Versailles",
                  "Prête au retrait à Carchan Montparnasse : Sacs aspirateur"],
        "digest": ["Cirque des Étoiles Filantes", "le nouveau film de Luc Besson",
                   # The story's Friday evening: the winter sale is tomorrow, in her store.
                   "Braderie d'hiver : vêtements enfants (demain à 09:00, Carchan Montparnasse)",
                   "Réserver 4 places en un clic : http://"],
        "list": ["Café moulu pur arabica"], "sugar": "Sucre en poudre",
        "with_coupon": "avec un bon de réduction (",
        # The total follows the household's history, which the seed builds from the day.
        "order": r"passée : \d+,\d\d\xa0€, à retirer à Carchan Montparnasse samedi "
                 rf"{SATURDAY.day} \w+ à 11:00",
        "arrival": "nous apportons vos commandes", "offer": ["Lecteur DVD", "livraison"],
        "why_offer": ["3 ans", "livré et installé", "hotline"],
        "hotline": ["Bonjour la famille Zerty", "« Tea for Two », par Erroll Garner"],
        "dwell": ("Vous êtes à Carchan Montparnasse", "depuis quelques minutes"),
        "points": ["Vous avez 58 points", "Le souhait d'André est à votre portée",
                   "Ballon de football dédicacé"],
        "recipes": ["autocuiseur", "terroir", "Quercy"], "briefing_why": "07:00",
        "recipe_title": "Pintade au chou du Quercy à l'autocuiseur",
    },
    "en": {
        "radio": ["Tea for Two, by Erroll Garner",
                  "Today's weather: sunny, 4 degrees to 12 degrees", "Dress the kids warmly",
                  "hot drink", "leave at 8:15 AM for school",
                  "take the outer boulevards to Porte de Versailles",
                  "Ready for pickup at Carchan Montparnasse: "],
        "digest": ["Cirque des Étoiles Filantes", "the new film by Luc Besson",
                   "Braderie d'hiver : vêtements enfants (tomorrow at 9:00\xa0am, Carchan "
                   "Montparnasse)",
                   "Book 4 seats in one click: http://"],
        "list": ["Ground pure arabica coffee"], "sugar": "Caster sugar",
        "with_coupon": "with a coupon (you save €",
        "order": r"placed: €\d+\.\d\d, pickup at Carchan Montparnasse on Saturday "
                 rf"{SATURDAY.day} \w+ at 11:00\xa0am",
        "arrival": "we are bringing your orders", "offer": ["DVD player", "delivery"],
        "why_offer": ["3 years", "delivered and installed", "hotline"],
        "hotline": ["Hello, Zerty family", "“Tea for Two” by Erroll Garner"],
        "dwell": ("You are at Carchan Montparnasse", "for a few minutes"),
        "points": ["You have 58 points", "André's wish is within reach", "Signed football"],
        "recipes": ["Pressure cooker", "French regional cooking: Quercy"], "briefing_why": "07:00",
        # The demo's recipes are written in both languages: the English version is shown.
        "recipe_title": "Quercy-style guinea fowl with cabbage in the pressure cooker",
    },
}  # fmt: skip


def test_friday_briefing_and_digest(played: tuple[list[Moment], str, Settings]) -> None:
    moments, lang, _ = played
    words = WORDS[lang]
    radio = _one(moments, "radio", "briefing")
    for phrase in words["radio"]:
        assert phrase in radio.text
    assert words["briefing_why"] in radio.explanation
    push = _one(moments, "push", "briefing")
    assert push.text.startswith("4/12°C")
    email = _one(moments, "email", "digest")
    for phrase in words["digest"]:
        assert phrase in email.text
    assert len(email.data["links"]) == 3  # circus, film, cooking workshop: bookable
    assert "Dernier Phare" in _one(moments, "push", "digest").text


def test_saturday_order_from_history(played: tuple[list[Moment], str, Settings]) -> None:
    moments, lang, _ = played
    words = WORDS[lang]
    listed = _one(moments, "chat", "shopping_list_show")
    titles = " | ".join(card["title"] for card in listed.data["cards"])
    assert all(name in titles for name in words["list"])
    assert words["sugar"] in _one(moments, "chat", "shopping_list_add").text
    placed = _one(moments, "chat", "affirm")
    assert re.search(words["order"], placed.text), placed.text
    ready = _one(moments, "push", "list_ready")
    assert ready.data["proposed"] >= 10
    # Friday night's weekly selection loaded the coffee coupon: the push counts its saving.
    assert ready.data["with_coupon"] >= 1 and ready.data["saving_cents"] > 0
    assert words["with_coupon"] in ready.text
    assert {"CAFE-30", "SUCRE-1"} <= _order_coupons(played[2])


def _order_coupons(settings: Settings) -> set[str]:
    """The coupon codes applied on the lines of the order placed on Saturday morning."""
    from sqlmodel import Session, col, select

    from assistant.demo.zerty import SLUG
    from assistant.offers.models import Coupon
    from assistant.orders.models import Order, OrderLine

    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        codes = session.exec(
            select(Coupon.code)
            .join(OrderLine, col(OrderLine.coupon_id) == col(Coupon.id))
            .join(Order, col(Order.id) == col(OrderLine.order_id))
            .join(Household, col(Household.id) == col(Order.household_id))
            # Placed at 9:03, prepared by the store before she arrives.
            .where(Household.slug == SLUG, col(Order.status).in_(("placed", "picking", "ready")))
        ).all()
    engine.dispose()
    return set(codes)


def test_store_entry_staff_and_offer(played: tuple[list[Moment], str, Settings]) -> None:
    moments, lang, _ = played
    words = WORDS[lang]
    staff = _one(moments, "staff", "arrival")
    # The vacuum bags (ready since Thursday) and this morning's order: both to the car.
    assert staff.data["bring_to_car"] is True and len(staff.data["order_ids"]) == 2
    assert staff.data["events"][0] == "entry"
    assert words["arrival"] in _one(moments, "push", "pickup_arrival").text
    offer = _one(moments, "push", "store_entry_offer")
    assert all(word in offer.text for word in words["offer"])
    assert all(word in offer.explanation for word in words["why_offer"])
    dwell = _one(moments, "in_app", "store_dwell")
    assert words["dwell"][0] in dwell.text and words["dwell"][1] in dwell.explanation
    # She calls the hotline the offer gave: the family, greeted by name, waits with jazz.
    call = _one(moments, "hotline", "greeting")
    assert all(phrase in call.text for phrase in words["hotline"])
    assert call.data["hold_music"]["seconds"] == 227 and "jazz" in call.explanation


def test_fuel_points_and_recipes(played: tuple[list[Moment], str, Settings]) -> None:
    moments, lang, _ = played
    words = WORDS[lang]
    receipt = _one(moments, "till", "receipt")
    assert (receipt.data["points"], receipt.data["balance"]) == (10, 58)
    answer = _one(moments, "chat", "loyalty_balance")
    assert all(phrase in answer.text for phrase in words["points"])
    recipes = _one(moments, "chat", "recipe_suggest")
    dishes = [" ".join(card["lines"]) for card in recipes.data["cards"]]
    assert len(dishes) == 3
    minutes = [int(re.search(r"(\d+) min", dish)[1]) for dish in dishes]  # type: ignore[index]
    assert all(m <= 30 for m in minutes)
    assert any(all(w in dish for w in words["recipes"]) for dish in dishes)
    assert words["recipe_title"] in [card["title"] for card in recipes.data["cards"]]


@pytest.mark.parametrize(
    ("intent", "confidence", "lang", "expected"),
    [("shopping_list_add", 0.92, "fr", "compris : ajouter à la liste de courses (sûr à 92\xa0%)"),
     ("shopping_list_add", 0.92, "en", "understood: add to the shopping list (92% sure)"),
     ("out_of_scope", 0.13, "fr", "hors de ce que je sais faire"),
     (None, 0.0, "en", "an answer to my question")],
)  # fmt: skip
def test_a_chat_moment_says_why_in_the_customer_s_words(
    intent: str | None, confidence: float, lang: str, expected: str
) -> None:
    from assistant.demo.scenario.run import understood
    from nlu.parse import Parse

    parse = Parse("…", intent, confidence, lang) if intent is not None else None
    assert understood(parse, lang) == expected
