"""Catalog reads: nearest stores, product search with keyset pages, stock levels."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.catalog import service
from assistant.errors import AppError
from tests.factories import make_product, make_stock, make_store

PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)
LILLE = (50.6292, 3.0573)


def test_distance_between_paris_and_lyon() -> None:
    # About 392 km as the crow flies.
    assert 385_000 < service.distance_m(*PARIS, *LYON) < 400_000
    assert service.distance_m(*PARIS, *PARIS) == 0


@pytest.mark.parametrize("text", ["48.8", "a,b", "91,2", "48,181", "1,2,3", ""])
def test_parse_near_refuses_what_is_not_a_position(text: str) -> None:
    with pytest.raises(AppError) as caught:
        service.parse_near(text)
    assert caught.value.code == "validation_error"


def test_stores_nearest_first(session: Session) -> None:
    lyon = make_store(session, lat=LYON[0], lon=LYON[1])
    lille = make_store(session, lat=LILLE[0], lon=LILLE[1])
    paris = make_store(session, lat=PARIS[0], lon=PARIS[1])
    near_lyon = service.list_stores(session=session, near=(45.75, 4.85), limit=500)
    ours = [s.id for s in near_lyon if s.id in {lyon.id, lille.id, paris.id}]
    assert ours == [lyon.id, paris.id, lille.id]
    distances = [s.distance_m for s in near_lyon]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert len(service.list_stores(session=session, near=PARIS, limit=2)) == 2


def test_product_search_matches_either_language_ignoring_case(session: Session) -> None:
    tag = "Zqx"
    fr = make_product(session, name_fr=f"Lait {tag} demi-écrémé", name_en="Semi-skimmed milk")
    en = make_product(session, name_fr="Beurre doux", name_en=f"{tag} butter")
    make_product(session, name_fr="Pain", name_en="Bread")
    page = service.search_products(session=session, q=tag.lower())
    assert [p.id for p in page.items] == [fr.id, en.id]
    assert service.search_products(session=session, q="%").items == []


def test_product_filters_and_keyset_pages(session: Session) -> None:
    products = [make_product(session, department="zz-dept", category="c1") for _ in range(5)]
    make_product(session, department="zz-dept", category="c2")
    seen: list[int] = []
    cursor = None
    for _page in range(3):
        page = service.search_products(
            session=session, department="zz-dept", category="c1", limit=2, cursor=cursor
        )
        seen += [p.id for p in page.items]
        cursor = page.next_cursor
    assert seen == [p.id for p in products]
    assert cursor is None


def test_invalid_cursor_is_refused() -> None:
    with pytest.raises(AppError) as caught:
        service.decode_cursor("not-a-cursor")
    assert caught.value.code == "invalid_cursor"


def test_stock_level(session: Session) -> None:
    store = make_store(session)
    stocked, absent = make_product(session), make_product(session)
    make_stock(session, store, stocked, quantity=12)
    level = service.stock_level(session=session, store_id=store.id, ean=stocked.ean)  # type: ignore[arg-type]
    assert (level.quantity, level.in_stock) == (12, True)
    level = service.stock_level(session=session, store_id=store.id, ean=absent.ean)  # type: ignore[arg-type]
    assert (level.quantity, level.in_stock, level.updated_at) == (0, False, None)


@pytest.mark.parametrize(
    ("store_known", "ean", "code"),
    [(False, None, "store_not_found"), (True, "0000000000000", "product_not_found")],
)
def test_stock_of_unknown_things(
    session: Session, store_known: bool, ean: str | None, code: str
) -> None:
    store = make_store(session)
    product = make_product(session)
    with pytest.raises(AppError) as caught:
        service.stock_level(
            session=session,
            store_id=store.id if store_known else 10**9,  # type: ignore[arg-type]
            ean=ean or product.ean,
        )
    assert (caught.value.status_code, caught.value.code) == (404, code)
