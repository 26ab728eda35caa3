"""Helpers shared by the importers: reports, progress, synthetic codes, batching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rich.progress import Progress, TaskID

T = TypeVar("T")


@dataclass
class ImportReport:
    """Rows written per table, rows skipped (already there, or unusable) and the time taken."""

    inserted: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    elapsed_s: float = 0.0

    def add(self, table: str, inserted: int = 0, skipped: int = 0) -> None:
        self.inserted[table] = self.inserted.get(table, 0) + inserted
        self.skipped[table] = self.skipped.get(table, 0) + skipped


class Tracker:
    """A Rich progress bar when one is given, nothing otherwise (tests, library use)."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def start(self, description: str, total: int) -> None:
        if self._progress is not None:
            self._task = self._progress.add_task(description, total=total)

    def advance(self, amount: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=amount)


def ean13_check_digit(first12: str) -> str:
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError(f"need 12 digits, got {first12!r}")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def synthetic_ean(prefix: str, number: int) -> str:
    """An EAN-13 made of `prefix`, the zero-padded number and a valid check digit.

    GS1 keeps prefixes 20-29 for restricted (in-store) circulation, so a code there can
    never be a real manufacturer's GTIN; each importer takes its own two-digit prefix.
    """
    width = 12 - len(prefix)
    if number < 0 or number >= 10**width:
        raise ValueError(f"{number} does not fit in {width} digits")
    first12 = f"{prefix}{number:0{width}d}"
    return first12 + ean13_check_digit(first12)


def slugify(text: str, *, max_length: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def clean_str(value: Any) -> str | None:
    """pandas gives NaN (a float) or pd.NA for missing strings; make them None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None
