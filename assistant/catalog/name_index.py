"""Products by what customers call them: an index of the catalogue's names, built once per
catalogue version, with fuzzy matching for typos.

A search holds every word said (a word not in the catalogue is replaced by its closest
catalogue words, "yaourt natrue" -> "nature"), then ranks the names that hold them: the whole
name or its head first, then what the product is ("Sucre en poudre", "Caster sugar": French
names start with it, English ones end with it), then the name's first words, then anywhere.
Among equals: the products of the category the words name ("lait" is milk, not "Lait pour
chat"), then those for everyone before those for pets or babies (a request that names the cat
or the baby matches only theirs anyway), then those found without correcting a typo, then the
shorter name.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy import orm
from sqlmodel import Session, col

from assistant.catalog.models import Product
from assistant.text import FUNCTION_WORDS, fold_words

__all__ = ["Match", "NameIndex", "name_index", "query_words"]

# Below this similarity (0-100) a catalogue word is not what was meant.
FUZZY_CUTOFF = 80.0
# Shorter words are too ambiguous to correct ("the", "lai").
FUZZY_MIN_LENGTH = 4
# Spellings this far below the closest one are other words.
FUZZY_SPREAD = 4.0
FUZZY_CHOICES = 3
MAX_MATCHES = 50
_CACHED_INDEXES = 4


# id, French name, English name, brand, package, category, for pets or babies.
Row = tuple[int, str, str, str | None, str | None, str, bool]


def query_words(text: str) -> list[str]:
    """The folded words of a name or request that tell which product (no articles)."""
    return [word for word in fold_words(text) if word not in FUNCTION_WORDS]


@dataclass(frozen=True, slots=True)
class _Name:
    tokens: tuple[str, ...]
    head: tuple[str, ...]
    english: bool


@dataclass(frozen=True, slots=True)
class _Entry:
    product_id: int
    names: tuple[_Name, ...]
    category: tuple[str, ...]
    # For pets or babies: only what the words name (cat milk) or nothing else would do.
    special: bool
    length: int


@dataclass(frozen=True, slots=True)
class Match:
    product_id: int
    # 0: the whole name or its head, 1: what the product is (the head's start in French, its
    # end in English), 2: the name's first words, 3: anywhere.
    rank: int
    # The words name the product's category.
    category: bool
    # For pets or babies.
    special: bool
    # Every word was found as said, no typo corrected.
    exact: bool

    @property
    def key(self) -> tuple[int, bool, bool, bool]:
        return (self.rank, not self.category, self.special, not self.exact)


def _head(tokens: tuple[str, ...], tails: Iterable[list[str]]) -> tuple[str, ...]:
    """The words of a name that describe the product: without its package and brand."""
    for end in tails:
        if end and list(tokens[-len(end) :]) == end:
            tokens = tokens[: -len(end)]
    return tokens


def _rank(needle: tuple[str, ...], name: _Name) -> int:
    # The whole name in any order: "milk semi-skimmed" is "Semi-skimmed milk".
    if sorted(needle) in (sorted(name.tokens), sorted(name.head)):
        return 0
    size = len(needle)
    # What the product is: French names start with it, English ones end with it ("Milk
    # chocolate" is chocolate, "Semi-skimmed milk" is milk).
    if (name.head[-size:] if name.english else name.head[:size]) == needle:
        return 1
    if name.tokens[:size] == needle:
        return 2
    return 3


class NameIndex:
    """Words -> products, over both languages' names."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._entries: dict[int, _Entry] = {}
        self._postings: dict[str, set[int]] = {}
        for product_id, name_fr, name_en, brand, package, category, special in rows:
            tails = (query_words(package or ""), query_words(brand or ""))
            names = []
            for name, english in ((name_fr, False), (name_en, True)):
                tokens = tuple(query_words(name))
                names.append(_Name(tokens, _head(tokens, tails), english))
                for token in tokens:
                    self._postings.setdefault(token, set()).add(product_id)
            self._entries[product_id] = _Entry(
                product_id,
                tuple(names),
                tuple(query_words(category.replace("-", " "))),
                special,
                len(name_fr),
            )
        self._vocabulary = sorted(self._postings)

    def __len__(self) -> int:
        return len(self._entries)

    def _spellings(self, word: str) -> tuple[set[str], bool]:
        """The catalogue words `word` stands for, and whether it was found as said."""
        if word in self._postings:
            return {word}, True
        if len(word) < FUZZY_MIN_LENGTH:
            return set(), False
        close = process.extract(
            word,
            self._vocabulary,
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_CUTOFF,
            limit=FUZZY_CHOICES,
        )
        # The closest spellings only: "beure" is butter ("beurre"), not beer ("biere").
        best = max((score for _, score, _ in close), default=0.0)
        return {choice for choice, score, _ in close if score >= best - FUZZY_SPREAD}, False

    def knows(self, word: str) -> bool:
        """Some product name holds `word`, as said or close to it (a typo)."""
        return bool(self._spellings(word)[0])

    def search(self, text: str, *, limit: int = MAX_MATCHES) -> list[Match]:
        """The products whose name holds every word of `text` (typos corrected), best first."""
        needle = query_words(text)
        if not needle:
            return []
        spellings: list[set[str]] = []
        exact = True
        for word in needle:
            found, as_said = self._spellings(word)
            if not found:
                return []
            spellings.append(found)
            exact = exact and as_said
        candidates: set[int] | None = None
        for found in spellings:
            ids = set().union(*(self._postings[spelling] for spelling in found))
            candidates = ids if candidates is None else candidates & ids
        matches = []
        for product_id in candidates or set():
            entry = self._entries[product_id]
            ranks = []
            for name in entry.names:
                # Each word as this name spells it (a corrected typo may have several).
                said = tuple(
                    next((s for s in found if s in name.tokens), "") for found in spellings
                )
                if all(said):
                    ranks.append(_rank(said, name))
            if ranks:
                named = len(entry.category) == len(spellings) and all(
                    not found.isdisjoint(entry.category) for found in spellings
                )
                matches.append(Match(product_id, min(ranks), named, entry.special, exact))
        matches.sort(key=lambda m: (m.key, self._entries[m.product_id].length, m.product_id))
        return matches[:limit]


