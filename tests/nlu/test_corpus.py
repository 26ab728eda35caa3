"""What the embedded engine trains and calibrates on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from nlu.corpus import Corpus, build_corpus, hold_out_groups, split_examples
from nlu.training_data import Example

INTENTS = ("greet", "weather")
GROUPS = tuple(f"group{i}" for i in range(10))


def _examples() -> list[Example]:
    inside = [Example(text=f"{intent} {i}", intent=intent) for intent in INTENTS for i in range(10)]
    foreign = [
        Example(text=f"{group} {i}", intent="out_of_scope", group=group)
        for group in GROUPS
        for i in range(5)
    ]
    return [*inside, *foreign]


def test_split_keeps_every_label_on_both_sides() -> None:
    train, held = split_examples(_examples(), holdout=0.2, seed=0)
    assert len(train) + len(held) == len(_examples())
    assert Counter(ex.intent for ex in held)["greet"] == 2
    assert {ex.group for ex in held if ex.group} == set(GROUPS)
    assert {ex.group for ex in train if ex.group} == set(GROUPS)


def test_held_out_groups_are_unseen_by_the_probe_and_nothing_is_lost() -> None:
    corpus = Corpus(*split_examples(_examples(), holdout=0.2, seed=0))
    moved = hold_out_groups(corpus, share=0.2, seed=0)
    unseen = {ex.group for ex in moved.held if ex.group} - {ex.group for ex in moved.train}
    assert len(unseen) == 2
    assert all(ex.intent == "out_of_scope" for ex in moved.held if ex.group in unseen)
    assert sorted(ex.text for ex in moved.everything) == sorted(ex.text for ex in _examples())
    # In-scope intents are never held out whole.
    assert {ex.intent for ex in moved.train} == {*INTENTS, "out_of_scope"}


def test_the_same_seed_holds_out_the_same_groups() -> None:
    corpus = Corpus(*split_examples(_examples(), holdout=0.2, seed=0))
    first = hold_out_groups(corpus, share=0.3, seed=1)
    assert first == hold_out_groups(corpus, share=0.3, seed=1)


def test_build_corpus_without_clinc_reads_only_our_files(tmp_path: Path) -> None:
    path = tmp_path / "fr.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - bonjour\n    - salut\n'
        "- intent: out_of_scope\n  metadata:\n    group: musique\n  examples: |\n"
        "    - mets de la musique\n    - monte le son\n",
        encoding="utf-8",
    )
    corpus = build_corpus("fr", path, clinc_dir=None)
    assert sorted(ex.text for ex in corpus.everything) == [
        "bonjour", "mets de la musique", "monte le son", "salut",
    ]  # fmt: skip
