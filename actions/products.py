"""Finding the product a customer names, in French or English, with or without accents."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from assistant.catalog.models import Product, Store
from assistant.history.models import Receipt, ReceiptLine
from assistant.text import FUNCTION_WORDS
from assistant.text import fold_words as words

STOPWORDS = FUNCTION_WORDS


@dataclass
class Resolution:
    """One product when the choice is clear, otherwise the candidates (best first)."""

    product: Product | None = None
    candidates: list[Product] = field(default_factory=list)


def _query_words(text: str) -> list[str]:
    return [word for word in words(text) if word not in STOPWORDS]


def bought_counts(session: Session, household_id: int) -> Counter[int]:
    rows = session.exec(
        select(ReceiptLine.product_id)
        .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .where(Receipt.household_id == household_id, col(ReceiptLine.product_id).is_not(None))
    ).all()
    return Counter(product_id for product_id in rows if product_id is not None)


def _head(tokens: list[str], tails: tuple[list[str], ...]) -> list[str]:
    """The words of a product name that describe it: without its package and brand."""
    for end in tails:
        if end and tokens[-len(end) :] == end:
            tokens = tokens[: -len(end)]
    return tokens


def _rank(needle: list[str], tokens: list[str], head: list[str], english: bool) -> int:
    """For a name holding every word of `needle`: 0 the whole name, 1 the name's head
    ("Sucre en poudre", "Caster sugar": French names start with it, English ones end with
    it) or a prefix, 2 anywhere."""
    if tokens == needle or head == needle:
        return 0
    size = len(needle)
    if tokens[:size] == needle or (head[-size:] if english else head[:size]) == needle:
        return 1
    return 2


def matching_products(session: Session, text: str) -> list[tuple[int, Product]]:
    """Products whose French or English name holds every word of `text`, with a rank
    (0: the whole name, 1: its head or a prefix, 2: anywhere), best first."""
    needle = _query_words(text)
    if not needle:
        return []
    # The folding cannot be done portably in SQL; the names are small enough to scan.
    columns = (Product.id, Product.name_fr, Product.name_en, Product.brand, Product.package)
    rows = session.execute(sa_select(*[col(c) for c in columns])).all()
    ranked: list[tuple[int, int, int]] = []
    for product_id, name_fr, name_en, brand, package in rows:
        ranks = []
        for name, english in ((name_fr, False), (name_en, True)):
            tokens = _query_words(name)
            if not all(word in tokens for word in needle):
                continue  # most names: the package and brand need not be read
            tails = (_query_words(package or ""), _query_words(brand or ""))
            ranks.append(_rank(needle, tokens, _head(tokens, tails), english))
        if ranks and product_id is not None:
            ranked.append((min(ranks), len(name_fr), product_id))
    ranked.sort()
    products = {
        product.id: product
        for product in session.exec(
            select(Product).where(col(Product.id).in_([row[2] for row in ranked[:50]]))
        ).all()
    }
    return [(rank, products[product_id]) for rank, _, product_id in ranked[:50]]


def resolve_product(session: Session, text: str, household_id: int | None) -> Resolution:
    """An EAN, or a name: what the household already buys wins, then a whole-name match."""
    value = str(text).strip()
    if re.fullmatch(r"\d{8,14}", value):
        product = session.exec(select(Product).where(Product.ean == value)).first()
        return Resolution(product, [product] if product else [])
    matches = matching_products(session, value)
    candidates = [product for _, product in matches]
    if not candidates:
        return Resolution()
    if len(candidates) == 1:
        return Resolution(candidates[0], candidates)
    if household_id is not None:
        counts = bought_counts(session, household_id)
        rank_of = {product.id: rank for rank, product in matches}
        # How well the name matches first: "sucre" is the sugar the household buys, not
        # the "cola zéro sucres" it buys more often.
        bought = sorted(
            (product for product in candidates if counts[product.id or 0]),
            key=lambda product: (rank_of[product.id], -counts[product.id or 0]),
        )
        if bought:
            rest = [product for product in candidates if product not in bought]
            return Resolution(bought[0], bought + rest)
    exact = [product for rank, product in matches if rank == 0]
    if len(exact) == 1:
        return Resolution(exact[0], candidates)
    return Resolution(None, candidates)


def product_label(product: Product, lang: str) -> str:
    return product.name_en if lang == "en" else product.name_fr


def find_store(session: Session, text: str | None) -> Store | None:
    """A store by code ("PAR-MONTPARNASSE") or by a fragment of its name or city."""
    if not text:
        return None
    value = str(text).strip()
    store = session.exec(select(Store).where(Store.code == value.upper())).first()
    if store is not None:
        return store
    needle = _query_words(value)
    if not needle:
        return None
    stores = session.exec(select(Store).order_by(col(Store.id))).all()
    for store in stores:
        haystack = words(f"{store.name} {store.code.replace('-', ' ')}")
        if all(word in haystack for word in needle):
            return store
    return None
