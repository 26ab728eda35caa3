"""Each line checked against the chosen store's stock, with a substitute for what is missing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from assistant.catalog.models import Product, Store
from assistant.customers.models import Household
from assistant.errors import Conflict
from assistant.orders.models import ListDismissal
from assistant.orders.service import add_to_list, choose_store, order_lines
from assistant.orders.stock import find_substitute
from assistant.orders.view import accept_substitute, list_view
from tests.clock import NOW
from tests.factories import make_household, make_product, make_stock, make_store


@pytest.fixture
def shelf(session: Session) -> tuple[Household, Store, dict[str, Product]]:
    store = make_store(session, name="Carchan Test")
    household = make_household(session)
    assert household.id is not None
    p = {
        "wanted": make_product(session, name_fr="Café A", category="cafe", price_cents=400),
        "near": make_product(session, name_fr="Café B", category="cafe", price_cents=420),
        "far": make_product(session, name_fr="Café C", category="cafe", price_cents=390 - 100),
        "empty": make_product(session, name_fr="Café D", category="cafe", price_cents=400),
        "other": make_product(session, name_fr="Thé", category="the", price_cents=400),
        "fine": make_product(session, name_fr="Sucre", category="sucre", price_cents=100),
    }
    make_stock(session, store, p["wanted"], 0)
    make_stock(session, store, p["near"], 5)
    make_stock(session, store, p["far"], 5)
    make_stock(session, store, p["empty"], 0)
    make_stock(session, store, p["other"], 50)
    make_stock(session, store, p["fine"], 3)
    for key in ("wanted", "fine"):
        add_to_list(session=session, household_id=household.id, product=p[key], quantity=2, now=NOW)
    assert store.id is not None
    choose_store(session=session, household_id=household.id, store_id=store.id)
    return household, store, p


def test_missing_lines_get_the_closest_priced_substitute_of_their_category(
    session: Session, shelf: tuple[Household, Store, dict[str, Product]]
) -> None:
    household, _store, p = shelf
    assert household.id is not None
    view = list_view(session=session, household_id=household.id, now=NOW)
    by_product = {v.product.id: v for v in view.lines}
    missing, fine = by_product[p["wanted"].id], by_product[p["fine"].id]
    assert (missing.stock, missing.in_stock, fine.in_stock) == (0, False, True)
    assert missing.substitute is not None and missing.substitute.product.id == p["near"].id
    assert "Café A est en rupture à Carchan Test : je propose Café B" in (
        missing.substitute.explanation_fr
    )
    assert missing.line.substitute_product_id == p["near"].id
    assert fine.substitute is None and fine.line.substitute_product_id is None
    assert [v.product.id for v in view.missing] == [p["wanted"].id]


def test_not_enough_units_is_missing_too(
    session: Session, shelf: tuple[Household, Store, dict[str, Product]]
) -> None:
    household, _store, p = shelf
    assert household.id is not None
    add_to_list(session=session, household_id=household.id, product=p["fine"], quantity=2, now=NOW)
    view = list_view(session=session, household_id=household.id, now=NOW)
    sugar = next(v for v in view.lines if v.product.id == p["fine"].id)
    assert (sugar.stock, sugar.line.quantity, sugar.in_stock) == (3, 4, False)
    assert sugar.substitute is None  # nothing else in that category


def test_without_a_store_nothing_is_checked(session: Session) -> None:
    household = make_household(session)
    assert household.id is not None
    add_to_list(session=session, household_id=household.id, product=make_product(session), now=NOW)
    view = list_view(session=session, household_id=household.id, now=NOW)
    assert view.lines[0].in_stock is None and view.missing == []


def test_accepting_the_substitute_replaces_the_line(
    session: Session, shelf: tuple[Household, Store, dict[str, Product]]
) -> None:
    household, _store, p = shelf
    assert household.id is not None
    view = list_view(session=session, household_id=household.id, now=NOW)
    missing = next(v for v in view.lines if v.product.id == p["wanted"].id)
    assert missing.line.id is not None
    line = accept_substitute(
        session=session, household_id=household.id, line_id=missing.line.id, now=NOW
    )
    assert (line.product_id, line.unit_price_cents, line.quantity) == (p["near"].id, 420, 2)
    assert line.explanation == "remplace Café A, en rupture"
    products = {product.id for _, product in order_lines(session=session, order_id=line.order_id)}
    assert products == {p["near"].id, p["fine"].id}
    dismissed = session.exec(
        select(ListDismissal.product_id).where(ListDismissal.household_id == household.id)
    ).all()
    assert dismissed == [p["wanted"].id]  # not proposed again this week
    assert list_view(session=session, household_id=household.id, now=NOW).missing == []
    with pytest.raises(Conflict) as refused:
        accept_substitute(session=session, household_id=household.id, line_id=line.id or 0, now=NOW)
    assert refused.value.code == "no_substitute"


@pytest.mark.parametrize(
    ("quantity", "substitute_cents", "fr", "en"),
    [
        # The water: 5 bottles at 0,39 €, the list showing 1,95 €; the substitute costs
        # the same: "0,39 € au lieu de 0,39 €" compared a unit price with itself.
        (5, 39, "(même rayon, même prix : 1,95\xa0€ pour 5).",
         "(same aisle, same price: €1.95 for 5)."),
        (5, 49, "(même rayon, 2,45\xa0€ au lieu de 1,95\xa0€ pour 5).",
         "(same aisle, €2.45 instead of €1.95 for 5)."),
        (1, 49, "(même rayon, 0,49\xa0€ au lieu de 0,39\xa0€).",
         "(same aisle, €0.49 instead of €0.39)."),
        (1, 39, "(même rayon, même prix : 0,39\xa0€).", "(same aisle, same price: €0.39)."),
    ],
)  # fmt: skip
def test_a_substitute_is_priced_as_the_line_is(
    session: Session, quantity: int, substitute_cents: int, fr: str, en: str
) -> None:
    store = make_store(session, name="Carchan Eau")
    water = make_product(session, name_fr="Eau minérale", name_en="Mineral water",
                         category="eau-test", price_cents=39)  # fmt: skip
    spring = make_product(session, name_fr="Eau de source", name_en="Spring water",
                          category="eau-test", price_cents=substitute_cents)  # fmt: skip
    make_stock(session, store, water, 0)
    make_stock(session, store, spring, 10)
    found = find_substitute(session=session, store=store, product=water, quantity=quantity)
    assert found is not None and found.product.id == spring.id
    assert found.explanation_fr == (
        f"Eau minérale est en rupture à Carchan Eau : je propose Eau de source {fr}"
    )
    assert found.explanation_en == (
        f"Mineral water is out of stock at Carchan Eau: I suggest Spring water {en}"
    )
