"""The `rasa` NLU engine: a client of a Rasa Open Source server's `POST /model/parse`.

The server runs in its own Python 3.10 environment (`make rasa`); this side only speaks
HTTP, so the app never imports Rasa. Rasa's answer is mapped to our `Parse`: an intent
below `threshold` (the settings' one threshold policy) or Rasa's own `nlu_fallback` is our
`out_of_scope`, so the dialogue answers it honestly instead of guessing. The language is
chosen as the embedded engine chooses it: `nlu.langdetect`, where the caller's hint breaks
ties only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from assistant.config import RASA_THRESHOLD
from assistant.errors import AppError
from nlu import values
from nlu.langdetect import LanguageDetector
from nlu.parse import LANGS, OUT_OF_SCOPE, Parse, ParsedEntity

__all__ = [
    "RASA_FALLBACK_INTENT",
    "NLUUnavailable",
    "RasaEngine",
    "default_language_detector",
    "parse_from_rasa",
]

RASA_FALLBACK_INTENT = "nlu_fallback"
DEFAULT_LANG = "fr"
TRAINING_DIR = Path(__file__).resolve().parents[1] / "data" / "nlu"
# DIET returns the text it tagged (or a synonym: store codes, product names). Our contract
# wants values: the same parsers as the embedded engine turn "deux" into 2 and "samedi"
# into an ISO date, so the dialogue sees one shape whichever engine parsed.
# Relative dates ("samedi") resolve on the customer's wall clock at the turn's `now`.
_VALUE_PARSERS: dict[str, Callable[[str, datetime], Any]] = {
    "quantity": lambda text, _now: values.parse_number(text),
    "people_count": lambda text, _now: values.parse_number(text),
    "unit": lambda text, _now: values.normalise_unit(text),
    "event_type": lambda text, _now: values.normalise_event_type(text),
    "date": values.parse_date,
    "time": lambda text, _now: values.parse_time(text),
    "duration": lambda text, _now: values.parse_duration(text),
}


class NLUUnavailable(AppError):
    """The NLU server cannot answer (down, timing out, no model loaded, garbled reply)."""

    status_code = 503
    code = "nlu_unavailable"


def _intent_name(name: str) -> str:
    return OUT_OF_SCOPE if name == RASA_FALLBACK_INTENT else name


def _entity(text: str, raw: Mapping[str, Any], local_now: datetime) -> ParsedEntity:
    start, end = int(raw["start"]), int(raw["end"])
    value = raw.get("value", text[start:end])
    parser = _VALUE_PARSERS.get(str(raw["entity"]))
    if parser is not None and isinstance(value, str):
        parsed = parser(value, local_now)
        # Unparseable text stays as said: the action's validation asks again.
        value = value if parsed is None else parsed
    confidence = raw.get("confidence_entity")
    return ParsedEntity(
        entity=str(raw["entity"]),
        value=value,
        text=text[start:end],
        start=start,
        end=end,
        confidence=float(confidence) if confidence is not None else 1.0,
        extractor=str(raw.get("extractor") or ""),
    )


def parse_from_rasa(
    payload: Mapping[str, Any], *, text: str, lang: str, now: datetime, tz: str
) -> Parse:
    """Our `Parse` from the JSON of Rasa's `/model/parse`; relative values resolved at `now`
    in the customer's zone `tz`."""
    local_now = values.local_now(now, tz)
    intent = payload.get("intent") or {}
    name = intent.get("name")
    if not name:
        # Rasa answers `{"intent": {"name": null}}` when a model has no NLU part.
        raise NLUUnavailable(
            "The Rasa model returned no intent: was it trained with NLU data?",
            details={"payload": dict(payload)},
        )
    ranking: list[tuple[str, float]] = []
    seen: set[str] = set()
    for entry in payload.get("intent_ranking") or ():
        # nlu_fallback and a trained out_of_scope intent both become out_of_scope: keep the first.
        ranked = _intent_name(str(entry["name"]))
        if ranked not in seen:
            seen.add(ranked)
            ranking.append((ranked, float(entry["confidence"])))
    return Parse(
        text=text,
        intent=_intent_name(str(name)),
        confidence=float(intent.get("confidence") or 0.0),
        lang=lang,
        entities=tuple(_entity(text, raw, local_now) for raw in payload.get("entities") or ()),
        ranking=tuple(ranking),
    )


