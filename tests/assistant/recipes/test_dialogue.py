"""The guinea-fowl questions through the real spaCy NLU, the dialogue and the actions."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.dialogue.service import handle_message
from tests.assistant.recipes.conftest import TODAY
from tests.clock import local
from tests.nlu.engines.trained import trained_engine

NOW = local(TODAY, "17:00")
# Three dishes under 30 minutes, one of them the Quercy's, adapted to the pressure cooker;
# each in the language of the question.
FITTING = {
    "fr": (
        "Pintade au chou du Quercy à l'autocuiseur",
        "Salade tiède de pintade aux noix",
        "Émincé de pintade au miel et au citron",
    ),
    "en": (
        "Quercy-style guinea fowl with cabbage in the pressure cooker",
        "Warm guinea fowl salad with walnuts",
        "Guinea fowl strips with honey and lemon",
    ),
}
TOO_SLOW = (
    "Cuisses de pintade aux lentilles vertes à l'autocuiseur",
    "Pintade rôtie aux pommes",
    "Guinea fowl legs with Puy lentils in the pressure cooker",
    "Roast guinea fowl with apples",
)


@pytest.mark.parametrize(
    ("text", "opening", "lang"),
    [
        (
            "what can I cook with my guinea fowl tonight in under 30 minutes?",
            "Here are 3 recipes",
            "en",
        ),
        (
            "qu'est-ce que je peux cuisiner avec ma pintade ce soir en moins de 30 minutes ?",
            "Voici 3 recettes",
            "fr",
        ),
    ],
)
def test_guinea_fowl_tonight_in_under_30_minutes(
    session: Session, zerty: Household, text: str, opening: str, lang: str
) -> None:
    turn = handle_message(
        session=session, nlu=trained_engine(), sender_id="zerty-recipes", text=text,
        channel="app", household=zerty, now=NOW,
    )  # fmt: skip
    reply = " ".join(r.text or "" for r in turn.replies)
    assert reply.startswith(opening)
    # One card per recipe, to open it.
    titles = [card["title"] for r in turn.replies for card in (r.custom or {}).get("cards", [])]
    for title in FITTING[lang]:
        assert title in titles
    # A recipe written in both languages shows once, in the question's.
    other = FITTING["en" if lang == "fr" else "fr"]
    for title in (*TOO_SLOW, *other):
        assert title not in titles
    assert not {"poulet", "chicken"} & set(" ".join(titles).lower().split())
    # What is missing can be added in one tap, through the shopping list's own intent.
    payloads = [button.payload for r in turn.replies for button in r.buttons]
    assert payloads and all(p.startswith("/shopping_list_add{") for p in payloads)
    added = handle_message(
        session=session, nlu=trained_engine(), sender_id="zerty-recipes", text=payloads[0],
        channel="app", household=zerty, now=NOW,
    )  # fmt: skip
    assert added.replies[0].text.startswith(("J'ai ajouté 1 x", "I added 1 x"))
