from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlmodel import Session, select

from actions import shopping
from actions.confirm import ActionConfirm
from actions.shopping import (
    ShoppingListAdd,
    ShoppingListPrefill,
    ShoppingListRemove,
    ShoppingListShow,
    clauses,
)
from assistant.catalog.models import Product, Stock, Store
from assistant.customers.models import Household
from assistant.history.models import Receipt, ReceiptLine
from assistant.i18n import money
from assistant.offers.models import Coupon
from assistant.orders.models import Order, OrderLine
from assistant.orders.service import choose_store
from tests.actions.conftest import (
    NOW,
    TODAY,
    cards_of,
    make_tracker,
    pending_business,
    run_action,
    slots_of,
    text_of,
    told,
    told_ids,
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
    assert told(messages) == [("shopping.which", {"said": "cafe"})]
    buttons = messages[0]["buttons"]
    assert len(buttons) == 3
    # The title typed back is understood (assistant/dialogue/choice.py drops its price).
    prices = {f"{p.name_fr} ({money(p.price_cents, 'fr')})" for p in coffees}
    assert {button["title"] for button in buttons} <= prices
    first = buttons[0]["payload"]
    assert first.startswith("/shopping_list_add{")
    body = json.loads(first.removeprefix("/shopping_list_add"))
    assert body["quantity"] == 2
    assert body["product"] in {product.ean for product in coffees}
    assert _lines(bound, household) == {}


@pytest.mark.parametrize(
    ("lang", "text", "name", "expected"),
    [
        ("fr", "cafe moulu corse", "Café moulu corsé",
         "J'ai ajouté 1 x Café moulu corsé. Votre liste : 1 article, 2,99\xa0€."),
        ("en", "strong ground coffee", "Strong ground coffee",
         "I added 1 x Strong ground coffee. Your list: 1 item, €2.99."),
    ],
)  # fmt: skip
def test_add_matches_french_or_english_names_without_accents(
    bound: Session, coffees: list[Product], lang: str, text: str, name: str, expected: str
) -> None:
    household = make_household(bound)
    messages, events = run_action(
        bound, ShoppingListAdd(), make_tracker(household.id, lang, product=text)
    )
    assert told(messages) == [
        ("shopping.added_new", {"quantity": 1, "product": name}),
        ("shopping.summary", {"items": 1, "total": {"cents": 299}}),
    ]
    assert text_of(messages) == expected
    assert slots_of(events)["product"] == coffees[1].ean
    assert _lines(bound, household)[coffees[1].id or 0].quantity == 1


def test_add_prefers_what_the_household_already_buys(
    bound: Session, coffees: list[Product]
) -> None:
    household = make_household(bound)
    _buy(bound, household, coffees[2], NOW - dt.timedelta(days=3))
    messages, _ = run_action(bound, ShoppingListAdd(), make_tracker(household.id, product="café"))
    assert told(messages)[0][1]["product"] == "Café en grains"
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
    assert told(messages)[0] == (
        "shopping.quantity_set",
        {"quantity": 2, "product": "Café soluble"},
    )
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
    messages, _ = run_action(bound, ShoppingListShow(), make_tracker(household.id, "en"))
    # A short text that counts the list; the lines are cards, named in English.
    assert text_of(messages) == "Your list: 2 items, €6.48."
    assert told(messages) == [("shopping.summary", {"items": 2, "total": {"cents": 648}})]
    assert [(card["kind"], card["title"], card["lines"], card["price"])
            for card in cards_of(messages)] == [
        ("list_line", "Ground arabica coffee", ["Quantity: 1 (€3.49 each)"], "€3.49"),
        ("list_line", "Strong ground coffee", ["Quantity: 1 (€2.99 each)"], "€2.99"),
    ]  # fmt: skip
    messages, _ = run_action(
        bound, ShoppingListRemove(), make_tracker(household.id, product="moulu corsé")
    )
    assert told_ids(messages) == ["shopping.removed", "shopping.summary"]
    assert text_of(messages) == "J'ai retiré Café moulu corsé. Votre liste : 1 article, 3,49\xa0€."
    assert set(_lines(bound, household)) == {coffees[0].id}
    messages, _ = run_action(
        bound, ShoppingListRemove(), make_tracker(household.id, product="café soluble")
    )
    assert told(messages) == [("shopping.not_on_list", {"said": "café soluble"})]


def test_an_empty_list_is_said_so(bound: Session) -> None:
    household = make_household(bound)
    messages, events = run_action(bound, ShoppingListShow(), make_tracker(household.id))
    assert told_ids(messages) == ["shopping.empty"]
    assert cards_of(messages) == []
    assert slots_of(events) == {"last_topic": "shopping_list"}


def test_a_long_list_shows_the_first_lines_and_counts_the_rest(
    bound: Session, coffees: list[Product], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shopping, "MAX_SHOWN", 3)
    household = make_household(bound)
    for product in coffees:
        run_action(bound, ShoppingListAdd(), make_tracker(household.id, product=product.ean))
    messages, _ = run_action(bound, ShoppingListShow(), make_tracker(household.id))
    assert len(cards_of(messages)) == 3
    assert told(messages)[1] == ("shopping.more", {"count": 1})
    assert "Et 1 autre article." in text_of(messages)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Je ne trouve pas « zzzxqw » dans le catalogue Carchan."),
     ("en", "I can't find “zzzxqw” in the Carchan catalogue.")],
)  # fmt: skip
def test_an_unknown_product_is_said_so(bound: Session, lang: str, expected: str) -> None:
    household = make_household(bound)
    messages, _ = run_action(
        bound, ShoppingListAdd(), make_tracker(household.id, lang, product="zzzxqw")
    )
    assert told(messages) == [("shopping.not_found", {"said": "zzzxqw"})]
    assert text_of(messages) == expected


