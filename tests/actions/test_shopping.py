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
from assistant.offers.models import Coupon
from assistant.orders.models import Order, OrderLine
from assistant.orders.service import choose_store
from tests.actions.conftest import (
    NOW,
    TODAY,
    make_tracker,
    pending_business,
    run_action,
    slots_of,
    text_of,
)
from tests.assistant.offers.helpers import buy
from tests.factories import make_household, make_product, make_stock, make_store


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
        bound, ShoppingListAdd(), make_tracker(household.id, product="cafe", quantity=2.0)
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
    messages, events = run_action(
        bound, ShoppingListAdd(), make_tracker(household.id, lang, product=text)
    )
    assert expected in text_of(messages)
    assert "1 article, 2,99\xa0€" in text_of(messages) or "1 item, €2.99" in text_of(messages)
    assert slots_of(events)["product"] == coffees[1].ean
    assert _lines(bound, household)[coffees[1].id or 0].quantity == 1


def test_add_prefers_what_the_household_already_buys(
    bound: Session, coffees: list[Product]
) -> None:
    household = make_household(bound)
    _buy(bound, household, coffees[2], NOW - dt.timedelta(days=3))
    messages, _ = run_action(bound, ShoppingListAdd(), make_tracker(household.id, product="café"))
    assert "Café en grains" in text_of(messages)
    assert set(_lines(bound, household)) == {coffees[2].id}


@pytest.mark.parametrize(("lang", "said"), [("fr", "sucre"), ("en", "sugar")])
def test_the_product_named_by_its_head_beats_one_bought_more_often(
    bound: Session, lang: str, said: str
) -> None:
    # English names end with their head noun ("Caster sugar"), French ones start with it.
    household = make_household(bound)
    sugar = make_product(
        bound, name_fr="Sucre en poudre Zucra 1 kg", name_en="Caster sugar Zucra 1 kg",
        brand="Zucra", package="1 kg", category="sucre",
    )  # fmt: skip
    cola = make_product(
        bound, name_fr="Cola zéro sucres Zucra 1,5 L", name_en="Zero sugar cola Zucra 1.5 L",
        brand="Zucra", package="1,5 L", category="sodas",
    )  # fmt: skip
    _buy(bound, household, sugar, NOW - dt.timedelta(days=20))
    for days in (2, 5, 9):
        _buy(bound, household, cola, NOW - dt.timedelta(days=days))
    run_action(bound, ShoppingListAdd(), make_tracker(household.id, lang, product=said))
    assert set(_lines(bound, household)) == {sugar.id}


def test_a_quantity_said_for_a_product_on_the_list_sets_it(
    bound: Session, coffees: list[Product]
) -> None:
    household = make_household(bound)
    run_action(bound, ShoppingListAdd(), make_tracker(household.id, product="café soluble"))
    # "Mets-en deux": no product entity, the slot still holds the EAN set by the last add.
    messages, _ = run_action(
        bound, ShoppingListAdd(), make_tracker(household.id, product=coffees[3].ean, quantity=2.0)
    )
    assert _lines(bound, household)[coffees[3].id or 0].quantity == 2
    assert (
        text_of(messages)
    ) == "C'est noté : 2 x Café soluble sur la liste. Votre liste : 1 article, 9,00\xa0€."
    # Without a quantity, one more.
    run_action(bound, ShoppingListAdd(), make_tracker(household.id, product=coffees[3].ean))
    assert _lines(bound, household)[coffees[3].id or 0].quantity == 3


def test_show_and_remove(bound: Session, coffees: list[Product]) -> None:
    household = make_household(bound)
    for product in coffees[:2]:
        run_action(bound, ShoppingListAdd(), make_tracker(household.id, product=product.ean))
    shown = text_of(run_action(bound, ShoppingListShow(), make_tracker(household.id, "en"))[0])
    assert "Your list: 2 items, €6.48." in shown and "1 x Strong ground coffee" in shown
    removed = text_of(
        run_action(bound, ShoppingListRemove(), make_tracker(household.id, product="moulu corsé"))[
            0
        ]
    )
    assert removed == "J'ai retiré Café moulu corsé. Votre liste : 1 article, 3,49\xa0€."
    assert set(_lines(bound, household)) == {coffees[0].id}
    missing = text_of(
        run_action(bound, ShoppingListRemove(), make_tracker(household.id, product="café soluble"))[
            0
        ]
    )
    assert "n'est pas sur votre liste" in missing


def test_an_unknown_product_is_said_so(bound: Session) -> None:
    household = make_household(bound)
    messages, _ = run_action(bound, ShoppingListAdd(), make_tracker(household.id, product="zzzxqw"))
    assert "Je ne trouve pas « zzzxqw »" in text_of(messages)


def test_prefill_proposes_the_week_list_and_yes_accepts_it(bound: Session) -> None:
    household = make_household(bound)
    milk = make_product(bound, name_fr="Lait demi-écrémé", name_en="Semi-skimmed milk")
    fresh = make_product(bound, name_fr="Yaourt nature", name_en="Plain yoghurt")
    for days in (43, 29, 15):  # every 14 days, last 15 days ago: due
        _buy(bound, household, milk, NOW - dt.timedelta(days=days))
    for days in (30, 20, 10, 1):
        _buy(bound, household, fresh, NOW - dt.timedelta(days=days))
    messages, events = run_action(bound, ShoppingListPrefill(), make_tracker(household.id))
    text = text_of(messages)
    assert text.startswith("D'après vos achats, voici votre liste de la semaine")
    assert "1 x Lait demi-écrémé (proposé : " in text and "14 jours" in text
    assert text.endswith("Je valide ces propositions ?")
    line = _lines(bound, household)[milk.id or 0]
    assert (line.origin, line.accepted) == ("predicted", False)
    assert line.explanation and line.explanation in text
    slots = slots_of(events)
    assert slots["pending_action"] == "shopping_list_prefill"
    assert pending_business(slots["pending_payload"]) == {"accept": True, "substitutes": []}
    proposed = len(_lines(bound, household))

    messages, events = run_action(bound, ActionConfirm(), make_tracker(household.id, **slots))
    assert text_of(messages).startswith(f"C'est validé : {proposed} proposition")
    assert all(line.accepted for line in _lines(bound, household).values())
    assert slots_of(events) == {"pending_action": None, "pending_payload": None}


