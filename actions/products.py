"""Finding the product a customer names, in French or English, with or without accents."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from assistant.catalog.models import Product, Store
from assistant.catalog.name_index import Match, name_index, query_words
from assistant.history.models import Receipt, ReceiptLine
from assistant.text import fold_words as words
from nlu import values
from nlu.items import Item


@dataclass
class Resolution:
    """One product when the choice is clear, otherwise the candidates (best first)."""

    product: Product | None = None
    candidates: list[Product] = field(default_factory=list)


def bought_counts(session: Session, household_id: int, product_ids: list[int]) -> Counter[int]:
    """How many receipt lines of the household hold each of `product_ids` (one grouped query,
    never the household's whole history)."""
    if not product_ids:
        return Counter()
    rows = session.execute(
        sa_select(col(ReceiptLine.product_id), func.count())
        .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .where(
            col(Receipt.household_id) == household_id,
            col(ReceiptLine.product_id).in_(product_ids),
        )
        .group_by(col(ReceiptLine.product_id))
    ).all()
    return Counter({int(product_id): int(count) for product_id, count in rows})


# Words of a list request that name no product ("add", "ajoute", "to my list", "please"), typed
# right or wrong: what is left of the message may be a product the NLU did not tag.
REQUEST_WORDS = frozenset(
    {"add", "ad", "ajoute", "ajout", "ajouter", "rajoute", "met", "mets", "mettre", "put",
     "need", "besoin", "want", "veux", "voudrai", "voudrais", "get", "buy", "achete", "acheter",
     "prend", "prendre", "list", "liste", "lsit", "lise", "shopping", "course", "my", "ma",
     "mes", "mon", "me", "moi", "to", "on", "sur", "in", "dans", "i", "je", "j", "we",
     "please", "pls", "stp", "svp", "plait", "also", "aussi", "some", "any", "encore", "more",
     "plus", "can", "you", "tu", "peux", "could", "would", "like", "nous", "faut", "il", "merci",
     "thank", "thanks", "ce", "soir", "tonight", "today", "aujourd", "hui", "demain",
     "tomorrow", "too", "again", "vite", "ok", "okay", "oui", "yes", "non", "no", "hey", "salut",
     "hello", "hi", "bonjour", "pour", "for", "then", "puis", "ensuite", "same",
     "meme", "usual", "habituel", "quoi", "what", "it", "ca", "cela", "that", "this", "y",
     "en", "there", "ai", "have", "do", "don", "did", "est", "is", "are", "sont", "fait"}
)  # fmt: skip
# What separates the products of one request: "du lait, des œufs et du pain".
_PIECES = re.compile(r",|;|&|\+|\bet\b|\band\b|\bplus\b", re.IGNORECASE)


def _names_a_product(word: str) -> bool:
    folded = query_words(word)
    return bool(folded) and not any(
        w in REQUEST_WORDS or values.parse_number(w) is not None or values.normalise_unit(w)
        for w in folded
    )


def untagged_items(
    text: str, entities: Sequence[Mapping[str, Any]], *, known: Callable[[str], bool]
) -> tuple[list[Item], list[Mapping[str, Any]]]:
    """What a list request names that the NLU did not tag ("ad suger to my list", "add 3
    zorglubs and coffee", "du pain et du beure"): each piece of the message between "et",
    "and" or commas that holds no product entity but words that are not the request's own
    becomes an item, with the quantity and unit said in it (beside tagged products, a phrase
    no product name holds counts only with a quantity: `known` tells). Returns those items and the
    entities left for the tagged products (a quantity said before an untagged product is
    not the next product's)."""
    tagged = any(entity.get("entity") == "product" for entity in entities)
    bounds = [0, *(m.end() for m in _PIECES.finditer(text))]
    ends = [m.start() for m in _PIECES.finditer(text)] + [len(text)]
    items: list[Item] = []
    taken: set[int] = set()
    for start, end in zip(bounds, ends, strict=True):
        inside = [e for e in entities if start <= int(e.get("start") or 0) < end]
        if any(e.get("entity") == "product" for e in inside):
            continue
        spans = [(int(e.get("start") or 0), int(e.get("end") or 0)) for e in inside]
        words = [
            m.group(0)
            for m in re.finditer(r"[\w'-]+", text[start:end])
            if not any(a <= start + m.start() < b for a, b in spans)
            and _names_a_product(m.group(0))
        ]
        if not words:
            continue
        quantity = next((e.get("value") for e in inside if e.get("entity") == "quantity"), None)
        if quantity is None and tagged and not known(" ".join(words)):
            # "slt, ajoute 2 baguettes": a word nobody sells, said beside real products and
            # with no quantity, is a greeting or a slip, not a product to report missing.
            continue
        unit = next((e.get("value") for e in inside if e.get("entity") == "unit"), None)
        items.append(
            Item(" ".join(words), float(quantity) if isinstance(quantity, int | float) else None,
                 str(unit) if unit else None)
        )  # fmt: skip
        taken.update(id(e) for e in inside)
    return items, [e for e in entities if id(e) not in taken]


def matching_products(session: Session, text: str) -> list[tuple[Match, Product]]:
    """Products named by `text` (`assistant.catalog.name_index`), best first."""
    matches = name_index(session).search(text)
    ids = [match.product_id for match in matches]
    products = {p.id: p for p in session.exec(select(Product).where(col(Product.id).in_(ids)))}
    return [(m, products[m.product_id]) for m in matches if m.product_id in products]


def resolve_product(session: Session, text: str, household_id: int | None) -> Resolution:
    """An EAN, or a name: the best match of what was said; the household's habits break ties
    among equally good matches, never override a better one."""
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
    best = [product for match, product in matches if match.key == matches[0][0].key]
    if household_id is not None:
        counts = bought_counts(session, household_id, [p.id for p in candidates if p.id])
        # "sucre" is the sugar the household buys, not the "cola zéro sucres" it buys more
        # often; "lait" is its milk, not the cat's.
        bought = sorted(
            (product for product in best if counts[product.id or 0]),
            key=lambda product: -counts[product.id or 0],
        )
        if bought:
            rest = [product for product in candidates if product not in bought]
            return Resolution(bought[0], bought + rest)
    whole = [product for match, product in matches if match.rank == 0]
    if len(whole) == 1:
        return Resolution(whole[0], candidates)
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
    needle = query_words(value)
    if not needle:
        return None
    stores = session.exec(select(Store).order_by(col(Store.id))).all()
    for store in stores:
        haystack = words(f"{store.name} {store.code.replace('-', ' ')}")
        if all(word in haystack for word in needle):
            return store
    return None