def _entity(text: str, name: str, said: str, value: Any) -> dict[str, Any]:
    start = text.index(said)
    return {"entity": name, "value": value, "start": start, "end": start + len(said)}


def test_several_products_in_one_message_none_dropped(
    bound: Session, coffees: list[Product]
) -> None:
    household = make_household(bound)
    said = "add 3 zorglubs, strong ground coffee and cafe"
    coffee = "strong ground coffee"
    entities = [_entity(said, "quantity", "3", 3), _entity(said, "product", coffee, coffee),
                _entity(said, "product", "cafe", "cafe")]  # fmt: skip
    tracker = make_tracker(household.id, "en", intent="shopping_list_add", entities=entities)
    tracker.latest_message["text"] = said
    messages, events = run_action(bound, ShoppingListAdd(), tracker)
    assert told(messages) == [
        ("shopping.added_several", {"items": ["1 x Strong ground coffee"]}),
        ("shopping.not_found_several", {"said": ["“zorglubs”"]}),
        ("shopping.which", {"said": "cafe"}),
        ("shopping.summary", {"items": 1, "total": {"cents": 299}}),
    ]
    assert text_of(messages) == (
        "I added 1 x Strong ground coffee. I couldn't find “zorglubs” in the Carchan catalogue. "
        "Several products match “cafe”: which one? Your list: 1 item, €2.99."
    )
    assert len(messages[0]["buttons"]) == 3
    # The buttons' requests, in their order, for an answer by rank ("la deuxième").
    assert slots_of(events)["product_choice"] == {
        "said": "cafe", "quantity": None, "options": [b["payload"] for b in messages[0]["buttons"]],
    }  # fmt: skip
    assert set(_lines(bound, household)) == {coffees[1].id}


