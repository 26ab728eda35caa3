"""What the embedded engine trains and calibrates on, per language.

- Our own files (`nlu/data/nlu/<lang>/`), split per fine label into a training part and a
  validation part (`HOLDOUT`): the probe model is fitted on the first and calibrated on the
  second, then the engine's model is fitted on both.
- English adds CLINC150 (`nlu.clinc`): its `train` split to the training part, its `val` split
  to the validation part. Its `test` split is never trained on: it is the benchmark's.
- Out of scope, whole groups (`GROUP_HOLDOUT` of them: alarms, music, CLINC's banking...)
  are kept from the probe model and calibrated on: a real customer's foreign request is
  often of a kind no example covers, and a threshold calibrated only on kinds the probe has
  seen refuses too little (measured in the README of `nlu/`).
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
from nlu.parse import OUT_OF_SCOPE
from nlu.training_data import Example, load_examples, nlu_files

__all__ = [
    "GROUP_HOLDOUT",
    "HOLDOUT",
    "Corpus",
    "build_corpus",
    "hold_out_groups",
    "inputs_digest",
    "split_examples",
]

HOLDOUT = 0.2
GROUP_HOLDOUT = 0.2


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


def hold_out_groups(corpus: Corpus, *, share: float, seed: int) -> Corpus:
    """Moves every training example of `share` of the out-of-scope groups to the held part."""
    groups = sorted({ex.group for ex in corpus.everything if ex.intent == OUT_OF_SCOPE})
    random.Random(seed).shuffle(groups)
    held = set(groups[: round(len(groups) * share)])

    def unseen(example: Example) -> bool:
        return example.intent == OUT_OF_SCOPE and example.group in held

    return Corpus(
        [ex for ex in corpus.train if not unseen(ex)],
        [*corpus.held, *(ex for ex in corpus.train if unseen(ex))],
    )


def build_corpus(
    lang: str, path: Path, *, seed: int = 0, clinc_dir: Path | None = clinc.CLINC_DIR
) -> Corpus:
    own_train, own_held = split_examples(load_examples(path), holdout=HOLDOUT, seed=seed)
    corpus = Corpus(own_train, own_held)
    if lang == "en" and clinc_dir is not None and clinc.available(clinc_dir):
        corpus = Corpus(
            [*own_train, *clinc.examples("train", clinc_dir).examples],
            [*own_held, *clinc.examples("val", clinc_dir).examples],
        )
    return hold_out_groups(corpus, share=GROUP_HOLDOUT, seed=seed)


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
