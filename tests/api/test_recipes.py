"""The recipe API: suggestions for the signed-in household, details, search, bad params."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from assistant.customers.models import Preference
from assistant.recipes.models import Recipe
from tests.factories import customer_headers, make_household, unique_phone


@pytest.fixture
def world(session: Session, settings: Settings) -> dict[str, str]:
    household = make_household(session, phone=unique_phone())
    session.add(Preference(household_id=household.id, kind="cuisine", value="terroir"))
    rows = (
        ("Salade de pintade", 25, "terroir", ["2 filets de pintade", "20 cl de crème"]),
        ("Pintade rôtie", 90, None, ["1 pintade", "1 pomme"]),
        ("Poulet rôti", 20, None, ["1 poulet", "1 citron"]),
    )
    for title, minutes, cuisine, lines in rows:
        session.add(
            Recipe(source="t", external_id=title, title=title, total_minutes=minutes,
                   cuisine=cuisine, ingredients=lines)
        )  # fmt: skip
    session.commit()
    return customer_headers(settings, household)


def test_suggestions_fit_and_explain(client: TestClient, world: dict[str, str]) -> None:
    response = client.get(
        "/me/recipes/suggestions",
        params={"ingredient": "guinea fowl", "max_minutes": 30},
        headers=world,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["recipe"]["title"] for item in body] == ["Salade de pintade"]
    reasons = {(r["kind"], r["value"]) for r in body[0]["reasons"]}
    assert {("match", "pintade"), ("time", "25"), ("cuisine", "terroir")} <= reasons
    assert "crème" in {m["ingredient"] for m in body[0]["missing"]}


@pytest.mark.parametrize("params", [{"max_minutes": 0}, {"max_minutes": -5}, {"limit": 51}])
def test_bad_params_are_422(client: TestClient, world: dict[str, str], params: dict) -> None:
    response = client.get("/me/recipes/suggestions", params=params, headers=world)
    assert response.status_code == 422
    assert client.get("/recipes", params={"q": "pintade", **params}).status_code == 422


def test_search_and_details(client: TestClient, world: dict[str, str]) -> None:
    found = client.get("/recipes", params={"q": "rôti", "max_minutes": 60}).json()
    assert [item["recipe"]["title"] for item in found] == ["Poulet rôti"]
    by_ingredient = client.get("/recipes", params={"q": "guinea fowl"}).json()
    assert {item["recipe"]["title"] for item in by_ingredient} == {
        "Salade de pintade",
        "Pintade rôtie",
    }
    recipe_id = found[0]["recipe"]["id"]
    details = client.get(f"/recipes/{recipe_id}").json()
    assert details["title"] == "Poulet rôti" and details["minutes"] == 20
    missing = client.get("/recipes/999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "recipe_not_found"


@pytest.fixture
def bilingual(session: Session, settings: Settings) -> dict[str, dict[str, str]]:
    """A dish written in French and in English (the demo's pairing), and a household per
    language."""
    for external_id, title, lang, lines in (
        ("salade", "Salade de pintade", "fr", ["2 filets de pintade", "1 salade"]),
        ("salade@en", "Guinea fowl salad", "en", ["2 guinea fowl fillets", "1 lettuce"]),
    ):
        session.add(
            Recipe(source="demo", external_id=external_id, title=title, lang=lang,
                   total_minutes=20, ingredients=lines)
        )  # fmt: skip
    headers = {
        lang: customer_headers(settings, make_household(session, phone=unique_phone(), lang=lang))
        for lang in ("fr", "en")
    }
    session.commit()
    return headers


@pytest.mark.parametrize(
    ("household", "lang", "title"),
    [
        ("fr", None, "Salade de pintade"),
        ("en", None, "Guinea fowl salad"),
        ("fr", "en", "Guinea fowl salad"),
        ("en", "fr", "Salade de pintade"),
    ],
)
def test_suggestions_in_the_household_language(
    client: TestClient,
    bilingual: dict[str, dict[str, str]],
    household: str,
    lang: str | None,
    title: str,
) -> None:
    params = {"ingredient": "pintade", **({"lang": lang} if lang else {})}
    body = client.get("/me/recipes/suggestions", params=params, headers=bilingual[household])
    assert body.status_code == 200, body.text
    assert [item["recipe"]["title"] for item in body.json()] == [title]
    # The link of the version shown opens that version.
    recipe_id = body.json()[0]["recipe"]["id"]
    details = client.get(f"/recipes/{recipe_id}").json()
    assert details["title"] == title and details["lang"] == (lang or household)


def test_search_in_a_language(client: TestClient, bilingual: dict[str, dict[str, str]]) -> None:
    def titles(**params: str) -> list[str]:
        found = client.get("/recipes", params={"q": "pintade", **params}).json()
        return [item["recipe"]["title"] for item in found]

    assert titles(lang="en") == ["Guinea fowl salad"]
    assert titles(lang="fr") == ["Salade de pintade"]
    assert titles() == ["Salade de pintade"]  # the original


@pytest.mark.parametrize(
    ("lang", "title", "facts", "headings"),
    [
        ("fr", "Pintade au chou", "Prête en 28 minutes · Pour 4 personnes · Cuisine du terroir : "
         "Quercy", ("Ingrédients", "Préparation")),
        ("en", "Guinea fowl with cabbage", "Ready in 28 minutes · Serves 4 · French regional "
         "cooking: Quercy", ("Ingredients", "Method")),
    ],
)  # fmt: skip
def test_a_browser_opening_the_card_s_link_gets_the_recipe_s_page(
    client: TestClient, session: Session, lang: str, title: str, facts: str,
    headings: tuple[str, str],
) -> None:  # fmt: skip
    recipe = Recipe(
        source="t", external_id=f"page-{lang}", title=title, lang=lang, total_minutes=28,
        servings=4, cuisine="terroir", region="Quercy", ingredients=["1 <pintade>", "1 chou"],
        steps=["Faites dorer.", "Fermez l'autocuiseur."], url="https://example.org/r",
        attribution="Carchan", license="CC BY-SA 4.0",
    )  # fmt: skip
    session.add(recipe)
    session.commit()
    page = client.get(f"/recipes/{recipe.id}", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert f'<html lang="{lang}">' in html and f'<h1 id="title">{title}</h1>' in html
    assert facts in html and all(f"<h2>{h}</h2>" in html for h in headings)
    assert "<li>1 &lt;pintade&gt;</li>" in html  # the recipe's text is escaped
    assert '<ol id="steps"><li>Faites dorer.</li>' in html
    assert 'href="https://example.org/r"' in html and "CC BY-SA 4.0" in html
    # An API client still gets JSON.
    assert client.get(f"/recipes/{recipe.id}").json()["title"] == title
