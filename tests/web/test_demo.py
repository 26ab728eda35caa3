"""The page's routes and the demo sign-in endpoints (no browser): redirects, assets, tokens,
and nothing of the demo sign-in in production."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from tests.factories import make_household, make_member


@pytest.fixture
def demo(session: Session) -> dict[str, int]:
    """A household with another slug first, then the Zertys, then a synthetic household."""
    other = make_household(session, slug="martin", name="Famille Martin")
    zerty = make_household(session, slug="zerty", name="Famille Zerty")
    make_member(session, zerty, first_name="Anne")
    make_member(session, zerty, first_name="André", role="child")
    synthetic = make_household(
        session, slug=None, name="Foyer 1", source="synthetic", external_ref="syn-00000001"
    )
    return {"other": other.id or 0, "zerty": zerty.id or 0, "synthetic": synthetic.id or 0}


def test_the_zertys_are_listed_first(client: TestClient, demo: dict[str, int]) -> None:
    response = client.get("/demo/households")
    assert response.status_code == 200
    listed = response.json()
    assert listed[0] == {
        "slug": "zerty", "name": "Famille Zerty", "lang": "fr",
        "members": ["Anne", "André"], "story": True,
    }  # fmt: skip
    slugs = [item["slug"] for item in listed]
    assert {"martin", "syn-00000001"} <= set(slugs)
    assert next(i for i in listed if i["slug"] == "syn-00000001")["story"] is False


@pytest.mark.parametrize(("slug", "key"), [("zerty", "zerty"), ("syn-00000001", "synthetic")])
def test_a_demo_token_signs_the_household_in(
    client: TestClient, demo: dict[str, int], slug: str, key: str
) -> None:
    response = client.post("/demo/token", json={"slug": slug})
    assert response.status_code == 200
    body = response.json()
    assert body["household_id"] == demo[key]
    me = client.get("/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json()["id"] == demo[key]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"slug": "nobody"}, 404, "household_not_found"),
        ({"slug": ""}, 422, "validation_error"),
        ({"slug": "zerty", "extra": 1}, 422, "validation_error"),
    ],
)
def test_bad_demo_token_requests_get_a_code(
    client: TestClient, demo: dict[str, int], payload: dict[str, object], status: int, code: str
) -> None:
    response = client.post("/demo/token", json=payload)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("GET", "/demo/households", None), ("POST", "/demo/token", {"slug": "zerty"})],
)
def test_demo_sign_in_does_not_exist_in_production(
    app: FastAPI,
    client: TestClient,
    settings: Settings,
    demo: dict[str, int],
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    app.state.settings = Settings(
        assistant_env="production",
        database_url=settings.database_url,
        secret_key=settings.secret_key,
    )
    response = client.request(method, path, json=body)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/", "/app"])
def test_the_root_leads_to_the_page(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/app/"


def test_the_page_and_its_assets_come_from_the_app(client: TestClient) -> None:
    page = client.get("/app/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    # No CDN: the policy only admits this origin, and every asset the page names is served.
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "https://" not in page.text
    script = client.get("/app/static/app.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    style = client.get("/app/static/app.css")
    assert style.headers["content-type"].startswith("text/css")
    # Every module app.js imports exists.
    for name in ("api.js", "chat.js", "dom.js", "list.js", "outings.js", "loyalty.js"):
        assert client.get(f"/app/static/{name}").status_code == 200


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("missing.js", "asset_not_found"),
        ("index.html", "asset_not_found"),  # served at /app/ only
        (".env", "asset_not_found"),
        ("..%2Fapi%2Fmain.py", "not_found"),  # a slash: no route takes it
    ],
)
def test_unknown_assets_are_not_found(client: TestClient, name: str, code: str) -> None:
    response = client.get(f"/app/static/{name}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == code
