"""Behind `python -m rasa_sdk` each call is its own unit of work, committed when it ends."""

from __future__ import annotations

from sqlmodel import select

from actions.loyalty import LoyaltyBalance
from actions.shopping import ShoppingListAdd
from assistant.db import migrate, session_scope
from assistant.loyalty.models import LoyaltyEntry
from assistant.orders.models import Order, OrderLine
from tests.actions.conftest import make_tracker, serve_action, slots_of, text_of
from tests.factories import make_household, make_product


def test_actions_commit_their_own_work(cli_database_url: str) -> None:
    migrate(cli_database_url)
    with session_scope() as session:
        household = make_household(session)
        product = make_product(session, name_fr="Farine de blé", name_en="Wheat flour")
        session.add(LoyaltyEntry(household_id=household.id or 0, points=7, kind="earn",
                                 reason="t", idempotency_key="server-1"))  # fmt: skip
        hid, ean = household.id, product.ean

    assert text_of(serve_action(LoyaltyBalance(), make_tracker(hid))[0]) == "Vous avez 7 points."
    messages, events = serve_action(
        ShoppingListAdd(), make_tracker(hid, product="farine", quantity=3)
    )
    assert "J'ai ajouté 3 x Farine de blé" in text_of(messages)
    assert slots_of(events)["product"] == ean and slots_of(events)["quantity"] is None
    with session_scope() as session:
        line = session.exec(select(OrderLine).join(Order).where(Order.household_id == hid)).one()
        assert line.quantity == 3
