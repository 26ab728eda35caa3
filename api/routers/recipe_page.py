"""A recipe's page, for the cards' "see the recipe" link opened in a browser: the recipe in
its own language, readable on a phone, with its source and licence."""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

from api.routers.booking_page import page
from assistant.i18n import LANGS, render
from assistant.recipes.models import Recipe
from assistant.recipes.ranking import recipe_minutes


def recipe_page(recipe: Recipe) -> HTMLResponse:
    lang = recipe.lang if recipe.lang in LANGS else LANGS[0]
    minutes = recipe_minutes(recipe)
    facts = [
        render(lang, "recipes.card.time", minutes=minutes)
        if minutes is not None
        else render(lang, "recipes.card.time_unknown")
    ]
    if recipe.servings:
        facts.append(render(lang, "recipes.page.serves", count=recipe.servings))
    if recipe.region and recipe.cuisine == "terroir":
        facts.append(render(lang, "recipes.card.terroir_region", region=recipe.region))
    ingredients = "".join(f"<li>{escape(line)}</li>" for line in recipe.ingredients)
    steps = "".join(f"<li>{escape(step)}</li>" for step in recipe.steps)
    about = f'<p class="meta">{escape(recipe.description)}</p>' if recipe.description else ""
    card = (
        f'<h1 id="title">{escape(recipe.title)}</h1>{about}'
        f'<p class="meta" id="facts">{escape(" · ".join(facts))}</p>'
        f"<h2>{escape(render(lang, 'recipes.page.ingredients'))}</h2>"
        f'<ul id="ingredients">{ingredients}</ul>'
        f'<h2>{escape(render(lang, "recipes.page.steps"))}</h2><ol id="steps">{steps}</ol>'
    )
    notes = []
    source = recipe.attribution or recipe.source
    if source:
        said = escape(render(lang, "recipes.page.source", source=source))
        url = f'<a href="{escape(recipe.url)}" rel="noopener">{said}</a>' if recipe.url else None
        notes.append(url or said)
    if recipe.license:
        notes.append(escape(render(lang, "recipes.page.license", license=recipe.license)))
    small = f"<small>{'<br>'.join(notes)}</small>" if notes else ""
    return page(
        lang, recipe.title, f'<div class="card">{card}</div>{small}', brand="recipes.page.brand"
    )
