"""Recipes: the demo's set (French, with its English versions), Wikibooks, and any
schema.org Recipe."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, json_field


class Recipe(SQLModel, table=True):
    __tablename__ = "recipes"
    __table_args__ = (sa.UniqueConstraint("source", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=32)  # demo | wikibooks | jsonld
    # A translation's is its original's, suffixed "@<lang>" (`recipes.translations`).
    external_id: str = Field(max_length=300)
    title: str = Field(max_length=300)
    lang: str = Field(default="fr", max_length=5)
    description: str | None = Field(default=None, sa_type=sa.Text)
    category: str | None = Field(default=None, max_length=120)
    cuisine: str | None = Field(default=None, max_length=80)
    region: str | None = Field(default=None, max_length=80)
    servings: int | None = None
    prep_minutes: int | None = None
    cook_minutes: int | None = None
    total_minutes: int | None = Field(default=None, index=True)
    time_text: str | None = Field(default=None, max_length=120)
    difficulty: str | None = Field(default=None, max_length=40)
    equipment: list[str] = json_field(list)
    diets: list[str] = json_field(list)
    tags: list[str] = json_field(list)
    ingredients: list[str] = json_field(list)
    steps: list[str] = json_field(list)
    url: str | None = Field(default=None, max_length=500)
    license: str | None = Field(default=None, max_length=120)
    attribution: str | None = Field(default=None, max_length=300)
    created_at: dt.datetime = created_at_field()


class RecipeIngredient(SQLModel, table=True):
    """The ingredient index: one row per parsed ingredient line (position ≥ 0) and per key
    found in the title or tags (position -1), so ranking reads keys, not free text."""

    __tablename__ = "recipe_ingredients"

    id: int | None = Field(default=None, primary_key=True)
    recipe_id: int = Field(foreign_key="recipes.id", index=True, ondelete="CASCADE")
    position: int = 0
    line: str | None = Field(default=None, max_length=300)
    quantity: float | None = None
    unit: str | None = Field(default=None, max_length=16)
    key: str = Field(max_length=80, index=True)
    product_id: int | None = Field(
        default=None, foreign_key="products.id", nullable=True, ondelete="SET NULL"
    )
