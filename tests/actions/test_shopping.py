from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import Session, select

from actions.confirm import ActionConfirm
from actions.shopping import (
    ShoppingListAdd,
    ShoppingListPrefill,
    ShoppingListRemove,
    ShoppingListShow,
)
from assistant.catalog.models import Product
from assistant.customers.models import Household
from assistant.history.models import Receipt, ReceiptLine
from assistant.orders.models import Order, OrderLine
from tests.actions.conftest import NOW, make_tracker, run_action, slots_of, text_of
from tests.factories import make_household, make_product, make_store


def _buy(session: Session, household: Household, product: Product, at: dt.datetime) -> None:
    store = make_store(session)
    receipt = Receipt(
        receipt_uid=f"r-{household.id}-{product.id}-{at.isoformat()}",
        household_id=household.id,
        store_id=store.id,
        purchased_at=at,
        total_cents=product.price_cents,
    )
    session.add(receipt)
    session.flush()
    assert receipt.id is not None
    session.add(
        ReceiptLine(
            receipt_id=receipt.id,
            product_id=product.id,
            ean=product.ean,
            label=product.name_fr,
            quantity=1,
            amount_cents=product.price_cents,
            unit_price_cents=product.price_cents,
        )
    )
    session.flush()


def _lines(session: Session, household: Household) -> dict[int, OrderLine]:
    rows = session.exec(
        select(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)  # type: ignore[arg-type]
        .where(Order.household_id == household.id, Order.status == "draft")
    ).all()
    return {line.product_id: line for line in rows}


@pytest.fixture
def coffees(session: Session) -> list[Product]:
    return [
        make_product(
            session,
            name_fr="Café moulu pur arabica",
            name_en="Ground arabica coffee",
            category="cafe-test",
            price_cents=349,
        ),
        make_product(
            session,
            name_fr="Café moulu corsé",
            name_en="Strong ground coffee",
            category="cafe-test",
            price_cents=299,
        ),
        make_product(
            session,
            name_fr="Café en grains",
            name_en="Coffee beans",
            category="cafe-test",
            price_cents=599,
        ),
        make_product(
            session,
            name_fr="Café soluble",
            name_en="Instant coffee",
            category="cafe-test",
            price_cents=450,
        ),
    ]


def test_an_ambiguous_product_offers_three_choices_as_payloads(
    bound: Session, coffees: list[Product]
) -> None:
    household = make_household(bound)
    messages, _ = run_action(
        ShoppingListAdd(), make_tracker(household.id, product="cafe", quantity=2.0)
    )
    buttons = messages[0]["buttons"]
    assert len(buttons) == 3
    first = buttons[0]["payload"]
    assert first.startswith("/shopping_list_add{")
    body = json.loads(first.removeprefix("/shopping_list_add"))
    assert body["quantity"] == 2
    assert body["product"] in {product.ean for product in coffees}
    assert _lines(bound, household) == {}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "cafe moulu corse", "J'ai ajouté 1 x Café moulu corsé"),
        ("en", "strong ground coffee", "I added 1 x Strong ground coffee"),
    ],
)
def test_add_matches_french_or_english_names_without_accents(
    bound: Session, coffees: list[Product], lang: str, text: str, expected: str
) -> None:
    household = make_household(bound)
    messages, events = run_action(ShoppingListAdd(), make_tracker(household.id, lang, product=text))
    assert expected in text_of(messages)
    assert "1 article, 2,99 €" in text_of(messages) or "1 item, €2.99" in text_of(messages)
    assert slots_of(events)["product"] == coffees[1].ean
    assert _lines(bound, household)[coffees[1].id or 0].quantity == 1


def test_add_prefers_what_the_household_already_buys(
    bound: Session, coffees: list[Product]
) -> None:
    household = make_household(bound)
    _buy(bound, household, coffees[2], NOW - dt.timedelta(days=3))
    messages, _ = run_action(ShoppingListAdd(), make_tracker(household.id, product="café"))
    assert "Café en grains" in text_of(messages)
    assert set(_lines(bound, household)) == {coffees[2].id}


def test_add_two_uses_the_product_of_the_conversation(
    bound: Session, coffees: list[Product]
) -> None:
    household = make_household(bound)
    run_action(ShoppingListAdd(), make_tracker(household.id, product="café soluble"))
    # "Ajoutes-en deux": no product entity, the slot still holds the EAN set by the last add.
    messages, _ = run_action(
        ShoppingListAdd(), make_tracker(household.id, product=coffees[3].ean, quantity=2.0)
    )
    assert _lines(bound, household)[coffees[3].id or 0].quantity == 3
    assert "1 article, 13,50 €" in text_of(messages)


def test_show_and_remove(bound: Session, coffees: list[Product]) -> None:
    household = make_household(bound)
    for product in coffees[:2]:
        run_action(ShoppingListAdd(), make_tracker(household.id, product=product.ean))
    shown = text_of(run_action(ShoppingListShow(), make_tracker(household.id, "en"))[0])
    assert "Your list: 2 items, €6.48." in shown and "1 x Strong ground coffee" in shown
    removed = text_of(
        run_action(ShoppingListRemove(), make_tracker(household.id, product="moulu corsé"))[0]
    )
    assert removed == "J'ai retiré Café moulu corsé. Votre liste : 1 article, 3,49 €."
    assert set(_lines(bound, household)) == {coffees[0].id}
    missing = text_of(
        run_action(ShoppingListRemove(), make_tracker(household.id, product="café soluble"))[0]
    )
    assert "n'est pas sur votre liste" in missing


def test_an_unknown_product_is_said_so(bound: Session) -> None:
    household = make_household(bound)
    messages, _ = run_action(ShoppingListAdd(), make_tracker(household.id, product="zzzxqw"))
    assert "Je ne trouve pas « zzzxqw »" in text_of(messages)


def test_prefill_proposes_due_items_and_confirm_adds_them(bound: Session) -> None:
    household = make_household(bound)
    milk = make_product(bound, name_fr="Lait demi-écrémé", name_en="Semi-skimmed milk")
    rare = make_product(bound, name_fr="Pâte à crêpes", name_en="Pancake batter")
    fresh = make_product(bound, name_fr="Yaourt nature", name_en="Plain yoghurt")
    for days in (43, 29, 15):  # every 14 days, last 15 days ago: due
        _buy(bound, household, milk, NOW - dt.timedelta(days=days))
    for days in (60, 30):  # bought twice only: not enough to tell a rhythm
        _buy(bound, household, rare, NOW - dt.timedelta(days=days))
    for days in (30, 20, 10):  # every 10 days, last 10 days ago...
        _buy(bound, household, fresh, NOW - dt.timedelta(days=days))
    _buy(bound, household, fresh, NOW - dt.timedelta(days=1))  # ...and again yesterday
    messages, events = run_action(ShoppingListPrefill(), make_tracker(household.id))
    text = text_of(messages)
    assert "Lait demi-écrémé (acheté tous les 14 jours, dernier achat il y a 15 jours)" in text
    assert "Pâte" not in text and "Yaourt" not in text
    slots = slots_of(events)
    assert slots["pending_action"] == "shopping_list_prefill"
    assert slots["pending_payload"] == {"items": [{"product_id": milk.id, "quantity": 1}]}
    assert _lines(bound, household) == {}

    messages, events = run_action(ActionConfirm(), make_tracker(household.id, **slots))
    assert "C'est ajouté : Lait demi-écrémé." in text_of(messages)
    line = _lines(bound, household)[milk.id or 0]
    assert (line.quantity, line.origin) == (1, "predicted")
    assert slots_of(events) == {"pending_action": None, "pending_payload": None}