def default_language_detector() -> LanguageDetector:
    """`nlu.langdetect`'s detector trained on our NLU files, as the embedded engine's is."""
    return LanguageDetector.train_from_files({lang: TRAINING_DIR / lang for lang in LANGS})


class RasaEngine:
    """`NLUEngine` over HTTP. One pooled client; safe to share between worker threads."""

    name = "rasa"

    def __init__(
        self,
        *,
        base_url: str,
        timeout: float,
        threshold: float = RASA_THRESHOLD,
        detector: LanguageDetector | None = None,
    ) -> None:
        """`detector` tells the language (by default `nlu.langdetect`'s, trained on first use)."""
        self.base_url = base_url.rstrip("/")
        self.threshold = threshold
        self._client = httpx.Client(base_url=self.base_url, timeout=httpx.Timeout(timeout))
        self._detector_instance = detector
        self._detect_lock = threading.Lock()

    def _detector(self) -> LanguageDetector:
        with self._detect_lock:
            if self._detector_instance is None:
                self._detector_instance = default_language_detector()
        return self._detector_instance

    def _lang(self, text: str, hint: str | None) -> str:
        detected = self._detector().detect(text, hint=hint if hint in LANGS else None).lang
        return detected if detected in LANGS else DEFAULT_LANG

    def _post_json(self, path: str, body: Mapping[str, Any]) -> Any:
        try:
            response = self._client.post(path, json=dict(body))
        except httpx.TimeoutException as exc:
            raise NLUUnavailable(
                f"The Rasa server at {self.base_url} did not answer in time.",
                details={"url": self.base_url, "reason": type(exc).__name__},
            ) from exc
        except httpx.TransportError as exc:
            raise NLUUnavailable(
                f"The Rasa server at {self.base_url} is unreachable: is `make rasa` running?",
                details={"url": self.base_url, "reason": type(exc).__name__},
            ) from exc
        if response.status_code != httpx.codes.OK:
            # 409 is Rasa's "no model loaded"; any other status is as unusable for a parse.
            raise NLUUnavailable(
                f"The Rasa server answered {response.status_code} to {path}.",
                details={"url": self.base_url, "status": response.status_code},
            )
        try:
            return response.json()
        except ValueError as exc:
            raise NLUUnavailable(
                f"The Rasa server sent a reply that is not JSON to {path}.",
                details={"url": self.base_url},
            ) from exc

    def parse(self, text: str, lang: str | None = None, *, now: datetime, tz: str) -> Parse:
        payload = self._post_json("/model/parse", {"text": text})
        if not isinstance(payload, Mapping):
            raise NLUUnavailable(
                "The Rasa parse is not a JSON object.", details={"url": self.base_url}
            )
        try:
            parse = parse_from_rasa(payload, text=text, lang=self._lang(text, lang), now=now, tz=tz)
        except (KeyError, TypeError, ValueError) as exc:
            raise NLUUnavailable(
                f"The Rasa parse has an unexpected shape: {exc!r}.", details={"url": self.base_url}
            ) from exc
        if parse.intent != OUT_OF_SCOPE and parse.confidence < self.threshold:
            return replace(parse, intent=OUT_OF_SCOPE)
        return parse

    def is_ready(self) -> bool:
        """True when the server answers `GET /status` with a loaded model."""
        try:
            response = self._client.get("/status")
        except httpx.HTTPError:
            return False
        if response.status_code != httpx.codes.OK:
            return False
        try:
            status = response.json()
        except ValueError:
            return False
        return bool(isinstance(status, Mapping) and status.get("model_file"))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RasaEngine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
