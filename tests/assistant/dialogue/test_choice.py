"""A typed answer to "which one?" narrows the search that asked."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session

from assistant.dialogue.choice import chosen_option, narrowed_request
from tests.factories import make_product


@pytest.fixture
def milks(session: Session) -> None:
    for name_fr, name_en in [
        ("Lait entier UHT Carchan 1 L", "Whole UHT milk Carchan 1 L"),
        ("Lait demi-écrémé UHT Carchan 1 L", "Semi-skimmed UHT milk Carchan 1 L"),
        ("Lait demi-écrémé UHT Carchan Bio 1 L", "Semi-skimmed UHT milk Carchan Bio 1 L"),
    ]:
        make_product(session, name_fr=name_fr, name_en=name_en, category="lait",
                     brand="Carchan", package="1 L")  # fmt: skip


@pytest.mark.usefixtures("milks")
@pytest.mark.parametrize(
    ("said", "answer", "product"),
    [
        ("milk", "the semi skimmed one", "milk semi skimmed"),
        ("lait", "le demi-écrémé bio", "lait demi-écrémé bio"),
        ("lait", "Lait entier UHT Carchan 1 L (1,19\xa0€)", "lait entier UHT Carchan 1"),
        ("milk", "the semi skimed one", "milk semi skimed"),  # a typo still narrows
    ],
)
def test_an_answer_narrows_the_search(
    session: Session, said: str, answer: str, product: str
) -> None:
    request = narrowed_request(session, {"said": said, "quantity": 2}, answer)
    assert request is not None and request.startswith("/shopping_list_add")
    assert json.loads(request.removeprefix("/shopping_list_add")) == {
        "product": product,
        "quantity": 2,
    }


@pytest.mark.usefixtures("milks")
@pytest.mark.parametrize(
    ("choice", "answer"),
    [
        ({"said": "milk"}, "how many points do I have"),  # another request
        ({"said": "milk"}, "yes that one"),  # nothing new
        ({"said": "milk"}, "the chocolate one"),  # no such milk
        (None, "the semi skimmed one"),  # no question asked
        ({"said": ""}, "semi skimmed"),
    ],
)
def test_other_answers_are_left_to_the_dialogue(
    session: Session, choice: dict[str, str] | None, answer: str
) -> None:
    assert narrowed_request(session, choice, answer) is None


@pytest.mark.parametrize(
    ("text", "picked"),
    [("la deuxième", "/b"), ("the first one please", "/a"), ("le dernier", "/c"),
     ("2", None), ("la cinquième", None), ("ajoute aussi du pain et du beurre stp", None)],
)  # fmt: skip
def test_an_answer_by_rank_picks_that_button(text: str, picked: str | None) -> None:
    choice = {"said": "lait", "quantity": None, "options": ["/a", "/b", "/c"]}
    assert chosen_option(choice, text) == picked


def test_a_choice_kept_before_its_options_were_has_no_rank() -> None:
    assert chosen_option({"said": "lait", "quantity": None}, "la deuxième") is None
