"""A keyword NLU engine implementing `nlu.parse.NLUEngine`, so dialogue tests do not depend
on a trained model: the first matching rule gives the intent, regexes give the entities."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nlu.parse import OUT_OF_SCOPE, Parse, ParsedEntity

ENGLISH_WORDS = frozenset({
    "hello", "hi", "the", "my", "what", "is", "are", "add", "and", "for",
    "how", "many", "book", "please", "thanks", "points", "yes", "no", "sunday", "tomorrow",
    "milk", "store", "open", "two", "people", "an", "outing", "of", "capital",
})  # fmt: skip
# (pattern, intent, confidence): the first match wins.
INTENT_RULES: tuple[tuple[str, str, float], ...] = (
    (r"^(bonjour|salut|hello|hi)\b", "greet", 0.97),
    (r"^(oui|yes|ok d'accord|vas-y)\b", "affirm", 0.95),
    (r"\b(annule|cancel) (ma|my) (réservation|booking)\b", "booking_cancel", 0.96),
    (r"^(non|no|annule|cancel)\b", "deny", 0.95),
    (r"\b(réserve|réserver|book)\b", "outing_book", 0.93),
    (r"\b(ajoute|add)\b", "shopping_list_add", 0.95),
    (r"\b(points|fidélité)\b", "loyalty_balance", 0.94),
    (r"\b(horaires|ouvert|open|hours)\b", "store_info", 0.92),
    (r"\b(merci|thanks)\b", "thanks", 0.96),
    (r"\b(capitale|capital|président|president)\b", OUT_OF_SCOPE, 0.9),
)
NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "one": 1, "two": 2,
                "three": 3, "four": 4}  # fmt: skip
PRODUCTS = {"lait": "lait", "milk": "lait", "pommes": "pommes", "apples": "pommes"}
EVENT_TYPES = {"cirque": "cirque", "circus": "cirque", "cinéma": "cinéma", "opéra": "opéra"}
DATES = {"demain": "demain", "tomorrow": "demain", "dimanche": "dimanche", "sunday": "dimanche"}


@dataclass
class FakeNLU:
    name: str = "fake"
    # Below this the engine answers out_of_scope, as the real engines do.
    fallback_confidence: float = 0.3

    def parse(
        self, text: str, lang: str | None = None, *, now: dt.datetime, tz: str = "Europe/Paris"
    ) -> Parse:
        lowered = text.lower()
        words = re.findall(r"[a-zà-ÿ']+", lowered)
        english = sum(word in ENGLISH_WORDS for word in words)
        # `lang` is a hint, as for the real engines: it decides only a tie.
        if words and english * 2 != len(words):
            detected = "en" if english * 2 > len(words) else "fr"
        else:
            detected = lang or "fr"
        intent, confidence = OUT_OF_SCOPE, self.fallback_confidence
        for pattern, rule_intent, rule_confidence in INTENT_RULES:
            if re.search(pattern, lowered):
                intent, confidence = rule_intent, rule_confidence
                break
        entities = tuple(_entities(lowered))
        return Parse(
            text=text, intent=intent, confidence=confidence, lang=detected, entities=entities,
            ranking=((intent, confidence),),
        )  # fmt: skip


def _entity(name: str, value: object, match: re.Match[str]) -> ParsedEntity:
    return ParsedEntity(name, value, match[0], match.start(), match.end(), 0.9, "fake")


def _entities(text: str) -> list[ParsedEntity]:
    found: list[ParsedEntity] = []
    people = re.search(r"(\d+)\s*(personnes|people)", text)
    if people:
        found.append(_entity("people_count", int(people[1]), people))
    for match in re.finditer(r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")\b", text):
        if people and match.start() == people.start():
            continue
        value = int(match[1]) if match[1].isdigit() else NUMBER_WORDS[match[1]]
        if match[1].isdigit() or match[1] not in ("un", "une"):
            found.append(_entity("quantity", value, match))
    for table, name in ((PRODUCTS, "product"), (EVENT_TYPES, "event_type"), (DATES, "date")):
        for word, canonical in table.items():
            hit = re.search(rf"\b{word}\b", text)
            if hit:
                found.append(_entity(name, canonical, hit))
    return found
