"""Rich replies: what an answer shows besides its text, on every channel.

Following Rasa's response conventions, a reply is `text` + `buttons` + `custom`; our `custom`
carries:
- `message` and `parts`: the catalogue ids and the typed values the text was rendered from
  (what clients and tests read instead of parsing sentences);
- `cards`: recipes, offers, outings, list lines, orders: a title, a few short lines, an
  optional price, link and buttons each; the app draws them as cards, a speaker says the text
  only (which counts them), the REST webhook passes them through;
- `voice`: the words for the ear when the catalogue has a voice variant (speakers and the
  radio say it instead of the text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.i18n import Money, Msg

CardKind = Literal["recipe", "offer", "outing", "list_line", "order", "reward", "receipt"]


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Card:
    kind: CardKind
    title: str
    lines: Sequence[str] = ()
    price: str | None = None
    link: Link | None = None
    # Rasa's buttons: {"title", "payload"}.
    buttons: Sequence[Mapping[str, str]] = ()
    ref: str | int | None = None  # the id of what the card shows (recipe id, offer id...)
    tags: Sequence[str] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        card: dict[str, Any] = {"kind": self.kind, "title": self.title, "lines": list(self.lines)}
        if self.price is not None:
            card["price"] = self.price
        if self.link is not None:
            card["link"] = {"title": self.link.title, "url": self.link.url}
        if self.buttons:
            card["buttons"] = [dict(button) for button in self.buttons]
        if self.ref is not None:
            card["ref"] = self.ref
        if self.tags:
            card["tags"] = list(self.tags)
        return card


def json_value(value: Any) -> Any:
    """A message's value as JSON: money in cents, instants in ISO 8601."""
    if isinstance(value, Money):
        return {"cents": value.cents}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): json_value(item) for key, item in value.items()}
    return value


def custom_payload(parts: Sequence[Msg], cards: Sequence[Card] = ()) -> dict[str, Any]:
    """`message`: the first (main) message; `parts`: every message of the reply, in order."""
    said = [{"id": part.id, "values": json_value(dict(part.values))} for part in parts]
    payload: dict[str, Any] = {"message": said[0], "parts": said}
    if cards:
        payload["cards"] = [card.as_json() for card in cards]
    return payload
