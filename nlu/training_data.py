"""Read Rasa 3.x NLU training files into plain examples with character offsets.

The spaCy engine trains from these, and the tests check the data with them, so the
annotation grammar follows Rasa's own: `[surface](entity)`, the legacy
`[surface](entity:value)`, and `[surface]{"entity": "x", "value": "y"}`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "AnnotationError",
    "Entity",
    "Example",
    "load_examples",
    "load_nlu_items",
    "nlu_files",
    "normalize_text",
    "parse_annotated",
]

# Rasa's own pattern (rasa.shared.nlu.training_data.entities_parser), minus the list form
# for overlapping entities, which this project does not use.
_ANNOTATION = re.compile(
    r"\[(?P<text>[^\]]+?)\]"
    r"(?:\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)|(?P<json>\{[^}]+?\}))"
)


class AnnotationError(ValueError):
    """A training line whose entity markup cannot be read."""


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    value: str
    entity: str


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    entities: list[Entity] = field(default_factory=list)
    # The finer class the examples were written for (Rasa intent `metadata: {group: ...}`),
    # e.g. the domain of an out-of-scope request ("alarm", "music"); empty when none.
    group: str = ""


def parse_annotated(line: str) -> tuple[str, list[Entity]]:
    """Strip the markup of one example; offsets index the returned plain text."""
    plain: list[str] = []
    entities: list[Entity] = []
    cursor = 0
    length = 0
    for match in _ANNOTATION.finditer(line):
        before = line[cursor : match.start()]
        plain.append(before)
        length += len(before)
        surface = match.group("text")
        name, value = _entity_and_value(match, surface, line)
        entities.append(Entity(start=length, end=length + len(surface), value=value, entity=name))
        plain.append(surface)
        length += len(surface)
        cursor = match.end()
    plain.append(line[cursor:])
    text = "".join(plain)
    # A bracket left over means a typo in the markup, which Rasa would train on verbatim.
    if re.search(r"\]\(|\]\{", text):
        raise AnnotationError(f"unparsed entity markup in {line!r}")
    return text, entities


def _entity_and_value(match: re.Match[str], surface: str, line: str) -> tuple[str, str]:
    raw_json = match.group("json")
    if raw_json is None:
        return match.group("entity").strip(), (match.group("value") or surface).strip()
    try:
        spec = json.loads(raw_json)
    except json.JSONDecodeError as exc:
        raise AnnotationError(f"bad entity JSON {raw_json!r} in {line!r}") from exc
    if not isinstance(spec, dict) or not isinstance(spec.get("entity"), str):
        raise AnnotationError(f"entity JSON without an entity name in {line!r}")
    value = spec.get("value", surface)
    return spec["entity"], str(value)


def load_nlu_items(path: Path) -> list[dict[str, Any]]:
    """The `nlu:` list of a Rasa training file (empty when the file has none)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict):
        raise AnnotationError(f"{path}: not a Rasa training document")
    items = document.get("nlu") or []
    if not isinstance(items, list):
        raise AnnotationError(f"{path}: `nlu` is not a list")
    return [item for item in items if isinstance(item, dict)]


def nlu_files(path: Path) -> list[Path]:
    """`path` itself, or the YAML files under the directory `path` in name order (Rasa reads
    a directory of training files the same way)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.yml") if p.is_file())
    return [path]


def load_examples(path: Path) -> list[Example]:
    """Every intent example of a Rasa NLU file, or of every file under a directory, in order."""
    examples: list[Example] = []
    for file in nlu_files(path):
        for item in load_nlu_items(file):
            intent = item.get("intent")
            if not isinstance(intent, str):
                continue  # synonym, lookup and regex blocks carry no intent examples
            metadata = item.get("metadata")
            group = str(metadata.get("group", "")) if isinstance(metadata, dict) else ""
            for line in _example_lines(item.get("examples"), file):
                text, entities = parse_annotated(line)
                examples.append(Example(text=text, intent=intent, entities=entities, group=group))
    return examples


def _example_lines(block: object, path: Path) -> list[str]:
    if isinstance(block, str):
        lines = [raw.strip() for raw in block.splitlines() if raw.strip()]
        bad = [line for line in lines if not line.startswith("- ")]
        if bad:
            raise AnnotationError(f"{path}: example lines must start with '- ': {bad[:3]}")
        return [line[2:].strip() for line in lines]
    if isinstance(block, list):
        # Rasa's long form: `- text: ...` entries that may carry metadata.
        return [str(entry["text"]).strip() for entry in block if isinstance(entry, dict)]
    raise AnnotationError(f"{path}: unsupported examples block {type(block).__name__}")


def normalize_text(text: str) -> str:
    """Comparison key for duplicates: case and spacing do not make a new example.

    Accents do: "meteo" next to "météo" teaches the model how people really type.
    """
    return " ".join(text.casefold().replace("\u2019", "'").split())
