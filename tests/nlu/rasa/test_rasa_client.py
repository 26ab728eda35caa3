"""The Rasa client against a fake Rasa server: a real HTTP server answering recorded JSON."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from assistant.config import RASA_THRESHOLD, Settings
from nlu.engines import build_engine
from nlu.engines.rasa_client import NLUUnavailable, RasaEngine, default_language_detector
from nlu.langdetect import LanguageDetector
from nlu.parse import OUT_OF_SCOPE
from tests.clock import NOW, TODAY, on_weekday


# Recorded from `rasa run --enable-api` serving the model `make rasa-train` builds
# (rankings cut to a few entries, `text_tokens` dropped).
def _diet(entity: str, start: int, end: int, value: str, confidence: float) -> dict[str, Any]:
    return {
        "entity": entity,
        "start": start,
        "end": end,
        "confidence_entity": confidence,
        "value": value,
        "extractor": "DIETClassifier",
        "processors": ["EntitySynonymMapper"],
    }


LOYALTY: dict[str, Any] = {
    "text": "combien j'ai de points ?",
    "intent": {"name": "loyalty_balance", "confidence": 0.9989258646965027},
    "entities": [],
    "intent_ranking": [
        {"name": "loyalty_balance", "confidence": 0.9989258646965027},
        {"name": "outing_book", "confidence": 0.00013560356455855072},
        {"name": "traffic", "confidence": 0.0001221509592141956},
    ],
}
ADD: dict[str, Any] = {
    "text": "ajoute 2 litres de lait à ma liste",
    "intent": {"name": "shopping_list_add", "confidence": 0.9939054846763611},
    "entities": [
        _diet("quantity", 7, 8, "2", 0.9988680481910706),
        _diet("unit", 9, 15, "litres", 0.9984533190727234),
        _diet("product", 19, 23, "lait", 0.9979048371315002),
    ],
    "intent_ranking": [
        {"name": "shopping_list_add", "confidence": 0.9939054846763611},
        {"name": "shopping_list_show", "confidence": 0.00188296043779701},
    ],
}
BOOK: dict[str, Any] = {
    "text": "réserve le cirque samedi pour trois personnes à Montparnasse",
    "intent": {"name": "outing_book", "confidence": 0.9964511394500732},
    "entities": [
        _diet("event_type", 11, 17, "cirque", 0.9988651871681213),
        _diet("date", 18, 24, "samedi", 0.9995877146720886),
        _diet("people_count", 30, 35, "trois", 0.8794794678688049),
        _diet("store", 48, 60, "PAR-MONTPARNASSE", 0.9993051290512085),
    ],
    "intent_ranking": [
        {"name": "outing_book", "confidence": 0.9964511394500732},
        {"name": "out_of_scope", "confidence": 0.001122374553233385},
    ],
}
OK: dict[str, Any] = {
    "text": "ok",
    "intent": {"name": "affirm", "confidence": 0.97},
    "entities": [],
    "intent_ranking": [{"name": "affirm", "confidence": 0.97}],
}
# DIET unsure of an intent it knows, without a FallbackClassifier in the pipeline.
UNSURE: dict[str, Any] = {
    "text": "mets de la musique",
    "intent": {"name": "store_info", "confidence": 0.31},
    "entities": [],
    "intent_ranking": [
        {"name": "store_info", "confidence": 0.31},
        {"name": "out_of_scope", "confidence": 0.29},
    ],
}
FALLBACK: dict[str, Any] = {
    "text": "éteins la télé",
    "intent": {"name": "nlu_fallback", "confidence": 0.5},
    "entities": [],
    "intent_ranking": [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "product_availability", "confidence": 0.2718418538570404},
        {"name": "thanks", "confidence": 0.10505306720733643},
        {"name": "out_of_scope", "confidence": 0.05401153489947319},
    ],
}
NO_NLU: dict[str, Any] = {
    "text": "bonjour",
    "intent": {"name": None, "confidence": 0.0},
    "entities": [],
}
RECORDED: dict[str, dict[str, Any]] = {
    payload["text"]: payload for payload in (LOYALTY, ADD, BOOK, FALLBACK, UNSURE, OK, NO_NLU)
}
SLOW = "réponds lentement"
NO_MODEL = "pas de modèle"


class FakeRasa(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        # The client may have given up first: that is what the timeout test wants.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        type(self).received.append({"path": self.path, "body": body})
        text = body["text"]
        if self.path != "/model/parse":
            self._reply(404, {"message": "not found"})
        elif text == SLOW:
            time.sleep(1.0)
            self._reply(200, LOYALTY)
        elif text == NO_MODEL:
            # Rasa's answer when the server runs without a model.
            self._reply(409, {"status": "failure", "reason": "NoModelLoaded", "code": 409})
        else:
            self._reply(200, RECORDED[text])

    def do_GET(self) -> None:
        self._reply(200, {"model_file": "carchan.tar.gz", "model_id": "abc"})


@pytest.fixture(scope="module")
def fake_rasa() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def engine(fake_rasa: str) -> Iterator[RasaEngine]:
    FakeRasa.received.clear()
    with RasaEngine(base_url=fake_rasa, timeout=0.3) as rasa:
        yield rasa


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_intent_confidence_and_ranking_come_from_rasa(engine: RasaEngine) -> None:
    parse = engine.parse("combien j'ai de points ?", lang="fr", now=NOW, tz="Europe/Paris")

    assert (parse.intent, parse.lang) == ("loyalty_balance", "fr")
    assert parse.confidence == pytest.approx(0.99893, abs=1e-5)
    assert [name for name, _ in parse.ranking] == ["loyalty_balance", "outing_book", "traffic"]
    assert parse.entities == ()
    assert FakeRasa.received == [
        {"path": "/model/parse", "body": {"text": "combien j'ai de points ?"}}
    ]


def test_entities_keep_offsets_and_get_normalised_values(engine: RasaEngine) -> None:
    parse = engine.parse(
        "ajoute 2 litres de lait à ma liste", lang="fr", now=NOW, tz="Europe/Paris"
    )

    assert [(e.entity, e.value, e.text, e.start, e.end) for e in parse.entities] == [
        ("quantity", 2, "2", 7, 8),
        ("unit", "l", "litres", 9, 15),
        ("product", "lait", "lait", 19, 23),
    ]
    assert parse.first("product") == "lait"
    assert {e.extractor for e in parse.entities} == {"DIETClassifier"}
    assert parse.to_rasa()["entities"][0]["confidence_entity"] == pytest.approx(0.99887, abs=1e-5)


def test_words_become_values_and_synonyms_are_kept(engine: RasaEngine) -> None:
    parse = engine.parse(
        "réserve le cirque samedi pour trois personnes à Montparnasse",
        lang="fr",
        now=NOW,
        tz="Europe/Paris",
    )

    assert parse.first("event_type") == "circus"
    assert parse.first("people_count") == 3
    # "samedi" is the coming Saturday of the customer's calendar at the turn's instant.
    assert parse.first("date") == on_weekday(TODAY, 5).isoformat()
    # EntitySynonymMapper already turned the store's name into its code.
    assert parse.first("store") == "PAR-MONTPARNASSE"


def test_nlu_fallback_is_out_of_scope_once_in_the_ranking(engine: RasaEngine) -> None:
    parse = engine.parse("éteins la télé", now=NOW, tz="Europe/Paris")

    assert (parse.intent, parse.confidence) == (OUT_OF_SCOPE, 0.5)
    # The trained out_of_scope further down is the same intent: listed once, at its best.
    assert [name for name, _ in parse.ranking] == [OUT_OF_SCOPE, "product_availability", "thanks"]


@pytest.mark.parametrize(("threshold", "intent"), [(0.5, OUT_OF_SCOPE), (0.3, "store_info")])
def test_an_intent_below_the_threshold_is_out_of_scope(
    fake_rasa: str, threshold: float, intent: str
) -> None:
    with RasaEngine(base_url=fake_rasa, timeout=2.0, threshold=threshold) as rasa:
        parse = rasa.parse("mets de la musique", now=NOW, tz="Europe/Paris")

    assert (parse.intent, parse.confidence) == (intent, 0.31)


@pytest.mark.parametrize(("configured", "expected"), [(None, RASA_THRESHOLD), (0.25, 0.25)])
def test_the_settings_threshold_applies_to_rasa(
    fake_rasa: str, configured: float | None, expected: float
) -> None:
    settings = Settings(nlu_engine="rasa", rasa_url=fake_rasa, nlu_threshold=configured)

    built = build_engine(settings)

    assert isinstance(built, RasaEngine) and built.threshold == expected


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector.train(
        {
            "fr": ["combien j'ai de points", "ajoute du lait", "ok merci", "oui", "ok"],
            "en": ["how many points do I have", "add milk", "ok thanks", "yes", "ok"],
        }
    )


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        # A text that says its language is answered in it, whatever the customer's language.
        ("combien j'ai de points ?", "en", "fr"),
        ("combien j'ai de points ?", None, "fr"),
        ("combien j'ai de points ?", "de", "fr"),
        # "ok" is both: the hint (the conversation's language) decides.
        ("ok", "en", "en"),
        ("ok", "fr", "fr"),
    ],
)
def test_the_language_is_chosen_as_the_embedded_engine_chooses_it(
    fake_rasa: str, detector: LanguageDetector, text: str, hint: str | None, expected: str
) -> None:
    with RasaEngine(base_url=fake_rasa, timeout=2.0, detector=detector) as rasa:
        assert rasa.parse(text, lang=hint, now=NOW, tz="Europe/Paris").lang == expected


def test_the_default_detector_tells_english_from_french() -> None:
    detect = default_language_detector()

    assert detect.detect("how many loyalty points do I have?").lang == "en"
    assert detect.detect("combien de points fidélité me reste-t-il ?").lang == "fr"


def test_a_model_without_nlu_is_unavailable(engine: RasaEngine) -> None:
    with pytest.raises(NLUUnavailable) as caught:
        engine.parse("bonjour", now=NOW, tz="Europe/Paris")
    assert caught.value.code == "nlu_unavailable"


def test_a_server_without_a_model_is_unavailable(engine: RasaEngine) -> None:
    with pytest.raises(NLUUnavailable) as caught:
        engine.parse(NO_MODEL, now=NOW, tz="Europe/Paris")
    assert caught.value.details["status"] == 409
    assert caught.value.status_code == 503


def test_a_slow_server_times_out_as_unavailable(engine: RasaEngine) -> None:
    with pytest.raises(NLUUnavailable, match="in time"):
        engine.parse(SLOW, now=NOW, tz="Europe/Paris")


def test_a_server_that_is_down_is_unavailable() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with RasaEngine(base_url=url, timeout=2.0) as rasa:
        with pytest.raises(NLUUnavailable, match="unreachable") as caught:
            rasa.parse("combien j'ai de points ?", now=NOW, tz="Europe/Paris")
        assert not rasa.is_ready()
    assert caught.value.code == "nlu_unavailable"
    assert caught.value.details["url"] == url


def test_status_reports_a_loaded_model(engine: RasaEngine) -> None:
    assert engine.is_ready()


def test_settings_select_the_rasa_engine(fake_rasa: str) -> None:
    settings = Settings(nlu_engine="rasa", rasa_url=fake_rasa, rasa_timeout_seconds=2.0)

    built = build_engine(settings)

    assert isinstance(built, RasaEngine)
    assert built.name == "rasa"
    assert (
        built.parse("combien j'ai de points ?", now=NOW, tz="Europe/Paris").intent
        == "loyalty_balance"
    )
