"""End to end through a real Rasa server: REST channel -> Rasa -> our action server -> database.

Slow (builds `.venv-rasa` and trains unless cached): marked `rasa`, run in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlalchemy import create_engine
from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.dialogue.models import Conversation
from tests.nlu.rasa.stack import (
    ROOT,
    RasaStack,
    ensure_rasa_model,
    run_app_command,
    start_rasa_stack,
)

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

SENDER_FR = "e2e-zerty"
SENDER_EN = "e2e-zerty-en"
SENDER_STRANGER = "e2e-stranger"


def out_of_scope_texts() -> dict[str, str]:
    """utter_out_of_scope per language, as the domain defines it."""
    domain = yaml.safe_load((ROOT / "nlu" / "domain.yml").read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    for variation in domain["responses"]["utter_out_of_scope"]:
        conditions = variation.get("condition") or []
        lang = next((c["value"] for c in conditions if c["name"] == "lang"), "fr")
        texts[lang] = variation["text"]
    return texts


def seed_database(directory: Path) -> str:
    """A migrated, seeded SQLite database whose conversations belong to the Zerty household."""
    url = f"sqlite:///{directory / 'e2e.db'}"
    run_app_command(["-m", "assistant.cli", "demo", "seed", "--households", "0"], url)
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            zerty = session.exec(select(Household).where(Household.slug == "zerty")).one()
            for sender, lang in ((SENDER_FR, "fr"), (SENDER_EN, "en")):
                session.add(
                    Conversation(sender_id=sender, household_id=zerty.id, channel="rest", lang=lang)
                )
            session.commit()
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaStack]:
    model_dir = ensure_rasa_model()
    work = tmp_path_factory.mktemp("rasa-e2e")
    database_url = seed_database(work)
    with start_rasa_stack(model_dir=model_dir, database_url=database_url, work_dir=work) as stack:
        yield stack


def say(stack: RasaStack, sender: str, message: str) -> list[dict[str, Any]]:
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=60,
    )
    response.raise_for_status()
    replies: list[dict[str, Any]] = response.json()
    return replies


def set_language(stack: RasaStack, sender: str, lang: str) -> None:
    """What a client that knows its customer's language does: set the `lang` slot."""
    response = httpx.post(
        f"{stack.rasa_url}/conversations/{sender}/tracker/events",
        json={"event": "slot", "name": "lang", "value": lang},
        timeout=30,
    )
    response.raise_for_status()


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def test_french_balance_is_read_from_the_database(rasa_stack: RasaStack) -> None:
    replies = say(rasa_stack, SENDER_FR, "combien j'ai de points ?")

    assert replies, rasa_stack.logs()
    assert {reply["recipient_id"] for reply in replies} == {SENDER_FR}
    # 48 points is the Zerty household's ledger: only our action reading the database knows it.
    assert "48 points" in texts(replies)
    assert "Vous avez" in texts(replies)


def test_english_balance_is_answered_in_english(rasa_stack: RasaStack) -> None:
    set_language(rasa_stack, SENDER_EN, "en")

    replies = say(rasa_stack, SENDER_EN, "how many loyalty points do I have?")

    assert "You have 48 points" in texts(replies), rasa_stack.logs()


def test_a_stranger_is_asked_to_sign_in_not_given_someone_elses_points(
    rasa_stack: RasaStack,
) -> None:
    replies = say(rasa_stack, SENDER_STRANGER, "combien j'ai de points ?")

    assert replies
    assert "48" not in texts(replies)


@pytest.mark.parametrize(
    "message",
    [
        "trouve-moi un appart à louer",  # held out; the trained out_of_scope intent
        "éteins la télé",  # below the FallbackClassifier threshold: nlu_fallback
    ],
)
def test_out_of_scope_gets_the_honest_answer(rasa_stack: RasaStack, message: str) -> None:
    replies = say(rasa_stack, SENDER_FR, message)

    assert texts(replies) == out_of_scope_texts()["fr"]
