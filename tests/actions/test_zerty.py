"""The demo story end to end: the Zerty household's own data behind every answer."""

from __future__ import annotations

from sqlmodel import Session, select

from actions.loyalty import LoyaltyBalance, LoyaltyRewards
from actions.offers import OffersShow
from actions.orders import OrderStatusAction
from actions.outings import OutingSuggest
from actions.recipes import RecipeSuggest
from actions.shopping import ShoppingListAdd, ShoppingListShow
from actions.stores import StoreInfo
from assistant.demo.recipes_fr import seed_demo_recipes
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from assistant.offers.models import Coupon, CouponAssignment
from tests.actions.conftest import TODAY, cards_of, make_tracker, run_action, text_of, told_ids


def test_the_zerty_story(bound: Session) -> None:
    seed_world(session=bound, today=TODAY)
    zerty = seed_zerty(session=bound, today=TODAY)
    seed_demo_recipes(session=bound)
    hid = zerty.id

    def ask(action: object, lang: str = "fr", **slots: object) -> str:
        return text_of(run_action(bound, action, make_tracker(hid, lang, **slots))[0])  # type: ignore[arg-type]

    assert ask(LoyaltyBalance()).startswith(
        "Vous avez 48 points. Encore 2 points pour le souhait d'André : "
        "Ballon de football dédicacé (50 points)."
    )
    rewards = cards_of(run_action(bound, LoyaltyRewards(), make_tracker(hid, "en"))[0])
    assert rewards[0]["title"] == "Signed football" and "André's wish" in rewards[0]["lines"]
    status = ask(OrderStatusAction())
    assert "Sacs aspirateur" in status and "prête à retirer à Carchan Montparnasse" in status
    recipes = run_action(bound, RecipeSuggest(), make_tracker(hid, "en", ingredient="guinea fowl"))
    assert text_of(recipes[0]) == "Here are 3 recipes with guinea fowl:"
    assert "Pressure cooker" in cards_of(recipes[0])[0]["lines"]
    outings = {
        card["title"]: card["lines"]
        for card in cards_of(run_action(bound, OutingSuggest(), make_tracker(hid))[0])
    }
    assert "Un film de Luc Besson" in outings["Le Dernier Phare"]
    assert "Cirque des Étoiles Filantes" in outings
    assert not any("vins de Loire" in title for title in outings)
    offers = cards_of(run_action(bound, OffersShow(), make_tracker(hid, "en"))[0])
    coffee = next(card for card in offers if card["title"] == "30% off your ground coffee")
    assert coffee["lines"][0].startswith("You have bought this product")
    assert "Montparnasse, 17 rue de l'Arrivée" in ask(StoreInfo(), store="Montparnasse")
    # Her coffee coupon on her card: the list shows its saving on the coffee's card and in
    # the text (it said "Coupons -0,00 €" while the offers promised 30 % off).
    cafe30 = bound.exec(select(Coupon).where(Coupon.code == "CAFE-30")).one()
    bound.add(CouponAssignment(coupon_id=cafe30.id or 0, household_id=hid or 0))
    run_action(bound, ShoppingListAdd(), make_tracker(hid, product="café moulu pur arabica"))
    listed = run_action(bound, ShoppingListShow(), make_tracker(hid, "en"))[0]
    assert told_ids(listed)[0] == "shopping.summary_with_coupons"
    lines = {card["title"]: card["lines"] for card in cards_of(listed)}
    assert "Coupon “30% off your ground coffee”: \u2212€" in " ".join(
        lines["Ground pure arabica coffee Carchan 250 g"]
    )
