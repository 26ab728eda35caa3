"""One trained spaCy engine per test session, shared by every NLU test module."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from nlu.engines.spacy_engine import DATA_DIR, SpacyEngine, default_train_files


@lru_cache(maxsize=1)
def trained_model_dir() -> Path:
    """A model dir (with `spacy/` inside) trained once per process from nlu/data."""
    root = Path(tempfile.mkdtemp(prefix="nlu-model-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    engine = SpacyEngine.train(default_train_files(), DATA_DIR / "lookups", seed=0)
    engine.save(root / "spacy")
    return root


@lru_cache(maxsize=1)
def trained_engine() -> SpacyEngine:
    return SpacyEngine.load(trained_model_dir() / "spacy")