_lock = threading.Lock()
_indexes: OrderedDict[tuple[str, int, tuple[int, ...]], NameIndex] = OrderedDict()
# Bumped by every flush that writes a product (this process's writes, even uncommitted).
_writes = 0
_listening = False


def _note_catalogue_writes(session: orm.Session, *_: Any) -> None:
    global _writes
    if any(isinstance(o, Product) for o in (*session.new, *session.dirty, *session.deleted)):
        with _lock:
            _writes += 1


def _version(session: Session) -> tuple[int, ...]:
    """Changes when another process adds, removes or renames products (this one's writes are
    counted by `_note_catalogue_writes`)."""
    length = sa.func.length
    product_id = col(Product.id)
    row = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.max(product_id), 0),
            sa.func.coalesce(sa.func.sum(product_id * length(col(Product.name_fr))), 0),
            sa.func.coalesce(sa.func.sum(product_id * length(col(Product.name_en))), 0),
        )
    ).one()
    return tuple(int(value) for value in row)


def name_index(session: Session) -> NameIndex:
    """The index of the session's catalogue: built on first use, rebuilt when it changes."""
    global _listening
    with _lock:
        if not _listening:
            sa.event.listen(orm.Session, "before_flush", _note_catalogue_writes)
            _listening = True
        writes = _writes
    key = (str(session.get_bind().engine.url), writes, _version(session))
    with _lock:
        index = _indexes.get(key)
        if index is not None:
            _indexes.move_to_end(key)
            return index
    columns = (
        Product.id,
        Product.name_fr,
        Product.name_en,
        Product.brand,
        Product.package,
        Product.category,
        Product.pet_species,
        Product.is_baby,
    )
    rows = session.execute(sa.select(*[col(c) for c in columns])).all()
    index = NameIndex(
        (int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6] is not None or bool(r[7])) for r in rows
    )
    with _lock:
        _indexes[key] = index
        while len(_indexes) > _CACHED_INDEXES:
            _indexes.popitem(last=False)
    return index
