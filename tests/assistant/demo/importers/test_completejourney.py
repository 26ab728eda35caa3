from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlmodel import Session, func, select

from assistant.catalog.models import Product, Store
from assistant.customers.models import Household, Member
from assistant.demo.importers._bulk import ean13_check_digit
from assistant.demo.importers.completejourney import (
    CompleteJourneyData,
    load_completejourney,
    product_ean,
    store_position,
)
from assistant.history.models import Receipt, ReceiptLine
from assistant.offers.models import Campaign, Coupon, CouponAssignment
from tests.assistant.history.factories import recomputed_habits, stored_habits

SOURCE = "completejourney"


def _tx(
    household: int,
    store: int,
    basket: int,
    product: int,
    quantity: int,
    sales: float,
    retail: float,
    coupon: float,
    when: str,
) -> dict[str, object]:
    return {
        "household_id": household,
        "store_id": store,
        "basket_id": basket,
        "product_id": product,
        "quantity": quantity,
        "sales_value": sales,
        "retail_disc": retail,
        "coupon_disc": coupon,
        "coupon_match_disc": 0.0,
        "week": 1,
        "transaction_timestamp": pd.Timestamp(when),
    }


@pytest.fixture
def small_data() -> CompleteJourneyData:
    """Three households, two stores, four listed products and one unlisted, four baskets."""
    transactions = pd.DataFrame(
        [
            _tx(7, 330, 1001, 11, 2, 5.00, 0.50, 0.0, "2017-01-01 11:53:26"),
            _tx(7, 330, 1001, 12, 1, 12.99, 0.00, 1.00, "2017-01-01 11:53:26"),
            _tx(7, 330, 1001, 99, 1, 1.25, 0.00, 0.0, "2017-01-01 11:55:00"),
            _tx(7, 406, 1002, 13, 1, 8.40, 0.00, 0.0, "2017-07-14 18:00:00"),
            _tx(3, 330, 1003, 14, 1, 20.00, 2.00, 0.0, "2017-03-01 09:00:00"),
            _tx(5, 330, 1004, 11, 1, 2.50, 0.00, 0.0, "2017-11-05 01:30:00"),
        ]
    )
    products = pd.DataFrame(
        [
            (11, 1, "GROCERY", "National", "CAT FOOD", "DRY CAT FOOD (CAT CHOW/FRISKIE", "3.15 LB"),
            (12, 2, "GROCERY", "Private", "BEERS/ALES", "BEERALEMALT LIQUORS", "12 OZ"),
            (13, 3, "DRUG GM", "National", "DIAPERS & DISPOSABLES", "BABY DIAPERS", None),
            (14, 4, "MEAT-PCKGD", "National", "HOT DOGS", "HOT DOGS-BEEF", "16 OZ"),
            (15, 5, "SPIRITS", "National", "LIQUOR", "VODKA", "750 ML"),
        ],
        columns=[
            "product_id",
            "manufacturer_id",
            "department",
            "brand",
            "product_category",
            "product_type",
            "package_size",
        ],
    )
    demographics = pd.DataFrame(
        [
            {
                "household_id": 7,
                "age": "35-44",
                "income": "50-74K",
                "home_ownership": "Homeowner",
                "marital_status": "Married",
                "household_size": "4",
                "household_comp": "2 Adults Kids",
                "kids_count": "2",
            },
            {
                "household_id": 3,
                "age": "65+",
                "income": "35-49K",
                "home_ownership": None,
                "marital_status": None,
                "household_size": "1",
                "household_comp": None,
                "kids_count": "0",
            },
        ]
    )
    campaign_descriptions = pd.DataFrame(
        {
            "campaign_id": [1, 2],
            "campaign_type": ["Type A", "Type B"],
            "start_date": pd.to_datetime(["2016-12-20", "2017-03-01"]),
            "end_date": pd.to_datetime(["2017-02-01", "2017-04-01"]),
        }
    )
    coupons = pd.DataFrame(
        {
            "coupon_upc": [500, 500, 600, 500],
            "product_id": [11, 99, 12, 11],
            "campaign_id": [1, 1, 1, 2],
        }
    )
    redemptions = pd.DataFrame(
        {
            "household_id": [7, 7, 3],
            "coupon_upc": [600, 600, 500],
            "campaign_id": [1, 1, 2],
            "redemption_date": pd.to_datetime(["2017-01-01", "2017-01-20", "2017-03-01"]),
        }
    )
    return CompleteJourneyData(
        transactions=transactions,
        products=products,
        demographics=demographics,
        campaign_descriptions=campaign_descriptions,
        coupons=coupons,
        coupon_redemptions=redemptions,
    )


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_loads_small_frames(session: Session, small_data: CompleteJourneyData) -> None:
    report = load_completejourney(session=session, data=small_data)

    assert report.inserted == {
        "stores": 2,
        "products": 5,
        "households": 3,
        "members": 5,
        "receipts": 4,
        "receipt_lines": 6,
        "campaigns": 2,
        "coupons": 3,
        "coupon_assignments": 2,
    }
    households = session.exec(select(Household).where(Household.source == SOURCE)).all()
    assert sorted(h.external_ref or "" for h in households) == ["3", "5", "7"]
    seven = next(h for h in households if h.external_ref == "7")
    assert (seven.name, seven.lang, seven.timezone) == ("CJ household 7", "en", "America/New_York")
    favourite = session.get(Store, seven.preferred_store_id)
    assert favourite is not None and favourite.code == "CJ-330"

    members = session.exec(select(Member).where(Member.household_id == seven.id)).all()
    assert sorted((m.first_name, m.role) for m in members) == [
        ("Adult 1", "adult"),
        ("Adult 2", "adult"),
        ("Child 1", "child"),
        ("Child 2", "child"),
    ]

    receipt = session.exec(select(Receipt).where(Receipt.receipt_uid == "cj-1001")).one()
    assert receipt.household_id == seven.id
    assert receipt.total_cents == 500 + 1299 + 125
    assert receipt.discount_cents == 50 + 100
    assert receipt.currency == "USD"
    # 11:53:26 Eastern Standard Time is 16:53:26 UTC.
    assert receipt.purchased_at == dt.datetime(2017, 1, 1, 16, 53, 26, tzinfo=dt.UTC)
    lines = sorted(
        session.exec(select(ReceiptLine).where(ReceiptLine.receipt_id == receipt.id)).all(),
        key=lambda line: line.line_no,
    )
    assert [(line.line_no, line.amount_cents, line.quantity) for line in lines] == [
        (1, 500, 2.0),
        (2, 1299, 1.0),
        (3, 125, 1.0),
    ]
    assert lines[0].unit_price_cents == 250
    assert lines[0].ean == product_ean(11)
    assert lines[2].product_id is None and "99" in lines[2].label

    # 2017-07-14 18:00 is daylight time (UTC-4).
    summer = session.exec(select(Receipt).where(Receipt.receipt_uid == "cj-1002")).one()
    assert summer.purchased_at == dt.datetime(2017, 7, 14, 22, 0, tzinfo=dt.UTC)


