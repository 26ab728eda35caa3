"""What the embedded engine trains and calibrates on, per language.

- Our own files (`nlu/data/nlu/<lang>/`), split per fine label into a training part and a
  validation part (`HOLDOUT`): the probe model is fitted on the first and calibrated on the
  second, then the engine's model is fitted on both.
- English adds CLINC150 (`nlu.clinc`): its `train` split to the training part, its `val` split
  to the validation part. Its `test` split is never trained on: it is the benchmark's.
- `nlu/data/test/` is never read here.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from nlu import clinc
from nlu.training_data import Example, load_examples, nlu_files

__all__ = ["HOLDOUT", "Corpus", "build_corpus", "inputs_digest", "split_examples"]

HOLDOUT = 0.2


@dataclass(frozen=True)
class Corpus:
    train: list[Example]
    held: list[Example]

    @property
    def everything(self) -> list[Example]:
        return [*self.train, *self.held]


def _fine(example: Example) -> str:
    return f"{example.intent}/{example.group}"


def split_examples(
    examples: Sequence[Example], *, holdout: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """A per-label (stratified) split, so every intent and group is in both parts."""
    rng = random.Random(seed)
    by_label: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_label[_fine(example)].append(example)
    train: list[Example] = []
    held: list[Example] = []
    for label in sorted(by_label):
        group = list(by_label[label])
        rng.shuffle(group)
        cut = max(1, round(len(group) * holdout)) if len(group) > 1 else 0
        held.extend(group[:cut])
        train.extend(group[cut:])
    return train, held


def build_corpus(
    lang: str, path: Path, *, seed: int = 0, clinc_dir: Path | None = clinc.CLINC_DIR
) -> Corpus:
    own_train, own_held = split_examples(load_examples(path), holdout=HOLDOUT, seed=seed)
    if lang != "en" or clinc_dir is None or not clinc.available(clinc_dir):
        return Corpus(own_train, own_held)
    return Corpus(
        [*own_train, *clinc.examples("train", clinc_dir).examples],
        [*own_held, *clinc.examples("val", clinc_dir).examples],
    )


def inputs_digest(
    train_files: Mapping[str, Path], lookups_dir: Path, *, extra: Sequence[str] = ()
) -> str:
    """A content hash of everything a model is trained from: same inputs, same model."""
    digest = hashlib.sha256()
    paths = [f for path in train_files.values() for f in nlu_files(path)]
    paths += sorted(lookups_dir.glob("*.yml"))
    if clinc.available():
        paths.append(clinc.CLINC_DIR / clinc.SOURCE)
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()[:24]
