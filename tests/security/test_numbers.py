"""Numbers beyond what the database stores (ids past 64 bits, past PostgreSQL's integer
column): a coded 4xx on both backends, never a 500 from the driver."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api.test_errors import assert_error
from tests.factories import api_key_headers

Headers = dict[str, str]
HUGE = [2**31, 2**63, 2**64, 10**30]


@pytest.mark.parametrize("number", HUGE, ids=str)
@pytest.mark.parametrize(
    "path",
    [
        "/me/members/{n}",
        "/me/receipts/{n}",
        "/me/orders/{n}",
        "/me/bookings/{n}",
        "/recipes/{n}",
        "/stores/{n}",
        "/stores/{n}/slots",
        "/me/notifications/{n}/why",
    ],
)
def test_a_huge_id_in_the_path_is_a_coded_4xx(
    client: TestClient, headers: Headers, path: str, number: int
) -> None:
    response = client.get(path.format(n=number), headers=headers)
    assert response.status_code in (404, 422), response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == "value_out_of_range" or error["code"].endswith("not_found")


@pytest.mark.parametrize("number", [2**63, 10**30], ids=str)
def test_an_id_past_64_bits_in_a_body_is_a_coded_4xx(
    client: TestClient, headers: Headers, number: int
) -> None:
    response = client.post(
        "/me/preferences",
        json={"kind": "cuisine", "value": "pizza", "member_id": number},
        headers=headers,
    )
    assert response.status_code in (404, 422), response.text
    assert response.json()["error"]["code"] in {"value_out_of_range", "member_not_found"}


def test_a_staff_status_change_on_a_huge_order_is_a_coded_4xx(
    client: TestClient, session: Session
) -> None:
    headers = api_key_headers(session, ["staff:write"])
    response = client.post(
        f"/staff/stores/{2**64}/orders/{2**64}/status", json={"status": "ready"}, headers=headers
    )
    assert response.status_code in (404, 422), response.text
    assert set(response.json()["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize("number", [2**64, 10**30], ids=str)
def test_an_id_past_64_bits_is_value_out_of_range(
    client: TestClient, headers: Headers, number: int
) -> None:
    """Both drivers refuse to bind it (SQLite: OverflowError; psycopg: SQLSTATE 22003): the
    handler in api/errors.py answers 422, not 500."""
    assert_error(client.get(f"/me/members/{number}", headers=headers), 422, "value_out_of_range")