def test_product_flags_and_synthetic_ean(session: Session, small_data: CompleteJourneyData) -> None:
    load_completejourney(session=session, data=small_data)
    products = {
        p.external_ref: p
        for p in session.exec(select(Product).where(Product.source == SOURCE)).all()
    }
    cat_food, beer, diapers, hot_dogs, vodka = (products[str(i)] for i in range(11, 16))
    assert (cat_food.pet_species, cat_food.is_alcohol, cat_food.is_baby) == ("cat", False, False)
    assert (beer.is_alcohol, beer.pet_species, beer.brand) == (True, None, "Store brand")
    assert (diapers.is_baby, diapers.is_alcohol) == (True, False)
    assert hot_dogs.pet_species is None  # "HOT DOGS" are sausages
    assert vodka.is_alcohol and vodka.department == "spirits"
    assert cat_food.department == "grocery" and cat_food.category == "cat-food"
    assert cat_food.name_en == cat_food.name_fr
    assert "3.15 lb" in cat_food.name_en
    # Shelf price: the median of (5.00 + 0.50) / 2 and 2.50, i.e. 2.625.
    assert cat_food.price_cents in (262, 263)
    for product in products.values():
        assert product.ean.startswith("29") and len(product.ean) == 13
        assert ean13_check_digit(product.ean[:12]) == product.ean[-1]


def test_stores_are_placed_near_cincinnati(
    session: Session, small_data: CompleteJourneyData
) -> None:
    load_completejourney(session=session, data=small_data)
    stores = session.exec(select(Store).where(Store.source == SOURCE)).all()
    assert {s.code for s in stores} == {"CJ-330", "CJ-406"}
    for store in stores:
        assert 38.6 < store.lat < 39.6 and -85.1 < store.lon < -83.9
        assert (store.lat, store.lon) == store_position(int(store.external_ref or 0))
    assert store_position(330) != store_position(406)