def test_a_removed_proposal_stays_out_this_week(bound: Session) -> None:
    household = make_household(bound)
    milk = make_product(bound, name_fr="Lait demi-écrémé", name_en="Semi-skimmed milk")
    for days in (43, 29, 15):
        _buy(bound, household, milk, NOW - dt.timedelta(days=days))
    run_action(bound, ShoppingListPrefill(), make_tracker(household.id))
    assert milk.id in _lines(bound, household)
    removed = text_of(
        run_action(bound, ShoppingListRemove(), make_tracker(household.id, product="lait"))[0]
    )
    assert "Je ne le proposerai plus cette semaine." in removed
    messages, _ = run_action(bound, ShoppingListPrefill(), make_tracker(household.id, "en"))
    assert milk.id not in _lines(bound, household)
    assert "Semi-skimmed milk" not in text_of(messages)


def test_show_says_coupons_stock_and_substitutes(bound: Session) -> None:
    store = make_store(bound, name="Carchan Test")
    household = make_household(bound, preferred_store_id=store.id)
    assert household.id is not None and store.id is not None
    gone = make_product(bound, name_fr="Café rare", category="cafe-x", price_cents=500)
    there = make_product(bound, name_fr="Café courant", category="cafe-x", price_cents=450)
    make_stock(bound, store, gone, 0)
    make_stock(bound, store, there, 9)
    coupon = Coupon(
        code=f"T-{household.id}",
        description_fr="-1 €",
        description_en="€1 off",
        category="cafe-x",
        discount_kind="amount",
        discount_value=100,
        is_generic=True,
    )
    bound.add(coupon)
    run_action(bound, ShoppingListAdd(), make_tracker(household.id, product=gone.ean))
    choose_store(session=bound, household_id=household.id, store_id=store.id)
    messages, events = run_action(bound, ShoppingListShow(), make_tracker(household.id))
    text = text_of(messages)
    assert (
        "1 x Café rare (coupon -1,00\xa0€; en rupture, à la place : Café courant (4,50\xa0€))"
        in text
    )
    assert "Vos coupons déduisent 1,00\xa0€. Retrait à Carchan Test." in text
    slots = slots_of(events)
    assert slots["pending_payload"]["substitutes"] == [_lines(bound, household)[gone.id or 0].id]
    messages, _ = run_action(bound, ActionConfirm(), make_tracker(household.id, **slots))
    assert "Remplacements : Café courant." in text_of(messages)
    assert set(_lines(bound, household)) == {there.id}


@pytest.fixture
def milks(bound: Session) -> tuple[Household, Product, Product]:
    """A household that buys milk, and cat milk more often."""
    household = make_household(bound)
    store = make_store(bound)
    milk = make_product(bound, name_fr="Lait demi-écrémé Carchan 1 L",
                        name_en="Semi-skimmed milk Carchan 1 L", category="lait", brand="Carchan",
                        package="1 L")  # fmt: skip
    cat_milk = make_product(bound, name_fr="Lait pour chat Félinor 3 x 200 ml",
                            name_en="Cat milk Félinor 3 x 200 ml", category="lait-chat",
                            brand="Félinor", package="3 x 200 ml", pet_species="cat")  # fmt: skip
    buy(bound, household, store, TODAY - dt.timedelta(days=9), milk, cat_milk)
    buy(bound, household, store, TODAY - dt.timedelta(days=5), cat_milk)
    buy(bound, household, store, TODAY - dt.timedelta(days=2), cat_milk)
    return household, milk, cat_milk


@pytest.mark.parametrize(
    ("lang", "said", "expected"),
    [("fr", "lait", 0), ("en", "milk", 0), ("fr", "lait pour chat", 1), ("en", "cat milk", 1)],
)
def test_habits_break_ties_never_override_what_was_said(
    bound: Session, milks: tuple[Household, Product, Product], lang: str, said: str, expected: int
) -> None:
    household, *products = milks
    messages, _ = run_action(
        bound, ShoppingListAdd(), make_tracker(household.id, lang, product=said)
    )
    assert set(_lines(bound, household)) == {products[expected].id}, text_of(messages)


@pytest.mark.parametrize(
    ("lang", "said", "added"),
    [("fr", "cafe molu pur arabika", "Café moulu pur arabica"),
     ("en", "ground arabika cofee", "Ground arabica coffee")],
)  # fmt: skip
def test_a_typo_in_a_product_name_is_forgiven(
    bound: Session, coffees: list[Product], lang: str, said: str, added: str
) -> None:
    household = make_household(bound)
    messages, _ = run_action(
        bound, ShoppingListAdd(), make_tracker(household.id, lang, product=said)
    )
    assert added in text_of(messages)
    assert set(_lines(bound, household)) == {coffees[0].id}
