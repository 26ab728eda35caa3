"""Which coupons a household holds on its day, what they take off a basket, loading them onto
the card and spending them at the till: one module for the offers screen, the list and the till."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from assistant.catalog.models import Product
from assistant.coupons import wallet
from assistant.coupons.wallet import BasketLine
from assistant.customers.models import Household
from assistant.errors import Conflict, NotFound
from assistant.offers import service
from assistant.offers.models import Coupon, CouponAssignment
from assistant.orders.service import add_to_list
from assistant.orders.view import list_view
from tests.assistant.offers.helpers import NOW, TODAY, assign, buy, make_coupon
from tests.factories import make_household, make_product, make_store

DAY = dt.timedelta(days=1)


@pytest.fixture
def home(session: Session) -> Household:
    return make_household(session)


@pytest.fixture
def coffee(session: Session) -> Product:
    return make_product(session, category="cafe", department="epicerie", price_cents=500)


def _ids(coupons: list[Coupon]) -> list[int | None]:
    return [c.id for c in coupons]


def test_held_coupons_are_the_loaded_unspent_valid_ones_and_the_generic_ones(
    session: Session, home: Household, coffee: Product
) -> None:
    loaded = make_coupon(session, "LOADED", coffee)
    assign(session, home, loaded)
    not_loaded = make_coupon(session, "SHOWN", coffee)
    generic = make_coupon(session, "GEN", is_generic=True, discount_kind="amount",
                          discount_value=1000, min_purchase_cents=6000)  # fmt: skip
    expired = make_coupon(session, "OLD", coffee, valid_to=TODAY - DAY)
    assign(session, home, expired)
    spent = make_coupon(session, "SPENT", coffee)
    assign(session, home, spent).redeemed_at = NOW - DAY
    held = wallet.held(session=session, household_id=home.id or 0, day=TODAY)
    assert _ids(held) == [loaded.id, generic.id]
    assert not_loaded.id not in _ids(held)
    assert wallet.loaded_ids(session=session, household_id=home.id or 0, day=TODAY) == {loaded.id}


def test_an_assignment_window_limits_a_weekly_coupon(
    session: Session, home: Household, coffee: Product
) -> None:
    coupon = make_coupon(session, "WEEK", coffee, valid_to=TODAY + dt.timedelta(days=30))
    session.add(
        CouponAssignment(coupon_id=coupon.id or 0, household_id=home.id or 0, source="weekly",
                         valid_from=TODAY + DAY, valid_to=TODAY + 7 * DAY)
    )  # fmt: skip
    session.flush()

    def holds(day: dt.date) -> bool:
        return coupon.id in _ids(wallet.held(session=session, household_id=home.id or 0, day=day))

    assert [holds(TODAY), holds(TODAY + DAY), holds(TODAY + 7 * DAY), holds(TODAY + 8 * DAY)] == [
        False, True, True, False
    ]  # fmt: skip


def _coupon(cid: int, **fields: object) -> Coupon:
    values: dict[str, object] = {"id": cid, "code": f"C{cid}", "description_fr": "",
                                 "description_en": ""} | fields  # fmt: skip
    return Coupon(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("coupons", "expected_lines", "expected_basket"),
    [
        # The bigger discount wins the line; the other coupon is free for no other line.
        ([_coupon(1, product_id=10, discount_kind="amount", discount_value=100),
          _coupon(2, product_id=10, discount_kind="percent", discount_value=30)],
         {1: (2, 150)}, None),
        # A category coupon applies to any product of its category, once.
        ([_coupon(3, category="cafe", discount_kind="amount", discount_value=200)],
         {1: (3, 200)}, None),
        # "10 EUR off over 60 EUR": a basket coupon takes its part off the whole basket.
        ([_coupon(4, discount_kind="amount", discount_value=1000, min_purchase_cents=6000)],
         {}, (4, 1000)),
        # ...but only when what is left after the line coupons still reaches its minimum.
        ([_coupon(5, product_id=20, discount_kind="amount", discount_value=1500),
          _coupon(6, discount_kind="amount", discount_value=1000, min_purchase_cents=6000)],
         {2: (5, 1500)}, None),
        # Of two basket coupons only the better one applies.
        ([_coupon(7, discount_kind="amount", discount_value=500),
          _coupon(8, discount_kind="percent", discount_value=10)],
         {}, (8, 700)),
    ],
)  # fmt: skip
def test_savings_on_a_basket(
    coupons: list[Coupon],
    expected_lines: dict[int, tuple[int, int]],
    expected_basket: tuple[int, int] | None,
) -> None:
    lines = [BasketLine(1, 10, "cafe", 500), BasketLine(2, 20, "viande", 6500)]
    result = wallet.savings(lines, coupons)
    assert {k: (s.coupon.id, s.cents) for k, s in result.lines.items()} == expected_lines
    basket = (result.basket.coupon.id, result.basket.cents) if result.basket else None
    assert basket == expected_basket
    assert result.total_cents == sum(c for _, c in expected_lines.values()) + (
        expected_basket[1] if expected_basket else 0
    )


def test_the_generic_basket_coupon_takes_its_part_off_a_70_euro_list(
    session: Session, home: Household
) -> None:
    meat = make_product(session, category="viande", department="boucherie-volaille",
                        price_cents=3500)  # fmt: skip
    generic = make_coupon(session, "GEN", is_generic=True, discount_kind="amount",
                          discount_value=1000, min_purchase_cents=6000)  # fmt: skip
    add_to_list(session=session, household_id=home.id or 0, product=meat, quantity=2,
                now=NOW)  # fmt: skip
    view = list_view(session=session, household_id=home.id or 0, now=NOW)
    assert (view.total_cents, view.discount_cents, view.to_pay_cents) == (7000, 1000, 6000)
    assert view.basket is not None and view.basket.coupon.id == generic.id
    assert view.order is not None and view.order.discount_cents == 1000


def test_loading_is_idempotent_and_refuses_spent_and_expired_coupons(
    session: Session, home: Household, coffee: Product
) -> None:
    hid = home.id or 0
    coupon = make_coupon(session, "CLIP", coffee)
    first, created = wallet.load(session=session, household_id=hid, coupon_id=coupon.id or 0,
                                 now=NOW)  # fmt: skip
    again, created_again = wallet.load(session=session, household_id=hid,
                                       coupon_id=coupon.id or 0, now=NOW)  # fmt: skip
    assert (created, created_again, first.id == again.id, first.source) == (
        True,
        False,
        True,
        "clip",
    )
    assert wallet.unload(session=session, household_id=hid, coupon_id=coupon.id or 0)
    assert not wallet.unload(session=session, household_id=hid, coupon_id=coupon.id or 0)
    expired = make_coupon(session, "OLD", coffee, valid_to=TODAY - DAY)
    with pytest.raises(Conflict) as refused:
        wallet.load(session=session, household_id=hid, coupon_id=expired.id or 0, now=NOW)
    assert refused.value.code == "coupon_expired"
    assign(session, home, coupon).redeemed_at = NOW - DAY
    with pytest.raises(Conflict) as spent:
        wallet.load(session=session, household_id=hid, coupon_id=coupon.id or 0, now=NOW)
    assert spent.value.code == "coupon_spent"
    with pytest.raises(NotFound):
        wallet.load(session=session, household_id=hid, coupon_id=10**9, now=NOW)


def test_a_coupon_is_valid_on_the_households_day_not_the_utc_date(
    session: Session, coffee: Product
) -> None:
    # 00:30 in Tokyo is still the previous day in UTC: the coupon starts on Tokyo's day.
    tokyo = make_household(session, timezone="Asia/Tokyo")
    coupon = make_coupon(session, "TOKYO", coffee, valid_from=TODAY + DAY)
    at = dt.datetime.combine(TODAY + DAY, dt.time(0, 30), tzinfo=dt.UTC) - dt.timedelta(hours=9)
    assert at.date() == TODAY
    _, created = wallet.load(session=session, household_id=tokyo.id or 0,
                             coupon_id=coupon.id or 0, now=at)  # fmt: skip
    assert created


def test_the_till_spends_the_loaded_coupons_it_applies_once(
    session: Session, home: Household, coffee: Product
) -> None:
    store = make_store(session)
    tea = make_product(session, category="the", department="epicerie")
    coupon = make_coupon(session, "CAFE", coffee, discount_value=30)
    assignment = assign(session, home, coupon, "vous en achetez")
    unrelated = assign(session, home, make_coupon(session, "THE", tea))
    not_loaded = make_coupon(session, "CAFE-2", coffee, discount_value=50)
    early = buy(session, home, store, TODAY - 9 * DAY)  # before the coupon, nothing of it
    assert wallet.redeem_on_receipt(session=session, receipt=early) == []
    receipt = buy(session, home, store, TODAY, coffee)
    assert wallet.redeem_on_receipt(session=session, receipt=receipt) == [assignment]
    assert assignment.receipt_id == receipt.id and assignment.redeemed_at == receipt.purchased_at
    assert unrelated.redeemed_at is None
    # Again with the same receipt: nothing more is spent.
    assert wallet.redeem_on_receipt(session=session, receipt=receipt) == [assignment]
    later = buy(session, home, store, TODAY, coffee)
    assert wallet.redeem_on_receipt(session=session, receipt=later) == []
    offers = service.ranked_offers(session=session, household_id=home.id or 0, now=NOW)
    assert coupon.id not in [o.coupon.id for o in offers]
    assert not_loaded.id is not None


def test_a_scanned_generic_coupon_is_spent_and_an_unscanned_one_is_not(
    session: Session, home: Household, coffee: Product
) -> None:
    store = make_store(session)
    generic = make_coupon(session, "GEN", is_generic=True, discount_kind="amount",
                          discount_value=100)  # fmt: skip
    plain = buy(session, home, store, TODAY, coffee)
    assert wallet.redeem_on_receipt(session=session, receipt=plain) == []
    scanned = buy(session, home, store, TODAY, coffee, coupon_code=generic.code)
    [spent] = wallet.redeem_on_receipt(session=session, receipt=scanned)
    assert (spent.coupon_id, spent.source, spent.receipt_id) == (generic.id, "generic", scanned.id)
    assert generic.id not in _ids(wallet.held(session=session, household_id=home.id or 0,
                                              day=TODAY))  # fmt: skip
