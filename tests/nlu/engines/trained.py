"""One trained spaCy engine shared by every NLU test, in every test process.

Training takes about a minute of CPU; `make test` starts many pytest processes (the xdist
workers, then each date of `make test-dates`), so the model is trained once and kept under
`var/cache/nlu-tests/<key>/`, the key being the hash of the training inputs (data, lookups,
library versions) and of the engine's own source: any change to either trains a new one.
A file lock makes concurrent processes wait for the first one's training instead of
training too.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from assistant.config import PROJECT_ROOT
from nlu.engines.spacy_engine import DATA_DIR, SpacyEngine, default_train_files, training_digest

CACHE_ROOT = PROJECT_ROOT / "var" / "cache" / "nlu-tests"
SEED = 0


def _cache_key() -> str:
    sources = hashlib.sha256()
    for path in sorted((PROJECT_ROOT / "nlu").rglob("*.py")):
        sources.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
        sources.update(path.read_bytes())
    inputs = training_digest(default_train_files(), DATA_DIR / "lookups")
    return hashlib.sha256(f"{inputs}:{sources.hexdigest()}:seed={SEED}".encode()).hexdigest()[:24]


@lru_cache(maxsize=1)
def trained_model_dir() -> Path:
    """A model dir (with `spacy/` inside) trained from nlu/data, shared between processes."""
    root = CACHE_ROOT / _cache_key()
    if (root / "spacy" / "meta.json").exists():
        return root
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    with (CACHE_ROOT / f"{root.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "spacy" / "meta.json").exists():
            # Trained aside and renamed: a process killed mid-training leaves no half model.
            staging = Path(tempfile.mkdtemp(prefix=f"{root.name}-", dir=CACHE_ROOT))
            try:
                engine = SpacyEngine.train(default_train_files(), DATA_DIR / "lookups", seed=SEED)
                engine.save(staging / "spacy")
                os.replace(staging, root)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    return root


@lru_cache(maxsize=1)
def trained_engine() -> SpacyEngine:
    return SpacyEngine.load(trained_model_dir() / "spacy")
