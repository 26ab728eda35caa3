from __future__ import annotations

import pytest
from sqlmodel import Session

from actions.loyalty import LoyaltyBalance, LoyaltyRewards
from assistant.customers.models import Household
from assistant.loyalty.models import LoyaltyEntry, Reward
from tests.actions.conftest import cards_of, make_tracker, run_action, text_of, told
from tests.factories import make_household, make_member, make_preference


def _zerty_like(session: Session) -> Household:
    household = make_household(session)
    assert household.id is not None
    andre = make_member(session, household, first_name="André", role="child")
    make_preference(
        session, household, kind="wish", value="ballon de football dédicacé", member_id=andre.id
    )
    for key, points in (("a", 60), ("b", -10), ("c", -2)):
        session.add(
            LoyaltyEntry(
                household_id=household.id,
                points=points,
                kind="earn",
                reason="test",
                idempotency_key=f"{household.id}-{key}",
            )
        )
    session.add_all(
        [
            Reward(
                code="T-FOOT",
                name_fr="Ballon de football dédicacé",
                name_en="Signed football",
                points_cost=50,
                tags=["football"],
            ),
            Reward(
                code="T-BON",
                name_fr="Bon d'achat de 5 €",
                name_en="5 EUR voucher",
                points_cost=55,
                tags=["voucher"],
            ),
            Reward(
                code="T-JOINT",
                name_fr="Joint d'autocuiseur",
                name_en="Pressure cooker seal",
                points_cost=30,
            ),
            Reward(
                code="T-OFF", name_fr="Retirée", name_en="Withdrawn", points_cost=1, active=False
            ),
        ]
    )
    session.flush()
    return household


def test_balance_is_the_ledger_sum_with_the_next_reward(bound: Session) -> None:
    household = _zerty_like(bound)
    messages, _ = run_action(bound, LoyaltyBalance(), make_tracker(household.id))
    said = told(messages)
    assert said[0] == ("loyalty.balance", {"points": 48})
    # The next reward is André's wish: said once, as his wish (it used to be said twice).
    assert said[1] == ("loyalty.next_wish.member", {"who": "André", "missing": 2,
                       "reward": "Ballon de football dédicacé", "cost": 50})  # fmt: skip
    assert said[2] == ("loyalty.within_reach", {"rewards": ["Joint d'autocuiseur"]})
    assert len(said) == 3
    assert "Retirée" not in text_of(messages)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Vous avez 48 points. Encore 2 points pour le souhait d'André : Ballon de football "
            "dédicacé (50 points). Déjà possible : Joint d'autocuiseur."),
     ("en", "You have 48 points. 2 points to go for André's wish: Signed football (50 points). "
            "Already within reach: Pressure cooker seal.")],
)  # fmt: skip
def test_balance_reads_well_in_each_language(bound: Session, lang: str, expected: str) -> None:
    household = _zerty_like(bound)
    messages, _ = run_action(bound, LoyaltyBalance(), make_tracker(household.id, lang))
    assert text_of(messages) == expected


def test_rewards_are_cards_wishes_first(bound: Session) -> None:
    household = _zerty_like(bound)
    messages, _ = run_action(bound, LoyaltyRewards(), make_tracker(household.id))
    assert told(messages) == [("loyalty.rewards", {"points": 48})]
    cards = cards_of(messages)
    assert [(card["title"], card["price"], card["lines"]) for card in cards] == [
        ("Ballon de football dédicacé", "50 points", ["Il manque 2 points", "Le souhait d'André"]),
        ("Joint d'autocuiseur", "30 points", ["Accessible dès maintenant"]),
        ("Bon d'achat de 5 €", "55 points", ["Il manque 7 points"]),
    ]
    assert [card.get("tags") for card in cards] == [["wish"], None, None]


def test_rewards_in_english_name_the_wish(bound: Session) -> None:
    household = _zerty_like(bound)
    messages, _ = run_action(bound, LoyaltyRewards(), make_tracker(household.id, "en"))
    assert cards_of(messages)[0]["lines"] == ["2 points short", "André's wish"]


def test_balance_of_a_new_household_is_zero(bound: Session) -> None:
    household = make_household(bound)
    messages, _ = run_action(bound, LoyaltyBalance(), make_tracker(household.id))
    assert told(messages)[0] == ("loyalty.balance", {"points": 0})
    assert text_of(messages).startswith("Vous avez 0 point.")  # French: 0 is singular


@pytest.mark.parametrize(("lang", "word"), [("fr", "connectez-vous"), ("en", "sign in")])
def test_without_a_household_the_customer_is_asked_to_sign_in(
    bound: Session, lang: str, word: str
) -> None:
    messages, events = run_action(
        bound, LoyaltyBalance(), make_tracker(None, lang, sender_id="nobody")
    )
    assert word in text_of(messages)
    assert events == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [(0, ("loyalty.next_wish.member", {"who": "André", "missing": 2,
                                       "reward": "Ballon de football dédicacé", "cost": 50})),
     (10, ("loyalty.wish_within_reach.member", {"who": "André",
                                                "reward": "Ballon de football dédicacé"}))],
)  # fmt: skip
def test_balance_says_whether_the_wish_is_affordable(
    bound: Session, extra: int, expected: tuple[str, dict[str, object]]
) -> None:
    household = _zerty_like(bound)
    if extra:
        bound.add(LoyaltyEntry(household_id=household.id or 0, points=extra, kind="earn",
                               reason="fuel", idempotency_key=f"{household.id}-fuel"))  # fmt: skip
        bound.flush()
    said = told(run_action(bound, LoyaltyBalance(), make_tracker(household.id))[0])
    assert said.count(expected) == 1