def test_prefill_proposes_the_week_list_and_yes_accepts_it(bound: Session) -> None:
    household = make_household(bound)
    milk = make_product(bound, name_fr="Lait demi-écrémé", name_en="Semi-skimmed milk")
    fresh = make_product(bound, name_fr="Yaourt nature", name_en="Plain yoghurt")
    for days in (43, 29, 15):  # every 14 days, last 15 days ago: due
        _buy(bound, household, milk, NOW - dt.timedelta(days=days))
    for days in (30, 20, 10, 1):
        _buy(bound, household, fresh, NOW - dt.timedelta(days=days))
    messages, events = run_action(bound, ShoppingListPrefill(), make_tracker(household.id))
    proposed = len(_lines(bound, household))
    assert told_ids(messages) == ["shopping.proposal", "shopping.summary", "shopping.ask_accept"]
    assert told(messages)[0] == ("shopping.proposal", {"proposed": proposed})
    text = text_of(messages)
    assert proposed == 2  # the milk and the yoghurt are due
    assert text.startswith("D'après vos achats, voici votre liste de la semaine (2 propositions).")
    assert text.endswith("Je valide ces propositions ?")
    line = _lines(bound, household)[milk.id or 0]
    assert (line.origin, line.accepted) == ("predicted", False)
    # Why each line was proposed is on its card.
    [card] = [card for card in cards_of(messages) if card["title"] == "Lait demi-écrémé"]
    assert line.explanation and "14 jours" in line.explanation
    assert card["lines"][1] == f"Proposé : {line.explanation}"
    assert (card["ref"], card["tags"]) == (line.id, ["proposed"])
    slots = slots_of(events)
    assert slots["pending_action"] == "shopping_list_prefill"
    assert pending_business(slots["pending_payload"]) == {"accept": True, "substitutes": []}

    messages, events = run_action(bound, ActionConfirm(), make_tracker(household.id, **slots))
    assert told(messages)[0] == ("shopping.accepted", {"count": proposed})
    assert text_of(messages).startswith("C'est validé : 2 propositions acceptées.")
    assert all(line.accepted for line in _lines(bound, household).values())
    assert slots_of(events) == {"pending_action": None, "pending_payload": None}


def test_a_removed_proposal_stays_out_this_week(bound: Session) -> None:
    household = make_household(bound)
    milk = make_product(bound, name_fr="Lait demi-écrémé", name_en="Semi-skimmed milk")
    for days in (43, 29, 15):
        _buy(bound, household, milk, NOW - dt.timedelta(days=days))
    run_action(bound, ShoppingListPrefill(), make_tracker(household.id))
    assert milk.id in _lines(bound, household)
    messages, _ = run_action(
        bound, ShoppingListRemove(), make_tracker(household.id, product="lait")
    )
    assert told(messages)[0] == ("shopping.removed_proposal", {"product": "Lait demi-écrémé"})
    assert "Je ne le proposerai plus cette semaine." in text_of(messages)
    messages, _ = run_action(bound, ShoppingListPrefill(), make_tracker(household.id, "en"))
    assert milk.id not in _lines(bound, household)
    assert told_ids(messages) == ["shopping.nothing_due"]


def _coupon(session: Session, household: Household, **fields: Any) -> Coupon:
    coupon = Coupon(code=f"T-{household.id}-{fields.get('category') or fields.get('product_id')}",
                    is_generic=True, **fields)  # fmt: skip
    session.add(coupon)
    session.flush()
    return coupon


@pytest.fixture
def out_of_stock(bound: Session) -> tuple[Household, Store, Product, Product]:
    """A coffee out of stock at the household's store, with a coupon; another one there."""
    store = make_store(bound, name="Carchan Test")
    household = make_household(bound, preferred_store_id=store.id)
    gone = make_product(bound, name_fr="Café rare", name_en="Rare coffee", category="cafe-x",
                        price_cents=500)  # fmt: skip
    there = make_product(bound, name_fr="Café courant", name_en="Everyday coffee",
                         category="cafe-x", price_cents=450)  # fmt: skip
    make_stock(bound, store, gone, 0)
    make_stock(bound, store, there, 9)
    _coupon(bound, household, description_fr="-1 € sur le café", description_en="€1 off coffee",
            category="cafe-x", discount_kind="amount", discount_value=100)  # fmt: skip
    return household, store, gone, there


