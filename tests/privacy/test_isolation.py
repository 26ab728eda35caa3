"""A customer token never reaches another household's data, through any route.

Every route that takes a customer token (read from the app, not listed by hand) must be
classified below, or `test_every_customer_route_is_classified` fails. Each probe is a request
with household A's token:
- `foreign`: B's ids in the path (or body) must answer 404/403 (or 422 for a body id), with an
  error code; as a control, the same GET with A's own ids answers 200;
- `own` / `shared`: the answer (any status below 500) must not show B's data: no B marker,
  phone, e-mail or push token, and no id of B's rows in the table it lists.
After every probe B's whole export is unchanged and B's token still works.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.main import create_app
from assistant.config import Settings
from assistant.privacy.export import build_export
from tests.clock import NOW
from tests.factories import customer_headers
from tests.privacy.routes import route_infos
from tests.privacy.world import Owned, Shared

Body = Callable[["Ctx"], Any]


@dataclass
class Ctx:
    a: Owned
    b: Owned
    world: Shared


@dataclass(frozen=True)
class Probe:
    kind: str  # foreign | own | shared | chat
    params: dict[str, str] = field(default_factory=dict)  # path param -> "table" of ids
    body: Body | None = None
    lists: str | None = None  # the table whose rows the answer lists
    expect: tuple[int, ...] = (403, 404)
    headers: dict[str, str] = field(default_factory=dict)
    reason: str = ""


def foreign(*params: str, body: Body | None = None, expect: tuple[int, ...] = (403, 404)) -> Probe:
    names = dict(p.split("=") for p in params)
    return Probe("foreign", params=names, body=body, expect=expect)


def own(lists: str | None = None, body: Body | None = None, **params: str) -> Probe:
    return Probe("own", params=params, body=body, lists=lists)


def shared(**params: str) -> Probe:
    return Probe("shared", params=params)


def b_member(extra: dict[str, Any]) -> Body:
    return lambda c: {**extra, "member_id": c.b.first("members")}


NOW = NOW
PROBES: dict[tuple[str, str], Probe] = {
    ("POST", "/auth/revoke"): own(),
    ("DELETE", "/me"): foreign(body=lambda c: {"confirm": c.b.household.name}, expect=(422,)),
    ("GET", "/me"): own(),
    ("PATCH", "/me"): own(body=lambda c: {"lang": "en"}),
    ("GET", "/me/members"): own("members"),
    ("POST", "/me/members"): own(body=lambda c: {"first_name": "Zoé"}),
    ("GET", "/me/members/{member_id}"): foreign("member_id=members"),
    ("PATCH", "/me/members/{member_id}"): foreign(
        "member_id=members", body=lambda c: {"first_name": "X"}
    ),
    ("DELETE", "/me/members/{member_id}"): foreign("member_id=members"),
    ("GET", "/me/pets"): own("pets"),
    ("POST", "/me/pets"): own(body=lambda c: {"species": "cat"}),
    ("DELETE", "/me/pets/{pet_id}"): foreign("pet_id=pets"),
    ("GET", "/me/preferences"): own("preferences"),
    ("PUT", "/me/preferences"): foreign(
        body=lambda c: [b_member({"kind": "diet", "value": "vegan"})(c)], expect=(422,)
    ),
    ("POST", "/me/preferences"): foreign(
        body=b_member({"kind": "diet", "value": "vegan"}), expect=(422,)
    ),
    ("DELETE", "/me/preferences/{preference_id}"): foreign("preference_id=preferences"),
    ("GET", "/me/consents"): own("consents"),
    ("PUT", "/me/consents"): own(
        body=lambda c: [{"channel": "push", "purpose": "marketing", "granted": False}]
    ),
    ("GET", "/me/devices"): own("devices"),
    ("POST", "/me/devices"): foreign(body=b_member({"platform": "ios"}), expect=(422,)),
    ("DELETE", "/me/devices/{device_id}"): foreign("device_id=devices"),
    ("GET", "/me/addresses"): own("addresses"),
    ("POST", "/me/addresses"): foreign(
        body=b_member({"kind": "home", "lat": 48.8, "lon": 2.3}), expect=(422,)
    ),
    ("DELETE", "/me/addresses/{address_id}"): foreign("address_id=addresses"),
    ("GET", "/stores"): shared(),
    ("GET", "/stores/{store_id}"): shared(store_id="store"),
    ("GET", "/products"): shared(),
    ("GET", "/products/{ean}"): shared(ean="ean"),
    ("GET", "/stores/{store_id}/stock/{ean}"): shared(store_id="store", ean="ean"),
    ("GET", "/me/receipts"): own("receipts"),
    ("GET", "/me/receipts/{receipt_id}"): foreign("receipt_id=receipts"),
    ("GET", "/me/purchases"): own(),
    ("GET", "/me/list"): own("order_lines"),
    ("PATCH", "/me/list"): own(body=lambda c: {"store_id": c.world.store.id}),
    ("POST", "/me/list/propose"): own(),
    ("POST", "/me/list/lines"): own(body=lambda c: {"product_id": c.world.products[2].id}),
    ("PATCH", "/me/list/lines/{line_id}"): foreign(
        "line_id=order_lines", body=lambda c: {"quantity": 3}
    ),
    ("DELETE", "/me/list/lines/{line_id}"): foreign("line_id=order_lines"),
    ("POST", "/me/list/lines/{line_id}/substitute"): foreign("line_id=order_lines"),
    ("POST", "/me/list/accept"): own(),
    ("GET", "/stores/{store_id}/slots"): shared(store_id="store"),
    ("POST", "/me/orders"): own(body=lambda c: {"slot_id": c.world.slot.id}),
    ("GET", "/me/orders"): own("orders"),
    ("GET", "/me/orders/{order_id}"): foreign("order_id=placed_order"),
    ("POST", "/me/orders/{order_id}/cancel"): foreign("order_id=placed_order"),
    ("GET", "/me/offers"): own("coupon_assignments"),
    # The coupon is shared (assigned to both): A sees its own explanation, never B's.
    ("GET", "/me/offers/{coupon_id}/why"): own(coupon_id="coupon"),
    # Loading or unloading the shared coupon touches A's card only, never B's assignment.
    ("POST", "/me/offers/{coupon_id}/load"): own(coupon_id="coupon"),
    ("DELETE", "/me/offers/{coupon_id}/load"): own(coupon_id="coupon"),
    ("GET", "/me/recipes/suggestions"): own(),
    ("POST", "/me/location/pings"): own(
        body=lambda c: [
            {"lat": 48.85, "lon": 2.35, "accuracy_m": 15, "recorded_at": NOW.isoformat()}
        ]
    ),
    ("GET", "/me/visits"): own("visits"),
    ("PATCH", "/me/visits/{visit_id}"): foreign("visit_id=visits", body=lambda c: {"vehicle": "x"}),
    ("GET", "/me/notifications"): own("outbox"),
    ("POST", "/me/notifications/{notification_id}/read"): foreign("notification_id=outbox"),
    ("GET", "/me/notifications/{notification_id}/why"): foreign("notification_id=outbox"),
    ("GET", "/me/loyalty"): own("loyalty_entries"),
    ("GET", "/loyalty/rewards"): shared(),
    ("POST", "/me/loyalty/redemptions"): own(body=lambda c: {"reward_code": "NOPE"}),
    ("GET", "/events"): shared(),
    ("GET", "/me/bookings"): own("bookings"),
    ("POST", "/me/bookings"): own(body=lambda c: {"event_id": c.world.event.id, "seats": 1}),
    ("GET", "/me/bookings/{booking_id}.ics"): foreign("booking_id=bookings"),
    ("GET", "/me/bookings/{booking_id}"): foreign("booking_id=bookings"),
    ("POST", "/me/bookings/{booking_id}/confirm"): foreign("booking_id=bookings"),
    ("POST", "/me/bookings/{booking_id}/cancel"): foreign("booking_id=bookings"),
    ("GET", "/me/briefing"): own(),
    ("GET", "/me/assistant/greeting"): own(),
    ("GET", "/me/assistant/history"): own(),
    ("GET", "/me/digest"): own(),
    ("GET", "/me/export"): own(),
    ("GET", "/radio/{household_id}/segment"): foreign("household_id=households"),
    ("GET", "/radio/{household}/briefing"): foreign("household=households"),
    # Conversations: tests/privacy/test_chat_isolation.py.
    ("POST", "/webhooks/rest/webhook"): Probe("chat", reason="test_chat_isolation"),
    ("POST", "/voice/alexa"): Probe("chat", reason="test_chat_isolation"),
    ("WS", "/ws/chat"): Probe("chat", reason="test_chat_isolation"),
}


def _app() -> FastAPI:
    return create_app(Settings(assistant_env="test", database_url="sqlite://"))


def customer_routes() -> set[tuple[str, str]]:
    return {(r.method, r.path) for r in route_infos(_app()) if r.customer}


def test_every_customer_route_is_classified() -> None:
    found = customer_routes()
    unclassified = sorted(found - set(PROBES))
    assert not unclassified, f"customer routes without an isolation probe: {unclassified}"
    assert not sorted(set(PROBES) - found), "probes for routes that no longer exist"


def test_the_route_reader_sees_the_routers() -> None:
    # A control: the reader finds customer and non-customer routes alike.
    infos = {(r.method, r.path): r for r in route_infos(_app())}
    assert infos[("GET", "/me/receipts")].customer
    assert not infos[("POST", "/receipts")].customer
    assert infos[("POST", "/receipts")].scopes == {"receipts:write"}


HTTP_PROBES = sorted((key for key, p in PROBES.items() if p.kind != "chat"), key=str)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Providers that would go out to the network answer "unavailable" at once.
    return settings.model_copy(update={"weather_url": "http://127.0.0.1:9/forecast"})


def _value(ref: str, owner: Owned, world: Shared) -> str:
    if ref == "store":
        return str(world.store.id)
    if ref == "ean":
        return world.products[0].ean
    if ref == "coupon":
        return str(world.coupon.id)
    if ref == "placed_order":
        return str(owner.ids["orders"][1])  # [0] is the draft shopping list
    if ref == "order_lines":
        return str(owner.ids["order_lines"][0])  # the line of the draft list
    return str(owner.first(ref))


def _path(path: str, probe: Probe, owner: Owned, world: Shared) -> str:
    for name, ref in probe.params.items():
        path = path.replace("{" + name + "}", _value(ref, owner, world))
    assert not re.search(r"\{\w+\}", path), f"unfilled parameter in {path}"
    return path


def _leaks(text: str, b: Owned) -> list[str]:
    secrets = [b.marker, b.phone, b.email, b.push_token, b.household.name]
    return [s for s in secrets if s and s in text]


def _ids(payload: Any) -> set[int]:
    """Every "id" anywhere in a JSON answer."""
    found: set[int] = set()
    if isinstance(payload, dict):
        if isinstance(payload.get("id"), int):
            found.add(payload["id"])
        for value in payload.values():
            found |= _ids(value)
    elif isinstance(payload, list):
        for value in payload:
            found |= _ids(value)
    return found


def _snapshot(session: Session, b: Owned) -> str:
    session.expire_all()
    document = build_export(session=session, household=b.household, now=dt.datetime(2000, 1, 1))
    return json.dumps(document, sort_keys=True, default=str)


@pytest.mark.parametrize(("method", "path"), HTTP_PROBES)
def test_a_token_never_reaches_the_other_household(
    client: TestClient,
    session: Session,
    settings: Settings,
    world: Shared,
    alpha: Owned,
    bravo: Owned,
    method: str,
    path: str,
) -> None:
    probe = PROBES[(method, path)]
    ctx = Ctx(alpha, bravo, world)
    before = _snapshot(session, bravo)
    headers = {**customer_headers(settings, alpha.household), "Idempotency-Key": "iso-1"}
    body = probe.body(ctx) if probe.body else None
    target = _path(path, probe, bravo if probe.kind == "foreign" else alpha, world)
    response = client.request(method, target, headers=headers, json=body)

    assert response.status_code < 500, response.text
    assert not _leaks(response.text, bravo), response.text[:500]
    if probe.kind == "foreign":
        assert response.status_code in probe.expect, response.text
        assert response.json()["error"]["code"]
    if probe.lists and response.headers.get("content-type", "").startswith("application/json"):
        assert response.status_code == 200, response.text
        assert not _ids(response.json()) & set(bravo.ids[probe.lists]), response.text[:500]
    assert _snapshot(session, bravo) == before, "B's data changed"
    still = client.get("/me", headers=customer_headers(settings, bravo.household))
    assert still.status_code == 200


FOREIGN_GETS = [(m, p) for (m, p) in HTTP_PROBES if m == "GET" and PROBES[(m, p)].kind == "foreign"]


@pytest.mark.parametrize(("method", "path"), FOREIGN_GETS)
def test_the_same_request_with_one_s_own_ids_succeeds(
    client: TestClient,
    settings: Settings,
    world: Shared,
    alpha: Owned,
    bravo: Owned,
    method: str,
    path: str,
) -> None:
    """The control of the probes above: their 404s come from ownership, not a bad request."""
    target = _path(path, PROBES[(method, path)], alpha, world)
    response = client.get(target, headers=customer_headers(settings, alpha.household))
    assert response.status_code == 200, response.text
