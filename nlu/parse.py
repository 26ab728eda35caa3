"""The NLU contract: every engine turns a text into a `Parse`.

Intent and entity names are the contract of DESIGN.md: add freely, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

INTENTS: tuple[str, ...] = (
    "greet", "goodbye", "affirm", "deny", "thanks", "help", "out_of_scope",
    "weather", "traffic", "daily_briefing",
    "shopping_list_show", "shopping_list_add", "shopping_list_remove", "shopping_list_prefill",
    "order_place", "order_status",
    "recipe_suggest", "offers_show", "offer_clip", "outing_suggest", "outing_book",
    "loyalty_balance", "loyalty_rewards", "store_info", "product_availability", "receipt_show",
    "notifications_stop", "data_request",
    "booking_cancel", "order_cancel", "order_modify", "recipe_details",
)  # fmt: skip
ENTITIES: tuple[str, ...] = (
    "product", "quantity", "unit", "store", "date", "time", "duration",
    "people_count", "event_type", "dish", "ingredient",
)  # fmt: skip
OUT_OF_SCOPE = "out_of_scope"
LANGS: tuple[str, ...] = ("fr", "en")


@dataclass(frozen=True, slots=True)
class ParsedEntity:
    """An entity found in the text; `value` is normalised (a number, an ISO date, a store code)."""

    entity: str
    value: Any
    text: str
    start: int
    end: int
    confidence: float = 1.0
    extractor: str = ""

    def to_rasa(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "confidence_entity": self.confidence,
            "extractor": self.extractor,
        }


@dataclass(frozen=True, slots=True)
class Parse:
    text: str
    intent: str
    confidence: float
    lang: str
    entities: tuple[ParsedEntity, ...] = ()
    # Every intent with its confidence, best first (what a Rasa parse calls the ranking).
    ranking: tuple[tuple[str, float], ...] = field(default=())

    def entity_values(self, name: str) -> list[Any]:
        return [entity.value for entity in self.entities if entity.entity == name]

    def first(self, name: str) -> Any:
        values = self.entity_values(name)
        return values[0] if values else None

    def to_rasa(self) -> dict[str, Any]:
        """The JSON shape of Rasa's `/model/parse`, so both engines answer alike."""
        return {
            "text": self.text,
            "intent": {"name": self.intent, "confidence": self.confidence},
            "entities": [entity.to_rasa() for entity in self.entities],
            "intent_ranking": [
                {"name": name, "confidence": confidence} for name, confidence in self.ranking
            ],
            "metadata": {"lang": self.lang},
        }


class NLUEngine(Protocol):
    """What the dialogue needs from an engine; the embedded spaCy one and the Rasa client."""

    name: str

    def parse(self, text: str, lang: str | None = None, *, now: datetime, tz: str) -> Parse:
        """`lang` is a hint (the customer's language); engines detect it when None.

        `now` (aware) and the customer's time zone `tz` anchor relative values: "samedi à
        11h" is the coming Saturday of the customer's calendar, whatever the server's clock.
        """
        ...
