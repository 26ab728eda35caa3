from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from tests.assistant.loyalty.helpers import give_points, make_reward, till_receipt
from tests.factories import (
    customer_headers,
    make_household,
    make_member,
    make_preference,
    unique_card,
)


def test_balance_and_paged_history(
    client: TestClient, session: Session, settings: Settings
) -> None:
    card = unique_card()
    household = make_household(session, loyalty_card=card)
    for total in (2000, 3000, 5000):
        till_receipt(session, card, total, "fuel")
    headers = customer_headers(settings, household)
    first = client.get("/me/loyalty", params={"limit": 2}, headers=headers).json()
    assert first["balance"] == 20 and len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get("/me/loyalty", params={"limit": 2, "cursor": first["next_cursor"]},
                      headers=headers).json()  # fmt: skip
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    points = sorted(item["points"] for item in first["items"] + rest["items"])
    assert points == [4, 6, 10]
    bad = client.get("/me/loyalty", params={"cursor": "nope"}, headers=headers)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_cursor"


def test_rewards_flag_the_wish(client: TestClient, session: Session, settings: Settings) -> None:
    household = make_household(session, lang="en")
    andre = make_member(session, household, first_name="André", role="child")
    make_preference(session, household, kind="wish", value="ballon de football dédicacé",
                    member_id=andre.id)  # fmt: skip
    give_points(session, household, 58)
    foot = make_reward(session, name_fr="Ballon de football dédicacé", name_en="Signed football",
                       points_cost=50, tags=["football"])  # fmt: skip
    body = client.get("/loyalty/rewards", headers=customer_headers(settings, household)).json()
    assert body["balance"] == 58
    item = next(r for r in body["items"] if r["id"] == foot.id)
    assert (item["wished"], item["wished_by"], item["affordable"], item["name"]) == (
        True, "André", True, "Signed football")  # fmt: skip
    assert not any(r["wished"] for r in body["items"] if r["id"] != foot.id)


def test_redemption_is_idempotent_and_refuses_overdraft(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    give_points(session, household, 70)
    reward = make_reward(session, points_cost=50, stock=5)
    headers = {**customer_headers(settings, household), "Idempotency-Key": "r-1"}
    first = client.post(
        "/me/loyalty/redemptions", json={"reward_code": reward.code}, headers=headers
    )
    assert first.status_code == 201, first.text
    assert (first.json()["balance"], first.json()["entry"]["points"]) == (20, -50)
    assert first.json()["reward"]["stock"] == 4
    replay = client.post("/me/loyalty/redemptions", json={"reward_id": reward.id}, headers=headers)
    assert replay.status_code == 200 and replay.json()["entry"]["id"] == first.json()["entry"]["id"]
    broke = client.post("/me/loyalty/redemptions", json={"reward_id": reward.id},
                        headers={**headers, "Idempotency-Key": "r-2"})  # fmt: skip
    assert broke.status_code == 409
    assert broke.json()["error"] == {
        "code": "insufficient_points", "message": "not enough points for this reward",
        "details": {"balance": 20, "points_cost": 50}}  # fmt: skip
    assert client.get("/me/loyalty", headers=headers).json()["balance"] == 20


def test_redemption_input_errors(client: TestClient, session: Session, settings: Settings) -> None:
    household = make_household(session)
    session.commit()  # an error rolls the request's session back to its last commit
    headers = customer_headers(settings, household)
    missing = client.post("/me/loyalty/redemptions", json={"reward_id": 1}, headers=headers)
    assert missing.status_code == 428
    assert missing.json()["error"]["code"] == "idempotency_key_required"
    keyed = {**headers, "Idempotency-Key": "k"}
    both = client.post("/me/loyalty/redemptions", json={"reward_id": 1, "reward_code": "X"},
                       headers=keyed)  # fmt: skip
    assert both.status_code == 422
    unknown = client.post("/me/loyalty/redemptions", json={"reward_code": "NOPE"}, headers=keyed)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "reward_not_found"
    assert client.get("/me/loyalty").status_code == 401
