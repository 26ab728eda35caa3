"""Fakes implementing the real interfaces: an NLU engine and a dialogue with the signature of
`assistant.dialogue.service.handle_message`, which keeps its state in the `conversations`
table (so a conversation survives a reconnect) and answers from the household's data."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.dialogue.models import Conversation
from assistant.dialogue.types import Button, Reply, Turn
from assistant.loyalty.models import LoyaltyEntry
from nlu.parse import OUT_OF_SCOPE, NLUEngine, Parse, ParsedEntity

ENGLISH_WORDS = {"hello", "hi", "how", "many", "book", "want", "to", "my", "saturday"}
KEYWORDS = {
    "bonjour": "greet",
    "hello": "greet",
    "points": "loyalty_balance",
    "réserver": "outing_book",
    "book": "outing_book",
}
BOOKING_SLOTS = ("date", "people_count")
QUESTIONS = {
    "date": {"fr": "Pour quel jour ?", "en": "For which day?"},
    "people_count": {"fr": "Pour combien de personnes ?", "en": "For how many people?"},
}


EVENT_TYPES = {"cirque": "circus", "circus": "circus", "cinéma": "cinema", "cinema": "cinema"}


class FakeNLU:
    name = "fake"

    def parse(
        self, text: str, lang: str | None = None, *, now: dt.datetime, tz: str = "Europe/Paris"
    ) -> Parse:
        lowered = text.lower()
        words = set(lowered.replace("?", " ").split())
        detected = lang or ("en" if words & ENGLISH_WORDS else "fr")
        intent = next((name for word, name in KEYWORDS.items() if word in words), OUT_OF_SCOPE)
        entities = tuple(
            ParsedEntity(
                entity="event_type",
                value=value,
                text=word,
                start=lowered.index(word),
                end=lowered.index(word) + len(word),
                extractor="fake",
            )
            for word, value in EVENT_TYPES.items()
            if word in words
        )
        confidence = 0.9 if intent != OUT_OF_SCOPE or entities else 0.2
        return Parse(
            text=text, intent=intent, confidence=confidence, lang=detected, entities=entities
        )


class FakeDialogue:
    """A booking form (date, then people_count), a greeting, the loyalty balance, a fallback."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def __call__(
        self,
        *,
        session: Session,
        nlu: NLUEngine,
        sender_id: str,
        text: str,
        channel: str,
        household: Household | None,
        lang: str | None = None,
        now: dt.datetime,
    ) -> Turn:
        with self._lock:
            self.calls.append({"sender_id": sender_id, "channel": channel, "text": text})
        conversation = session.exec(
            select(Conversation).where(Conversation.sender_id == sender_id)
        ).first()
        if conversation is None:
            conversation = Conversation(
                sender_id=sender_id,
                channel=channel,
                household_id=household.id if household else None,
            )
        state = dict(conversation.state)
        if text.startswith("/"):
            parse = Parse(text=text, intent=text[1:].split("{")[0], confidence=1.0, lang="fr")
        else:
            parse = nlu.parse(text, lang, now=now, tz="Europe/Paris")
        turn_lang = (
            lang or (parse.lang if not text.startswith("/") else None) or state.get("lang", "fr")
        )
        state["lang"] = turn_lang
        replies = self._answer(session, household, parse, text, state, turn_lang)
        conversation.state = state
        conversation.lang = turn_lang
        session.add(conversation)
        session.flush()
        return Turn(
            sender_id=sender_id,
            lang=turn_lang,
            parse=parse,
            replies=replies,
            active_form=state.get("active_form"),
            requested_slot=state.get("requested_slot"),
        )

    def _answer(
        self,
        session: Session,
        household: Household | None,
        parse: Parse,
        text: str,
        state: dict[str, Any],
        lang: str,
    ) -> list[Reply]:
        def say(fr: str, en: str, buttons: tuple[Button, ...] = ()) -> list[Reply]:
            return [Reply(text=fr if lang == "fr" else en, buttons=buttons)]

        if state.get("active_form") == "booking_form" and parse.intent != "outing_book":
            slot = state["requested_slot"]
            state.setdefault("slots", {})[slot] = text
            remaining = [s for s in BOOKING_SLOTS if s not in state["slots"]]
            if remaining:
                state["requested_slot"] = remaining[0]
                return [Reply(text=QUESTIONS[remaining[0]][lang])]
            filled = state.pop("slots")
            state["active_form"] = state["requested_slot"] = None
            return say(
                f"Réservé : {filled['date']}, {filled['people_count']} personnes.",
                f"Booked: {filled['date']}, {filled['people_count']} people.",
            )
        if parse.intent == "outing_book":
            state.update(active_form="booking_form", requested_slot="date", slots={})
            days = (Button("samedi", "/inform"), Button("dimanche", "/inform"))
            return [Reply(text=QUESTIONS["date"][lang], buttons=days)]
        name = household.name if household else "?"
        if parse.intent == "greet":
            return say(f"Bonjour {name} !", f"Hello {name}!")
        if parse.intent == "loyalty_balance" and household is not None:
            points = session.exec(
                select(sa.func.coalesce(sa.func.sum(LoyaltyEntry.points), 0)).where(
                    LoyaltyEntry.household_id == household.id
                )
            ).one()
            return say(f"Vous avez {points} points.", f"You have {points} points.")
        if parse.intent == "goodbye":
            return say("Au revoir !", "Goodbye!")
        return say(
            "Je ne peux pas vous aider pour cela. Je sais : vos points, réserver une sortie.",
            "I can't help with that. I can: your points, book an outing.",
        )


class SlowDialogue:
    """Blocks until released, as a dialogue stuck on a slow engine would."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.finished = threading.Event()

    def __call__(self, **_kwargs: Any) -> Turn:
        try:
            self.release.wait(timeout=30)
            raise RuntimeError("released after the deadline")
        finally:
            self.finished.set()


class BrokenDialogue(FakeDialogue):
    def __call__(self, **kwargs: Any) -> Turn:
        if kwargs["text"] == "boom":
            raise RuntimeError("the dialogue failed")
        return super().__call__(**kwargs)


def add_points(session: Session, household: Household, points: int) -> None:
    assert household.id is not None
    session.add(
        LoyaltyEntry(
            household_id=household.id,
            points=points,
            kind="earn",
            reason="test",
            idempotency_key=f"test-{household.id}-{points}-{id(session)}",
        )
    )
    session.flush()
