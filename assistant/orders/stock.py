"""Each line of the list checked against the chosen store's stock, with a substitute for
what is missing: same category, in stock there, the closest price."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from assistant.catalog.models import Product, Stock, Store
from assistant.i18n import Money, render


@dataclass(frozen=True)
class Substitute:
    product: Product
    explanation_fr: str
    explanation_en: str


def stock_levels(*, session: Session, store_id: int, product_ids: list[int]) -> dict[int, int]:
    """Units on hand per product (products the store does not carry are absent)."""
    if not product_ids:
        return {}
    rows = session.exec(
        select(Stock.product_id, Stock.quantity).where(
            Stock.store_id == store_id, col(Stock.product_id).in_(product_ids)
        )
    ).all()
    return {product_id: quantity for product_id, quantity in rows}


def find_substitute(
    *,
    session: Session,
    store: Store,
    product: Product,
    quantity: int,
    exclude: set[int] | None = None,
) -> Substitute | None:
    """The product of the same category with `quantity` in stock at the store whose price
    is closest to the missing one's (cheaper wins a tie, then the lower id)."""
    assert store.id is not None
    skip = {product.id, *(exclude or set())}
    rows = session.exec(
        select(Product)
        .join(Stock, col(Stock.product_id) == col(Product.id))
        .where(
            Stock.store_id == store.id,
            col(Stock.quantity) >= quantity,
            Product.category == product.category,
        )
    ).all()
    candidates = [row for row in rows if row.id not in skip]
    if not candidates:
        return None
    best = min(
        candidates,
        key=lambda c: (abs(c.price_cents - product.price_cents), c.price_cents, c.id or 0),
    )
    return Substitute(
        product=best,
        explanation_fr=_explanation("fr", store, product, best, quantity),
        explanation_en=_explanation("en", store, product, best, quantity),
    )


def _explanation(lang: str, store: Store, missing: Product, best: Product, quantity: int) -> str:
    """Why this substitute, priced for the line's quantity as the list shows the line (its
    total), and "same price" rather than a price "instead of" itself."""
    price, instead_of = best.price_cents * quantity, missing.price_cents * quantity
    kind = "same_price" if price == instead_of else "other_price"
    return render(
        lang,
        f"orders.substitute.{kind}" + ("_for" if quantity > 1 else ""),
        missing=missing.name_en if lang == "en" else missing.name_fr,
        store=store.name,
        substitute=best.name_en if lang == "en" else best.name_fr,
        price=Money(price),
        instead_of=Money(instead_of),
        quantity=quantity,
    )
