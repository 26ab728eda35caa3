"""The spaCy side of the embedded engine: the pipelines whose tokens the entity matchers
read, and the gazetteers (product, store, dish, ingredient) from the lookups and the
annotations.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from nlu.training_data import load_examples, load_nlu_items
from nlu.values import fold

__all__ = ["FR_DISABLED", "Gazetteer", "build_gazetteer", "make_pipeline"]

# entity -> lower-cased surface -> value
Gazetteer = dict[str, dict[str, str]]

_FR_UNUSED = ["parser", "ner", "senter"]
# Kept in the saved French pipeline (tokenizer and lemmatizer per the design) but not run
# when parsing: the classifier and the patterns only need tokens.
FR_DISABLED = ["tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"]


def make_pipeline(lang: str) -> Language:
    """French keeps fr_core_news_sm's tokenizer and lemmatizer; English starts blank."""
    if lang == "fr":
        return spacy.load("fr_core_news_sm", exclude=_FR_UNUSED, disable=FR_DISABLED)
    return spacy.blank(lang)


def _lookup_block(path: Path) -> tuple[list[str], dict[str, str]]:
    """Terms of the `lookup:` block and variant -> value of the `synonym:` blocks."""
    terms: list[str] = []
    synonyms: dict[str, str] = {}
    for item in load_nlu_items(path):
        lines = [
            line.strip()[2:].strip()
            for line in str(item.get("examples") or "").splitlines()
            if line.strip().startswith("- ")
        ]
        if "lookup" in item:
            terms.extend(lines)
        elif "synonym" in item:
            for line in lines:
                synonyms[line] = str(item["synonym"])
    return terms, synonyms


def build_gazetteer(lang: str, train_file: Path, lookups_dir: Path) -> Gazetteer:
    """Surfaces to recognise per entity, from the lookup files and the annotations."""
    gaz: Gazetteer = {"product": {}, "store": {}, "dish": {}, "ingredient": {}}

    def add(entity: str, surface: str, value: str) -> None:
        for key in {surface.lower(), fold(surface)}:
            gaz[entity].setdefault(key, value)

    products = lookups_dir / f"products_{lang}.yml"
    if products.exists():
        terms, synonyms = _lookup_block(products)
        for variant, value in synonyms.items():
            add("product", variant, value)
        for term in terms:
            add("product", term, term)
    stores = lookups_dir / "stores.yml"
    if stores.exists():
        terms, synonyms = _lookup_block(stores)
        for variant, code in synonyms.items():
            add("store", variant, code)
        for term in terms:
            add("store", term, synonyms.get(term, term))
    for example in load_examples(train_file):
        for ent in example.entities:
            if ent.entity in gaz:
                add(ent.entity, example.text[ent.start : ent.end], ent.value)
    return gaz
