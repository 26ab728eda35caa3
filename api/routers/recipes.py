"""Recipe suggestions for the signed-in household, recipe details and search."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response
from pydantic import BaseModel

from api.deps import CurrentCustomer, SessionDep
from api.routers.booking_page import wants_html
from api.routers.recipe_page import recipe_page
from api.routing import unit_of_work_router
from assistant.errors import NotFound
from assistant.recipes.models import Recipe
from assistant.recipes.ranking import RecipeSuggestion, rank_recipes, recipe_minutes

router = unit_of_work_router(tags=["recipes"])

MaxMinutes = Annotated[int | None, Query(gt=0, le=7 * 24 * 60)]
Limit = Annotated[int, Query(ge=1, le=50)]


class MissingPublic(BaseModel):
    line: str
    ingredient: str
    product_ids: list[int]


class ReasonPublic(BaseModel):
    kind: str  # match | bought | time | cuisine | equipment
    value: str


class RecipeSummary(BaseModel):
    id: int
    title: str
    source: str
    lang: str
    minutes: int | None
    cuisine: str | None
    region: str | None
    equipment: list[str]


class SuggestionPublic(BaseModel):
    recipe: RecipeSummary
    score: float
    reasons: list[ReasonPublic]
    missing: list[MissingPublic]


class RecipePublic(RecipeSummary):
    description: str | None
    servings: int | None
    diets: list[str]
    tags: list[str]
    ingredients: list[str]
    steps: list[str]
    url: str | None
    license: str | None
    attribution: str | None


def _summary(recipe: Recipe) -> RecipeSummary:
    assert recipe.id is not None
    return RecipeSummary(
        id=recipe.id, title=recipe.title, source=recipe.source, lang=recipe.lang,
        minutes=recipe_minutes(recipe), cuisine=recipe.cuisine, region=recipe.region,
        equipment=list(recipe.equipment),
    )  # fmt: skip


def _suggestion(item: RecipeSuggestion) -> SuggestionPublic:
    return SuggestionPublic(
        recipe=_summary(item.recipe),
        score=round(item.score, 3),
        reasons=[ReasonPublic(kind=kind, value=value) for kind, value in item.reasons],
        missing=[
            MissingPublic(line=m.line, ingredient=m.name, product_ids=list(m.product_ids))
            for m in item.missing
        ],
    )


@router.get("/me/recipes/suggestions", response_model=list[SuggestionPublic])
def suggestions(
    customer: CurrentCustomer,
    session: SessionDep,
    ingredient: Annotated[str | None, Query(max_length=80)] = None,
    max_minutes: MaxMinutes = None,
    limit: Limit = 5,
    lang: Annotated[str | None, Query(pattern="^(fr|en)$")] = None,
) -> list[SuggestionPublic]:
    """Dishes using `ingredient`, else what the household just bought or has on its list;
    a recipe written in several languages comes in `lang`, else in the household's."""
    wanted = [ingredient] if ingredient and ingredient.strip() else []
    found = rank_recipes(
        session=session, wanted=wanted, household_id=customer.id, max_minutes=max_minutes,
        limit=limit, lang=lang or customer.lang,
    )  # fmt: skip
    return [_suggestion(item) for item in found]


@router.get("/recipes", response_model=list[SuggestionPublic])
def search(
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=80)],
    max_minutes: MaxMinutes = None,
    limit: Limit = 20,
    lang: Annotated[str | None, Query(pattern="^(fr|en)$")] = None,
) -> list[SuggestionPublic]:
    """Recipes whose title holds `q` or that use the ingredient `q`; a recipe written in
    several languages comes in `lang`, else in its original language."""
    found = rank_recipes(
        session=session, search=q, max_minutes=max_minutes, limit=limit, use_purchases=False,
        lang=lang,
    )  # fmt: skip
    return [_suggestion(item) for item in found]


@router.get(
    "/recipes/{recipe_id}",
    response_model=RecipePublic,
    responses={200: {"content": {"text/html": {}}}},
)
def read_recipe(recipe_id: int, session: SessionDep, request: Request) -> RecipePublic | Response:
    """The recipe as JSON, or as a page for a browser (the link on the chat's recipe cards)."""
    recipe = session.get(Recipe, recipe_id)
    if recipe is None:
        raise NotFound(f"No recipe {recipe_id}.", code="recipe_not_found")
    if wants_html(request):
        return recipe_page(recipe)
    return RecipePublic(
        **_summary(recipe).model_dump(), description=recipe.description,
        servings=recipe.servings, diets=list(recipe.diets), tags=list(recipe.tags),
        ingredients=list(recipe.ingredients), steps=list(recipe.steps), url=recipe.url,
        license=recipe.license, attribution=recipe.attribution,
    )  # fmt: skip
