"""GET /me/export: everything of the household, nothing of another, machine-readable."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from assistant.privacy.export import FORMAT, VERSION, build_export, mask
from assistant.privacy.inventory import EXCLUDED, RULES, household_tables, metadata
from tests.clock import NOW
from tests.factories import customer_headers
from tests.privacy.world import Owned


def test_every_table_holding_household_data_has_a_rule() -> None:
    found = household_tables()
    unruled = sorted(found - set(RULES) - set(EXCLUDED))
    assert not unruled, f"tables with household data but no export/erasure rule: {unruled}"
    assert set(RULES) <= set(metadata().tables), "a rule names a table that does not exist"
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_every_table_with_a_household_id_is_found() -> None:
    with_column = {t.name for t in metadata().sorted_tables if "household_id" in t.columns}
    assert with_column <= household_tables()
    assert {"messages", "order_lines", "receipt_lines"} <= household_tables()


def _export(client: TestClient, settings: Settings, owned: Owned) -> dict[str, Any]:
    response = client.get("/me/export", headers=customer_headers(settings, owned.household))
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=")
    assert f"household-{owned.id}-" in disposition and disposition.endswith('.json"')
    assert response.headers["cache-control"] == "no-store"
    document: dict[str, Any] = response.json()
    return document


def test_the_export_holds_every_row_of_the_household(
    client: TestClient, settings: Settings, alpha: Owned, bravo: Owned
) -> None:
    document = _export(client, settings, alpha)
    assert document["format"] == FORMAT and document["version"] == VERSION
    assert document["household_id"] == alpha.id
    tables = document["tables"]
    assert isinstance(tables, dict) and set(tables) == set(RULES)
    for name, rule in RULES.items():
        if name == "households":
            assert document["profile"]["id"] == alpha.id
            continue
        if rule.parent is None:
            rows = document[rule.section]
        else:
            parents = document[RULES[rule.parent].section]
            rows = [child for parent in parents for child in parent[rule.section]]
        # A table keyed by the household has no id: its rows are counted by household.
        exported = sorted(row["id"] if "id" in row else row["household_id"] for row in rows)
        assert exported == sorted(alpha.ids[name]), name
    text = json.dumps(document)
    assert "ZQXBRAVO" not in text and bravo.phone not in text and bravo.email not in text


def test_the_export_is_readable_and_masks_secrets(
    client: TestClient, settings: Settings, alpha: Owned
) -> None:
    document = _export(client, settings, alpha)
    profile = document["profile"]
    assert profile["phone"] == alpha.phone and profile["email"] == alpha.email
    assert "token_version" not in profile
    text = json.dumps(document)
    assert alpha.push_token not in text
    assert document["devices"][0]["push_token"] == mask(alpha.push_token)
    consents = document["consents"]
    assert all(c["granted_at"] for c in consents)
    notifications = document["notifications"]
    assert all(n["explanation"] for n in notifications)
    assert [n["in_app_inbox"] for n in notifications] == [
        n["channel"] == "in_app" for n in notifications
    ]
    assert document["loyalty_balance"] == 12
    assert document["bookings"][0]["event"]["title"] == "Cirque du jeudi"
    assert document["offers_assigned"][0]["coupon"]["code"]
    receipt = next(r for r in document["receipts"] if r["lines"])
    assert [line["label"] for line in receipt["lines"]] == ["ZQXALPHA beurre", "ZQXALPHA lait"]


@pytest.mark.parametrize("secret", ["abcdefghijklmnop", "short"])
def test_mask_never_shows_enough_to_use_a_token(secret: str) -> None:
    masked = mask(secret)
    assert masked is not None and secret not in masked and len(masked) <= 5


def test_the_service_export_is_json_serialisable(session: Session, alpha: Owned) -> None:
    document = build_export(session=session, household=alpha.household, now=NOW)
    assert json.loads(json.dumps(document))["household_id"] == alpha.id


def test_the_export_needs_a_token(client: TestClient) -> None:
    response = client.get("/me/export")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
