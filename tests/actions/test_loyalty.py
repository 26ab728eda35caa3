from __future__ import annotations

import pytest
from sqlmodel import Session

from actions.loyalty import LoyaltyBalance, LoyaltyRewards
from assistant.customers.models import Household
from assistant.loyalty.models import LoyaltyEntry, Reward
from tests.actions.conftest import make_tracker, run_action, text_of
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


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["Vous avez 48 points.", "Encore 2 points pour : Ballon de football dédicacé"]),
        ("en", ["You have 48 points.", "2 more points for: Signed football"]),
    ],
)
def test_balance_is_the_ledger_sum_with_the_next_reward(
    bound: Session, lang: str, expected: list[str]
) -> None:
    household = _zerty_like(bound)
    messages, _ = run_action(bound, LoyaltyBalance(), make_tracker(household.id, lang))
    text = text_of(messages)
    for part in expected:
        assert part in text
    assert "Joint" in text or "seal" in text  # 30 points: already affordable
    assert "Retirée" not in text and "Withdrawn" not in text


def test_rewards_say_which_are_affordable_and_which_is_wished(bound: Session) -> None:
    household = _zerty_like(bound)
    text = text_of(run_action(bound, LoyaltyRewards(), make_tracker(household.id))[0])
    assert "Joint d'autocuiseur (30 points, accessible)" in text
    assert "Ballon de football dédicacé (50 points, il manque 2 points)" in text
    assert "c'est le souhait d'André" in text
    assert "Bon d'achat de 5 € (55 points, il manque 7 points)" in text
    assert text.count("souhait") == 1  # the voucher is nobody's wish


def test_rewards_in_english_name_the_wish(bound: Session) -> None:
    household = _zerty_like(bound)
    text = text_of(run_action(bound, LoyaltyRewards(), make_tracker(household.id, "en"))[0])
    assert "Signed football: that's André's wish!" in text


def test_balance_of_a_new_household_is_zero(bound: Session) -> None:
    household = make_household(bound)
    text = text_of(run_action(bound, LoyaltyBalance(), make_tracker(household.id))[0])
    assert text.startswith("Vous avez 0 points.")


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
    ("lang", "extra", "expected"),
    [("fr", 0, "Pour le souhait d'André (Ballon de football dédicacé), il manque 2 points."),
     ("en", 0, "For André's wish (Signed football), 2 more points are needed."),
     ("fr", 10, "Le souhait d'André est à votre portée : Ballon de football dédicacé !"),
     ("en", 10, "André's wish is within reach: Signed football!")],
)  # fmt: skip
def test_balance_says_whether_the_wish_is_affordable(
    bound: Session, lang: str, extra: int, expected: str
) -> None:
    household = _zerty_like(bound)
    if extra:
        bound.add(LoyaltyEntry(household_id=household.id or 0, points=extra, kind="earn",
                               reason="fuel", idempotency_key=f"{household.id}-fuel"))  # fmt: skip
        bound.flush()
    text = text_of(run_action(bound, LoyaltyBalance(), make_tracker(household.id, lang))[0])
    assert text.endswith(expected)
