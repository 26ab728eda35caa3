from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from actions.offers import OffersShow
from assistant.catalog.models import Product
from assistant.customers.models import Household
from assistant.offers.models import Coupon, CouponAssignment
from tests.actions.conftest import TODAY, make_tracker, run_action, text_of
from tests.factories import make_household, make_member, make_pet, make_product


def _coupon(
    session: Session, code: str, product: Product | None = None, **fields: object
) -> Coupon:
    values: dict[str, object] = {
        "code": code,
        "description_fr": f"Remise {code}",
        "description_en": f"Discount {code}",
        "product_id": product.id if product else None,
        "valid_from": TODAY,
        "valid_to": TODAY + dt.timedelta(days=7),
        **fields,
    }
    coupon = Coupon(**values)  # type: ignore[arg-type]
    session.add(coupon)
    session.flush()
    return coupon


def _assign(session: Session, household: Household, *coupons: Coupon) -> None:
    for coupon in coupons:
        assert coupon.id is not None and household.id is not None
        session.add(
            CouponAssignment(
                coupon_id=coupon.id,
                household_id=household.id,
                explanation=f"pour vous ({coupon.code})",
            )
        )
    session.flush()


def test_offers_respect_eligibility(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, first_name="Solo", birth_date=dt.date(1990, 1, 1))
    make_pet(bound, household, species="cat")
    cat = make_product(bound, pet_species="cat", category="chat-test")
    dog = make_product(bound, pet_species="dog", category="chien-test")
    baby = make_product(bound, is_baby=True, category="bebe-test")
    wine = make_product(bound, is_alcohol=True, category="vin-test")
    coupons = [
        _coupon(bound, code, product)
        for code, product in (("T-CAT", cat), ("T-DOG", dog), ("T-BABY", baby), ("T-WINE", wine))
    ]
    expired = _coupon(bound, "T-OLD", cat, valid_to=TODAY - dt.timedelta(days=1))
    _assign(bound, household, *coupons, expired)
    _coupon(bound, "T-GEN", is_generic=True)
    text = text_of(run_action(OffersShow(), make_tracker(household.id))[0])
    assert "Remise T-CAT (pour vous (T-CAT), jusqu'au 01/12)" in text
    assert "Remise T-WINE" in text
    for absent in ("T-DOG", "T-BABY", "T-OLD", "T-GEN"):
        assert absent not in text


def test_no_alcohol_without_an_adult_and_generic_said_honestly(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, role="child", birth_date=TODAY.replace(year=TODAY.year - 15))
    wine = make_product(bound, is_alcohol=True, category="vin-test")
    _assign(bound, household, _coupon(bound, "T-WINE", wine))
    _coupon(bound, "T-GEN", is_generic=True)
    text = text_of(run_action(OffersShow(), make_tracker(household.id, "en"))[0])
    assert text == (
        "I have no personalised offer for you right now. Current offer: Discount T-GEN "
        "(offer for every customer, until 01/12)."
    )
