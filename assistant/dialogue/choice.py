"""A typed answer to "which one?" ("the semi-skimmed one", "le bio", "plutôt en 6 x 1 L")
narrows the search that asked, instead of being taken for a new request."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlmodel import Session

from assistant.catalog.name_index import name_index, query_words
from nlu import values

__all__ = ["chosen_option", "narrowed_request"]

SLOT = "product_choice"
_PRICE = re.compile(r"\([^)]*\d[^)]*\)")
# Words of an answer that name no product.
FILLERS = frozenset(
    {"one", "ones", "celui", "celle", "ceux", "that", "this", "ce", "cette", "please", "stp",
     "plait", "plutot", "rather", "instead", "prend", "take", "i", "je", "want", "veux",
     "voudrai", "voudrais", "would", "like", "give", "me", "moi", "it", "le", "la", "lui",
     "ok", "oui", "yes", "non", "no", "just", "juste", "with", "avec", "sans", "of",
     "est", "is", "c", "s", "lequel", "laquelle", "which", "quel", "quelle", "pour",
     "for", "et", "and", "mettre", "met", "put", "add", "ajoute", "ajouter"}
)  # fmt: skip


def narrowed_request(session: Session, choice: Any, text: str) -> str | None:
    """The `/shopping_list_add{...}` request of the narrowed search ("lait demi-écrémé bio")
    when the answer adds words of product names and products still match them; None
    otherwise (the answer is another request)."""
    if not isinstance(choice, dict) or not choice.get("said"):
        return None
    said = str(choice["said"])
    index = name_index(session)
    known = set(query_words(said))
    # A button's title typed back carries its price: "Lait entier UHT Carchan 1 L (1,19 €)".
    answer = _PRICE.sub(" ", text)
    extra = [
        word
        for word in re.findall(r"[\w'-]+", answer)
        if any(w not in FILLERS and w not in known and index.knows(w) for w in query_words(word))
    ]
    if not extra:
        return None
    narrowed = f"{said} {' '.join(extra)}"
    if not index.search(narrowed):
        return None
    slots: dict[str, Any] = {"product": narrowed}
    if isinstance(choice.get("quantity"), int | float):
        slots["quantity"] = choice["quantity"]
    return "/shopping_list_add" + json.dumps(slots, ensure_ascii=False)


# An answer naming a rank is short: "la deuxième", "the second one please".
_RANK_ANSWER_WORDS = 5


def chosen_option(choice: Any, text: str) -> str | None:
    """The request of the button an answer names by its rank ("la deuxième", "the first
    one", "le dernier"), among those "which one?" showed; None otherwise. A bare number is
    no rank: "2" may be a quantity."""
    if not isinstance(choice, dict) or not isinstance(choice.get("options"), list):
        return None
    options = [str(option) for option in choice["options"]]
    words = re.findall(r"[\w'-]+", text)
    if not options or not words or len(words) > _RANK_ANSWER_WORDS:
        return None
    if values.parse_number(text) is not None:
        return None
    rank = values.ordinal(text)
    if rank is None or not -len(options) <= rank < len(options):
        return None
    return options[rank]