def test_campaigns_coupons_and_redemptions(
    session: Session, small_data: CompleteJourneyData
) -> None:
    load_completejourney(session=session, data=small_data)
    campaign = session.exec(select(Campaign).where(Campaign.code == "CJ-1")).one()
    assert (campaign.kind, campaign.starts_on) == ("targeted", dt.date(2016, 12, 20))
    assert "Type A" in campaign.name
    coupons = {c.code: c for c in session.exec(select(Coupon)).all() if c.code.startswith("CJ-")}
    assert set(coupons) == {"CJ-500-1", "CJ-600-1", "CJ-500-2"}
    beer = session.exec(select(Product).where(Product.external_ref == "12")).one()
    assert coupons["CJ-600-1"].product_id == beer.id
    assert coupons["CJ-500-1"].product_id is None  # two products
    assert coupons["CJ-500-1"].campaign_id == campaign.id
    assignments = session.exec(select(CouponAssignment)).all()
    seven = session.exec(select(Household).where(Household.external_ref == "7")).one()
    mine = [a for a in assignments if a.household_id == seven.id]
    assert len(mine) == 1  # redeemed twice, assigned once: the first redemption
    assert mine[0].redeemed_at is not None
    assert mine[0].redeemed_at.astimezone(dt.UTC) == dt.datetime(2017, 1, 1, 5, tzinfo=dt.UTC)


def test_rerun_adds_nothing(session: Session, small_data: CompleteJourneyData) -> None:
    load_completejourney(session=session, data=small_data)
    counts = [_count(session, m) for m in (Household, Product, Receipt, ReceiptLine, Member)]
    report = load_completejourney(session=session, data=small_data)
    assert sum(report.inserted.values()) == 0
    assert report.skipped["receipt_lines"] == 6
    assert report.skipped["households"] == 3
    assert [_count(session, m) for m in (Household, Product, Receipt, ReceiptLine, Member)] == (
        counts
    )
    # The habits were folded once, on the first load: the second adds nothing to them.
    ids = [hid for hid in session.exec(select(Household.id)).all() if hid is not None]
    stored = stored_habits(session, ids)
    assert stored["purchase_habits"] and stored == recomputed_habits(session, ids)


def test_limit_then_full_load_completes(session: Session, small_data: CompleteJourneyData) -> None:
    first = load_completejourney(session=session, data=small_data, limit_households=1)
    assert first.inserted["households"] == 1
    assert first.inserted["receipts"] == 1  # household 3 only
    assert first.inserted["products"] == 1  # only what household 3 bought
    second = load_completejourney(session=session, data=small_data)
    assert second.inserted["households"] == 2
    assert second.inserted["receipts"] == 3
    assert second.skipped["receipts"] == 1
    refs = session.exec(select(Household.external_ref).where(Household.source == SOURCE)).all()
    assert sorted(refs, key=lambda r: int(r or 0)) == ["3", "5", "7"]


@pytest.fixture(scope="module")
def package_data() -> CompleteJourneyData:
    return CompleteJourneyData.from_package()


def test_real_package_first_five_households(
    session: Session, package_data: CompleteJourneyData
) -> None:
    tx = package_data.transactions
    first_five = sorted(tx["household_id"].unique())[:5]
    expected_lines = int(tx["household_id"].isin(first_five).sum())
    expected_baskets = int(tx.loc[tx["household_id"].isin(first_five), "basket_id"].nunique())

    report = load_completejourney(session=session, data=package_data, limit_households=5)

    assert report.inserted["households"] == 5
    assert report.inserted["receipt_lines"] == expected_lines
    assert report.inserted["receipts"] == expected_baskets
    assert report.inserted["campaigns"] == 27
    refs = session.exec(select(Household.external_ref).where(Household.source == SOURCE)).all()
    assert sorted(int(r or 0) for r in refs) == [int(h) for h in first_five]
    total = session.exec(
        select(func.sum(Receipt.total_cents)).where(Receipt.source == SOURCE)
    ).one()
    sales = tx.loc[tx["household_id"].isin(first_five), "sales_value"].sum()
    assert total == pytest.approx(round(sales * 100), abs=expected_lines)
    undated = session.exec(
        select(func.count()).select_from(Receipt).where(Receipt.purchased_at == None)  # noqa: E711
    ).one()
    assert undated == 0