def test_show_says_coupons_stock_and_substitutes(
    bound: Session, out_of_stock: tuple[Household, Store, Product, Product]
) -> None:
    household, store, gone, there = out_of_stock
    assert household.id is not None and store.id is not None
    run_action(bound, ShoppingListAdd(), make_tracker(household.id, product=gone.ean))
    choose_store(session=bound, household_id=household.id, store_id=store.id)
    messages, events = run_action(bound, ShoppingListShow(), make_tracker(household.id))
    assert told(messages) == [
        ("shopping.summary_with_coupons",
         {"items": 1, "total": {"cents": 400}, "saving": {"cents": 100}}),
        ("shopping.pickup", {"store": "Carchan Test"}),
        ("shopping.ask_accept", {}),
    ]  # fmt: skip
    assert text_of(messages) == (
        "Votre liste : 1 article, 4,00\xa0€ (vos coupons déduisent 1,00\xa0€). "
        "Retrait à Carchan Test. Je valide ces propositions ?"
    )
    [card] = cards_of(messages)
    assert card["title"] == "Café rare" and card["price"] == "5,00\xa0€"
    assert card["lines"][1:] == [
        "Coupon « -1 € sur le café » : \u22121,00\xa0€",
        # The substitute's price beside the missing product's own.
        "En rupture : à la place, Café courant (4,50\xa0€ au lieu de 5,00\xa0€)",
    ]
    assert card["tags"] == ["coupon", "out_of_stock"]
    slots = slots_of(events)
    assert slots["pending_payload"]["substitutes"] == [_lines(bound, household)[gone.id or 0].id]
    messages, _ = run_action(bound, ActionConfirm(), make_tracker(household.id, **slots))
    assert told(messages)[:2] == [
        ("shopping.accepted", {"count": 0}),
        ("shopping.substituted", {"products": ["Café courant"]}),
    ]
    assert "Remplacements : Café courant." in text_of(messages)
    assert set(_lines(bound, household)) == {there.id}


def test_a_missing_line_without_substitute_says_where(
    bound: Session, out_of_stock: tuple[Household, Store, Product, Product]
) -> None:
    household, store, gone, there = out_of_stock
    assert household.id is not None and store.id is not None
    make_stock(bound, make_store(bound), there, 9)
    bound.delete(bound.exec(select(Stock).where(Stock.product_id == there.id,
                                                Stock.store_id == store.id)).one())  # fmt: skip
    run_action(bound, ShoppingListAdd(), make_tracker(household.id, "en", product=gone.ean))
    choose_store(session=bound, household_id=household.id, store_id=store.id)
    messages, events = run_action(bound, ShoppingListShow(), make_tracker(household.id, "en"))
    [card] = cards_of(messages)
    assert card["title"] == "Rare coffee"
    assert card["lines"][1:] == [
        "Coupon “€1 off coffee”: \u2212€1.00",
        "Out of stock at Carchan Test",
    ]
    assert "shopping.ask_accept" not in told_ids(messages)
    assert "pending_action" not in slots_of(events)


@pytest.mark.parametrize(
    ("price", "said"),
    [(450, "En rupture : à la place, Autre café (9,00\xa0€ au lieu de 10,00\xa0€)"),
     (500, "En rupture : à la place, Autre café (même prix)")],
)  # fmt: skip
def test_a_substitute_is_priced_for_the_line(bound: Session, price: int, said: str) -> None:
    store = make_store(bound)
    household = make_household(bound, preferred_store_id=store.id)
    assert household.id is not None and store.id is not None
    gone = make_product(bound, name_fr="Café rare", category="cafe-y", price_cents=500)
    other = make_product(bound, name_fr="Autre café", category="cafe-y", price_cents=price)
    make_stock(bound, store, gone, 1)
    make_stock(bound, store, other, 9)
    run_action(bound, ShoppingListAdd(), make_tracker(household.id, product=gone.ean, quantity=2))
    choose_store(session=bound, household_id=household.id, store_id=store.id)
    messages, _ = run_action(bound, ShoppingListShow(), make_tracker(household.id))
    [card] = cards_of(messages)
    assert card["price"] == "10,00\xa0€"
    assert card["lines"] == ["Quantité : 2 (5,00\xa0€ l'unité)", said]


