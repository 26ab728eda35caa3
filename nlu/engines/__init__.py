"""NLU engines behind `nlu.parse.NLUEngine`: `spacy` (embedded) and `rasa` (HTTP client)."""

from __future__ import annotations

from assistant.config import RASA_THRESHOLD, Settings
from nlu.parse import NLUEngine


def build_engine(settings: Settings) -> NLUEngine:
    """The engine the settings name (`NLU_ENGINE`), ready to parse."""
    if settings.nlu_engine == "rasa":
        from nlu.engines.rasa_client import RasaEngine

        threshold = RASA_THRESHOLD if settings.nlu_threshold is None else settings.nlu_threshold
        return RasaEngine(
            base_url=settings.rasa_url, timeout=settings.rasa_timeout_seconds, threshold=threshold
        )
    from nlu.engines.spacy_engine import SpacyEngine

    return SpacyEngine.load_or_train(settings.nlu_model_dir, threshold=settings.nlu_threshold)
