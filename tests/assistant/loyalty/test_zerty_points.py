"""The story's fuel stop: the Zertys' 48 points, a 50 EUR fill-up at Issy through the real
receipt ingestion, 58 points, and the assistant says the signed football is within reach."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from actions.loyalty import LoyaltyBalance, LoyaltyRewards
from assistant.demo.stores_data import ZERTY_FUEL_STORE_CODE
from assistant.demo.world import seed_world
from assistant.demo.zerty import LOYALTY_CARD, seed_zerty
from assistant.history.schemas import ReceiptCreate
from assistant.history.service import ingest_receipt
from assistant.loyalty.service import balance
from tests.actions.conftest import NOW, TODAY, cards_of, make_tracker, run_action, text_of
from tests.actions.conftest import bound as bound  # the actions' session and clock


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [("fr", "Encore 2 points pour le souhait d'André : Ballon de football dédicacé (50 points).",
      "Le souhait d'André est à votre portée : Ballon de football dédicacé !"),
     ("en", "2 points to go for André's wish: Signed football (50 points).",
      "André's wish is within reach: Signed football!")],
    ids=["fr", "en"],
)  # fmt: skip
def test_the_fuel_receipt_brings_the_wish_within_reach(
    bound: Session, lang: str, before: str, after: str
) -> None:
    seed_world(session=bound, today=TODAY)
    zerty = seed_zerty(session=bound, today=TODAY)
    assert zerty.id is not None
    ask = lambda action: text_of(run_action(bound, action, make_tracker(zerty.id, lang))[0])  # noqa: E731
    assert before in ask(LoyaltyBalance())
    fill_up = ReceiptCreate(
        receipt_id="HDS-ISSY-story-fuel", store_code=ZERTY_FUEL_STORE_CODE,
        purchased_at=NOW + dt.timedelta(hours=2), kind="fuel", loyalty_card=LOYALTY_CARD,
        lines=[{"label": "SP95-E10", "quantity": 25.0, "unit_price_cents": 200}],
    )  # fmt: skip
    receipt, _ = ingest_receipt(session=bound, data=fill_up, now=fill_up.purchased_at)
    assert receipt.total_cents == 5000
    assert balance(session=bound, household_id=zerty.id) == 58
    said = ask(LoyaltyBalance())
    assert said.startswith("Vous avez 58 points." if lang == "fr" else "You have 58 points.")
    assert after in said
    ingest_receipt(session=bound, data=fill_up, now=fill_up.purchased_at)  # sent again
    assert balance(session=bound, household_id=zerty.id) == 58
    rewards = cards_of(run_action(bound, LoyaltyRewards(), make_tracker(zerty.id, lang))[0])
    wish = next(card for card in rewards if card.get("tags") == ["wish"])
    assert ("Le souhait d'André" if lang == "fr" else "André's wish") in wish["lines"]