@pytest.mark.parametrize(
    ("lang", "coupon_line"),
    [("fr", "Coupon « -30 % sur votre café moulu » : \u22122,10\xa0€"),
     ("en", "Coupon “30% off your ground coffee”: \u2212€2.10")],
)  # fmt: skip
def test_the_saving_said_is_the_coupons_applied_to_the_lines(
    bound: Session, lang: str, coupon_line: str
) -> None:
    """The issue: offers said "30 % off your ground coffee" while the list said
    "Coupons -0,00 €". The saving said wherever the list is shown is what the coupons
    applied to its lines take off."""
    household = make_household(bound)
    coffee = make_product(bound, name_fr="Café moulu", name_en="Ground coffee", price_cents=350)
    sugar = make_product(bound, name_fr="Sucre", name_en="Sugar", price_cents=120)
    _coupon(bound, household, description_fr="-30 % sur votre café moulu",
            description_en="30% off your ground coffee", product_id=coffee.id,
            discount_kind="percent", discount_value=30)  # fmt: skip
    added, _ = run_action(
        bound, ShoppingListAdd(), make_tracker(household.id, lang, product=coffee.ean, quantity=2)
    )
    run_action(bound, ShoppingListAdd(), make_tracker(household.id, lang, product=sugar.ean))
    shown, _ = run_action(bound, ShoppingListShow(), make_tracker(household.id, lang))
    lines = _lines(bound, household)
    saved = sum(line.discount_cents for line in lines.values())
    assert saved == lines[coffee.id or 0].discount_cents == 210
    saving = {"saving": {"cents": 210}}
    assert told(added)[-1] == (
        "shopping.summary_with_coupons",
        {"items": 1, "total": {"cents": 490}, **saving},
    )
    assert told(shown)[0] == (
        "shopping.summary_with_coupons",
        {"items": 2, "total": {"cents": 610}, **saving},
    )
    coupon_lines = [line for card in cards_of(shown) for line in card["lines"]
                    if line.startswith("Coupon")]  # fmt: skip
    assert coupon_lines == [coupon_line]


def test_a_coupon_that_takes_nothing_off_is_not_said(bound: Session) -> None:
    household = make_household(bound)
    pasta = make_product(bound, name_fr="Pâtes", name_en="Pasta", category="pasta")
    # A coupon for another category: held, but applied to no line.
    _coupon(bound, household, description_fr="-1 €", description_en="€1 off",
            category="none-here", discount_kind="amount", discount_value=100)  # fmt: skip
    added, _ = run_action(bound, ShoppingListAdd(), make_tracker(household.id, product=pasta.ean))
    shown, _ = run_action(bound, ShoppingListShow(), make_tracker(household.id))
    for messages in (added, shown):
        assert "shopping.summary_with_coupons" not in told_ids(messages)
        assert "0,00" not in text_of(messages)
    assert [card.get("tags", []) for card in cards_of(shown)] == [[]]


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


@pytest.mark.parametrize(
    ("text", "intent", "parts"),
    [
        ("add bananas and remove the spaghetti", "shopping_list_add",
         [("shopping_list_add", "add bananas and "),
          ("shopping_list_remove", "remove the spaghetti")]),
        ("ajoute des tomates et enlève les spaghetti", "shopping_list_remove",
         [("shopping_list_add", "ajoute des tomates et "),
          ("shopping_list_remove", "enlève les spaghetti")]),
        ("du lait et retire le sucre", "shopping_list_add",
         [("shopping_list_add", "du lait et "), ("shopping_list_remove", "retire le sucre")]),
        ("remove the milk", "shopping_list_remove", [("shopping_list_remove", "remove the milk")]),
        ("ajoute du lait, ajoute du pain", "shopping_list_add",
         [("shopping_list_add", "ajoute du lait, ajoute du pain")]),
    ],
)  # fmt: skip
def test_a_message_s_additions_and_removals_are_told_apart(
    text: str, intent: str, parts: list[tuple[str, str]]
) -> None:
    assert [(kind, text[a:b]) for kind, a, b in clauses(text, intent)] == parts
