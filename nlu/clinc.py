"""CLINC150 (Larson et al., EMNLP 2019; CC BY 3.0) mapped onto our intent contract.

The corpus is read from `../shared/data/clinc150/` where it lives, never copied into the
tree. Its intents that a Carchan customer means are mapped onto the contract; every other
intent (banking, travel, car, smart home, music, small talk...) and its own out-of-scope
sets become `out_of_scope`, each keeping its CLINC intent as the example's `group`, so that
the classifier learns what each kind of foreign request looks like before the groups are
folded back into one out-of-scope answer.

Decisions on the ambiguous intents (the README of `nlu/` repeats them):
- `shopping_list_update` is split by its wording: add, remove, or (both in one request,
  "remove wine and add beer") left out of training and testing, as neither intent is right.
- `recipe`, `meal_suggestion`, `ingredients_list` and `cook_time` ("how do I make tacos",
  "what do I need to make chicken salad", "how long should a cake bake") are
  `recipe_suggest`: a named dish is a recipe to find and show, and CLINC's own labels
  cross there ("give me a recipe for tacos" is an `ingredients_list` test example).
  `recipe_details` is a question about a recipe already shown ("how do I make the second
  one?"), which CLINC does not have. Substitutions, storage, calories and nutrition are
  out of scope.
- `order` ("order everything on my shopping list") is `order_place`; `order_status` keeps
  its name; both are out of scope when they name another shop ("how's my amazon order
  doing", "order dog food from walmart"): the assistant orders from Carchan only.
- `cancel` ("never mind, cancel that", "stop talking") is `deny`: in a question it ends it
  as a "no" does; `maybe` is out of scope (neither yes nor no, the question is asked again).
- `rewards_balance` and `redeem_rewards` name credit cards ("on my Chase card") and stay
  out of scope; our loyalty card has its own examples. Restaurant reservations
  (`cancel_reservation`, `confirm_reservation`, `how_busy`...) are not outings: out of scope.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlu.parse import OUT_OF_SCOPE
from nlu.training_data import Example

__all__ = [
    "CLINC_DIR",
    "MAPPING",
    "ClincSplit",
    "available",
    "examples",
    "map_intent",
]

CLINC_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "clinc150"
SOURCE = "data_full.json"

MAPPING: dict[str, str] = {
    "greeting": "greet",
    "goodbye": "goodbye",
    "yes": "affirm",
    "no": "deny",
    "cancel": "deny",
    "thank_you": "thanks",
    "what_can_i_ask_you": "help",
    "weather": "weather",
    "traffic": "traffic",
    "shopping_list": "shopping_list_show",
    # "shopping_list_update": by wording, see `map_intent`.
    "order": "order_place",
    "order_status": "order_status",
    "recipe": "recipe_suggest",
    "meal_suggestion": "recipe_suggest",
    "ingredients_list": "recipe_suggest",
    "cook_time": "recipe_suggest",
}
LIST_UPDATE = "shopping_list_update"
_REMOVE = re.compile(
    r"\b(remove|removing|delete|deleting|take|taking|cross|erase|drop|get rid|clear|"
    r"scratch|strike|eliminate|cancel|off|no longer need|don't need|do not need)\b"
)
_ADD = re.compile(r"\b(add|adding|put|include|insert|append|place|need|want|buy|get)\b")
# Orders placed with another shop are not ours to place or follow.
_ELSEWHERE = re.compile(r"\b(amazon|ebay|walmart|target|costco|best buy|etsy|newegg)\b")
ORDER_INTENTS = frozenset({"order", "order_status"})
_REMOVE_ONLY = re.compile(r"\b(remove|delete|take .* off|cross .* off|erase|get rid)\b")

ClincSplit = str  # "train", "val", "test"


def _update_intent(text: str) -> str | None:
    """add / remove by the request's verbs; None when it does both."""
    lowered = text.lower()
    removes = bool(_REMOVE.search(lowered))
    # "no longer need x" is a removal, not a "need".
    adds = bool(_ADD.search(re.sub(r"(no longer|don't|do not) need", " ", lowered)))
    if removes and adds:
        # "take x off" and "put x on" both say "off/on": decide on the stronger verb.
        if _REMOVE_ONLY.search(lowered) and not re.search(r"\b(add|adding|put)\b", lowered):
            return "shopping_list_remove"
        return None
    return "shopping_list_remove" if removes else "shopping_list_add"


def map_intent(text: str, clinc_intent: str) -> tuple[str, str] | None:
    """(contract intent, group) for one CLINC pair; None when it is left out."""
    if clinc_intent == LIST_UPDATE:
        intent = _update_intent(text)
        return None if intent is None else (intent, "")
    if clinc_intent in ORDER_INTENTS and _ELSEWHERE.search(text.lower()):
        return OUT_OF_SCOPE, "clinc:order_elsewhere"
    if clinc_intent in MAPPING:
        return MAPPING[clinc_intent], ""
    group = "oos" if clinc_intent == "oos" else clinc_intent
    return OUT_OF_SCOPE, f"clinc:{group}"


def available(directory: Path = CLINC_DIR) -> bool:
    return (directory / SOURCE).is_file()


@lru_cache(maxsize=4)
def _load(directory: Path) -> dict[str, list[list[str]]]:
    data: dict[str, list[list[str]]] = json.loads((directory / SOURCE).read_text("utf-8"))
    return data


def _pairs(split: ClincSplit, directory: Path) -> Iterator[tuple[str, str]]:
    data = _load(directory)
    for text, intent in data[split]:
        yield text, intent
    for text, _ in data[f"oos_{split}"]:
        yield text, "oos"


@dataclass(frozen=True)
class Mapped:
    examples: list[Example]
    left_out: int


def examples(split: ClincSplit, directory: Path = CLINC_DIR) -> Mapped:
    """The split's pairs (its out-of-scope set included) as contract examples."""
    if split not in ("train", "val", "test"):
        raise ValueError(f"unknown CLINC150 split {split!r}")
    mapped: list[Example] = []
    left_out = 0
    for text, clinc_intent in _pairs(split, directory):
        target = map_intent(text, clinc_intent)
        if target is None:
            left_out += 1
            continue
        intent, group = target
        mapped.append(Example(text=text, intent=intent, group=group))
    return Mapped(mapped, left_out)
