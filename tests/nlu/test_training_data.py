"""The NLU training data honours the intent contract, and the lookups match the catalog."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from nlu.lookups import generate
from nlu.training_data import (
    AnnotationError,
    Entity,
    Example,
    load_examples,
    load_nlu_items,
    nlu_files,
    normalize_text,
    parse_annotated,
)

NLU_DIR = Path(__file__).resolve().parents[2] / "nlu"
DATA = NLU_DIR / "data"
LANGS = ("fr", "en")

CONTRACT_INTENTS = (
    "greet", "goodbye", "affirm", "deny", "thanks", "help", "out_of_scope",
    "weather", "traffic", "daily_briefing",
    "shopping_list_show", "shopping_list_add", "shopping_list_remove", "shopping_list_prefill",
    "order_place", "order_status", "recipe_suggest", "offers_show", "offer_clip", "outing_suggest",
    "outing_book", "loyalty_balance", "loyalty_rewards", "store_info", "product_availability",
    "receipt_show", "notifications_stop", "data_request",
    "booking_cancel", "order_cancel", "order_modify", "recipe_details",
)  # fmt: skip
ENTITIES = frozenset(
    {"product", "quantity", "unit", "store", "date", "time", "duration", "people_count",
     "event_type", "dish", "ingredient"}
)  # fmt: skip
# French is written here at the scale of real speech (issue: at least 150 per intent and
# 2,000 out of scope); English adds CLINC150 at training time to its own files.
MIN_TRAIN = {"fr": 150, "en": 45}
MIN_OUT_OF_SCOPE = {"fr": 2000, "en": 1500}
MIN_TEST = 12


def _train(lang: str) -> Path:
    return DATA / "nlu" / lang


def _test(lang: str) -> Path:
    return DATA / "test" / f"{lang}_test.yml"


ALL_FILES = [f for lang in LANGS for p in (_train(lang), _test(lang)) for f in nlu_files(p)]


@pytest.mark.parametrize(
    ("line", "text", "entities"),
    [
        ("bonjour", "bonjour", []),
        (
            "ajoute [2](quantity) [litres](unit) de [lait](product)",
            "ajoute 2 litres de lait",
            [(7, 8, "2", "quantity"), (9, 15, "litres", "unit"), (19, 23, "lait", "product")],
        ),
        (
            "[deux](quantity) [baguettes](product)",
            "deux baguettes",
            [(0, 4, "deux", "quantity"), (5, 14, "baguettes", "product")],
        ),
        (
            'mets des [pdt]{"entity": "product", "value": "pommes de terre"} stp',
            "mets des pdt stp",
            [(9, 12, "pommes de terre", "product")],
        ),
        (
            '[demain]{"entity": "date"} à [Issy](store:HDS-ISSY)',
            "demain à Issy",
            [(0, 6, "demain", "date"), (9, 13, "HDS-ISSY", "store")],
        ),
        (
            "réserve [4](people_count) places pour le [cirque](event_type) [samedi](date)",
            "réserve 4 places pour le cirque samedi",
            [(8, 9, "4", "people_count"), (25, 31, "cirque", "event_type"),
             (32, 38, "samedi", "date")],
        ),
    ],
)  # fmt: skip
def test_parse_annotated_offsets(
    line: str, text: str, entities: list[tuple[int, int, str, str]]
) -> None:
    plain, parsed = parse_annotated(line)
    assert plain == text
    assert parsed == [Entity(start=s, end=e, value=v, entity=n) for s, e, v, n in entities]


@pytest.mark.parametrize(
    "line",
    [
        "ajoute [2](quantity) [litres](unit) de [lait](product)",
        'mets des [pdt]{"entity": "product", "value": "pommes de terre"} et du [sel](product)',
        "[Montparnasse](store) ouvert [dimanche](date) ?",
    ],
)
def test_parse_annotated_spans_cover_the_bracketed_text(line: str) -> None:
    plain, parsed = parse_annotated(line)
    surfaces = [plain[e.start : e.end] for e in parsed]
    expected = [part.split("]")[0] for part in line.split("[")[1:]]
    assert surfaces == expected


@pytest.mark.parametrize(
    "line", ['[lait]{"entity": }', '[lait]{"value": "x"}', "[lait](product ajoute [x](unit"]
)
def test_parse_annotated_rejects_broken_markup(line: str) -> None:
    with pytest.raises(AnnotationError):
        parse_annotated(line)


def test_load_examples_reads_intents_and_skips_other_blocks(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: shopping_list_add\n  examples: |\n'
        "    - ajoute du [lait](product)\n    - note [café](product)\n"
        "- synonym: café\n  examples: |\n    - cafe\n"
        "- intent: greet\n  examples:\n  - text: salut\n",
        encoding="utf-8",
    )
    assert load_examples(path) == [
        Example("ajoute du lait", "shopping_list_add", [Entity(10, 14, "lait", "product")]),
        Example("note café", "shopping_list_add", [Entity(5, 9, "café", "product")]),
        Example("salut", "greet", []),
    ]


def test_load_examples_rejects_lines_without_dash(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text("nlu:\n- intent: greet\n  examples: |\n    salut\n", encoding="utf-8")
    with pytest.raises(AnnotationError):
        load_examples(path)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_files_are_rasa_3_documents(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["version"] == "3.1"
    assert all("intent" in item for item in document["nlu"])


@pytest.mark.parametrize(("path", "minimum"), [
    *[(_train(lang), MIN_TRAIN[lang]) for lang in LANGS],
    *[(_test(lang), MIN_TEST) for lang in LANGS],
], ids=lambda v: v.name if isinstance(v, Path) else str(v))  # fmt: skip
def test_every_contract_intent_has_enough_examples(path: Path, minimum: int) -> None:
    counts = Counter(example.intent for example in load_examples(path))
    short = {intent: counts[intent] for intent in CONTRACT_INTENTS if counts[intent] < minimum}
    assert short == {}


@pytest.mark.parametrize("lang", LANGS)
def test_out_of_scope_is_learned_from_many_negatives_of_many_kinds(lang: str) -> None:
    foreign = [e for e in load_examples(_train(lang)) if e.intent == "out_of_scope"]
    assert len(foreign) >= MIN_OUT_OF_SCOPE[lang]
    assert len({e.group for e in foreign if e.group}) >= 15


def test_the_independent_french_set_covers_the_contract() -> None:
    counts = Counter(e.intent for e in load_examples(DATA / "independent" / "fr.yml"))
    assert {intent: counts[intent] for intent in CONTRACT_INTENTS if counts[intent] < 20} == {}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_entities_are_known_and_non_empty(path: Path) -> None:
    for example in load_examples(path):
        for entity in example.entities:
            assert entity.entity in ENTITIES, (example.text, entity)
            assert example.text[entity.start : entity.end].strip(), example.text


@pytest.mark.parametrize(
    "path",
    [*(_train(lang) for lang in LANGS), *(_test(lang) for lang in LANGS)],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_no_duplicate_examples_in_a_file(path: Path) -> None:
    counts = Counter(normalize_text(example.text) for example in load_examples(path))
    assert [text for text, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("lang", LANGS)
def test_test_set_never_overlaps_training(lang: str) -> None:
    train = {normalize_text(e.text) for e in load_examples(_train(lang))}
    test = {normalize_text(e.text) for e in load_examples(_test(lang))}
    assert sorted(train & test) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_contract_entity_is_annotated_in_training(lang: str) -> None:
    seen = {e.entity for example in load_examples(_train(lang)) for e in example.entities}
    assert seen == ENTITIES


def test_normalize_text_ignores_case_spacing_and_curly_apostrophes() -> None:
    assert normalize_text("  J\u2019voudrais   du LAIT ") == normalize_text("j'voudrais du lait")
    assert normalize_text("météo") != normalize_text("meteo")


def test_committed_lookups_match_a_fresh_generation(tmp_path: Path) -> None:
    fresh = generate(tmp_path)
    assert [p.name for p in fresh] == ["products_fr.yml", "products_en.yml", "stores.yml"]
    for path in fresh:
        committed = DATA / "lookups" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} is stale: run `python -m nlu.lookups`"
        )


def _lookup_entries(path: Path, name: str) -> list[str]:
    (item,) = [i for i in load_nlu_items(path) if i.get("lookup") == name]
    return [line[2:] for line in item["examples"].splitlines()]


@pytest.mark.parametrize(
    ("file", "present", "absent"),
    [
        ("products_fr.yml", ["lait", "café", "pintade", "couches", "croquettes pour chat"],
         ["carchan", "lait carchan", "yaourts à la", "jeu de", "sacs"]),
        ("products_en.yml", ["milk", "coffee", "guinea fowl", "baby nappies", "cat litter"],
         ["and carrots", "aa", "food", "of lamb"]),
        ("stores.yml", ["Montparnasse", "Bercy", "Issy", "Saint-Denis", "Créteil"],
         ["Saint", "Carchan Bercy", "Paris"]),
    ],
)  # fmt: skip
def test_lookup_entries_are_what_people_say(
    file: str, present: list[str], absent: list[str]
) -> None:
    path = DATA / "lookups" / file
    entries = _lookup_entries(path, "store" if file == "stores.yml" else "product")
    assert set(present) <= set(entries)
    assert set(absent).isdisjoint(entries)
    assert len(entries) == len(set(entries))
    assert not any(entry.isdigit() or not entry.strip() for entry in entries)


def test_synonyms_never_map_one_spelling_to_two_values() -> None:
    # Rasa keeps one value per lowercased spelling, across every file it trains on.
    values: dict[str, set[str]] = {}
    for path in sorted((DATA / "lookups").glob("*.yml")):
        for item in load_nlu_items(path):
            if "synonym" in item:
                for line in item["examples"].splitlines():
                    values.setdefault(line[2:].lower(), set()).add(str(item["synonym"]))
    assert {k: v for k, v in values.items() if len(v) > 1} == {}


def test_store_synonyms_resolve_short_names_to_store_codes() -> None:
    mapping = {
        line[2:]: str(item["synonym"])
        for item in load_nlu_items(DATA / "lookups" / "stores.yml")
        if "synonym" in item
        for line in item["examples"].splitlines()
    }
    assert mapping["Issy"] == "HDS-ISSY"
    assert mapping["alesia"] == "PAR-ALESIA"
    assert mapping["Carchan Montparnasse"] == "PAR-MONTPARNASSE"


def test_product_synonyms_map_unaccented_spellings() -> None:
    mapping = {
        line[2:]: str(item["synonym"])
        for item in load_nlu_items(DATA / "lookups" / "products_fr.yml")
        if "synonym" in item
        for line in item["examples"].splitlines()
    }
    assert mapping["cafe"] == "café"
    assert mapping["creme fraiche epaisse"] == "crème fraîche épaisse"
