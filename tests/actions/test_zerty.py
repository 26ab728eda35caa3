"""The demo story end to end: the Zerty household's own data behind every answer."""

from __future__ import annotations

from sqlmodel import Session

from actions.loyalty import LoyaltyBalance, LoyaltyRewards
from actions.offers import OffersShow
from actions.orders import OrderStatusAction
from actions.outings import OutingSuggest
from actions.recipes import RecipeSuggest
from actions.stores import StoreInfo
from assistant.demo.recipes_fr import seed_demo_recipes
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from tests.actions.conftest import TODAY, cards_of, make_tracker, run_action, text_of


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
    recipes = ask(RecipeSuggest(), "en", ingredient="guinea fowl")
    assert recipes.count('has "pintade"') == 3
    assert "made with your autocuiseur" in recipes.split(";")[0]
    outings = ask(OutingSuggest())
    assert "Le Dernier Phare" in outings and "(un film de Luc Besson)" in outings
    assert "Cirque des Étoiles Filantes" in outings and "vins de Loire" not in outings
    offers = ask(OffersShow(), "en")
    assert "30% off your ground coffee (you bought this product" in offers
    assert "Montparnasse, 17 rue de l'Arrivée" in ask(StoreInfo(), store="Montparnasse")
