"""The weekly personalised selection over every card: households/s, and eligibility.

`python -m benchmarks weekly`: two populations, each in a fresh SQLite file of its own.
- Seeded: `assistant demo seed --households N` (BENCH_WEEKLY_HOUSEHOLDS, default 5,000), then
  500 active offers drawn from the catalog (product and category coupons, pet, baby and
  alcohol products among them).
- The Complete Journey (BENCH_WEEKLY_CJ=0 skips it; the import takes about a minute): its
  2,469 households and their receipts, its campaigns' coupons, selected for the week in which
  the most coupons run, plus offers drawn from its products up to 500 active.
The week is selected with N = 5 offers per card, chunks of 1,000 households (one transaction
each), in 2 processes (`select_week_in_processes`) and, from a copy of the same database, in
this process (`select_week`). The baseline, in the same run, is the offers screen's path (one
household at a time, `offers_for`) over a sample (300 cards seeded, 20 of The Complete
Journey): the ratio says what batching buys. Eligibility is then checked over every loaded
coupon of every household: the violations must be zero, and the generic offer must never be
loaded beside a personal one.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from sqlmodel import Session, col, select

console = Console(width=220)
OFFERS = 500
PER_HOUSEHOLD = 5
WORKERS = 2
# Households of the one-at-a-time baseline: the offers screen's path reads the products of
# every category coupon per household (6 s a card on The Complete Journey's 92k products).
SAMPLE = {"seeded": 300, "Complete Journey": 20}
TODAY = "2025-01-15"


def _add_offers(engine: Engine, start: dt.date, wanted: int, seed: int = 7) -> int:
    """Adds coupons over random catalog products until `wanted` run in the week."""
    from assistant.catalog.models import Product
    from assistant.offers.models import Coupon

    end = start + dt.timedelta(days=6)
    with Session(engine) as session:
        active = session.exec(
            select(sa.func.count())
            .select_from(Coupon)
            .where(
                sa.or_(col(Coupon.valid_from).is_(None), col(Coupon.valid_from) <= end),
                sa.or_(col(Coupon.valid_to).is_(None), col(Coupon.valid_to) >= start),
            )
        ).one()
        missing = max(0, wanted - int(active))
        products = session.exec(select(Product.id, Product.category)).all()
        rng = random.Random(seed)
        picks = rng.sample(list(products), min(missing, len(products)))
        rows = []
        for n, (product_id, category) in enumerate(picks):
            on_category = n % 5 == 0  # one in five covers a whole category
            rows.append({
                "code": f"BENCH-{seed}-{n}", "description_fr": "Remise",
                "description_en": "Discount",
                "product_id": None if on_category else product_id,
                "category": category if on_category else None,
                "discount_kind": "percent", "discount_value": rng.choice((10, 20, 30)),
                "min_purchase_cents": 0, "valid_from": start - dt.timedelta(days=1),
                "valid_to": start + dt.timedelta(days=13), "is_generic": False,
                "created_at": dt.datetime.now(dt.UTC),
            })  # fmt: skip
        if rows:
            session.execute(sa.insert(Coupon.__table__), rows)  # type: ignore[attr-defined]
        session.commit()
    return int(active) + len(rows)


def _baseline(engine: Engine, now: dt.datetime, sample: int) -> float:
    """Households/s of the per-household path (the offers screen's), over `sample` cards."""
    from assistant.customers.models import Household
    from assistant.offers.service import offers_for

    with Session(engine) as session:
        ids = [i for i in session.exec(select(Household.id).order_by(col(Household.id))) if i]
    step = max(1, len(ids) // sample)
    chosen = ids[::step][:sample]
    started = time.perf_counter()
    with Session(engine) as session:
        for household_id in chosen:
            offers_for(session=session, household_id=household_id, now=now, limit=PER_HOUSEHOLD)
        session.rollback()
    return len(chosen) / (time.perf_counter() - started)


def _every_product(session: Session, coupons: list[Any]) -> Any:
    """Every product each coupon covers, as items: checked one by one, independently of the
    selection's own reading (which keeps one product per distinct set of facts)."""
    from assistant.catalog.models import Product
    from assistant.offers.service import item_of, product_facts

    product_ids = {c.product_id for c in coupons if c.product_id is not None}
    categories = {c.category for c in coupons if c.product_id is None and c.category}
    by_id, by_category = {}, defaultdict(list)
    for row in product_facts(session, sa.or_(col(Product.id).in_(product_ids),
                                              col(Product.category).in_(categories))):  # fmt: skip
        item = item_of(row)
        by_id[row.id] = item
        by_category[row.category].append(item)
    return {
        c.id: [by_id[c.product_id]] if c.product_id in by_id else by_category[c.category]
        for c in coupons
    }


def _violations(engine: Engine, start: dt.date) -> tuple[int, int, int]:
    """(coupons loaded by the week's selection, eligibility violations, generic beside
    personal) over every household."""
    from assistant.coupons.weekly import traits_for
    from assistant.customers.models import Household
    from assistant.offers.engine import item_violations
    from assistant.offers.models import Coupon, CouponAssignment

    loaded = broken = generic_beside = 0
    with Session(engine) as session:
        ids = [i for i in session.exec(select(Household.id).order_by(col(Household.id))) if i]
        for first in range(0, len(ids), 1000):
            chunk = ids[first : first + 1000]
            rows = session.exec(
                select(CouponAssignment.household_id, Coupon)
                .join(Coupon, col(Coupon.id) == col(CouponAssignment.coupon_id))
                .where(col(CouponAssignment.household_id).in_(chunk),
                       CouponAssignment.source == "weekly",
                       CouponAssignment.valid_from == start)
            ).all()  # fmt: skip
            traits = traits_for(session, chunk, start)
            items = _every_product(session, [c for _, c in rows])
            kinds: dict[int, set[bool]] = defaultdict(set)
            for household_id, coupon in rows:
                loaded += 1
                kinds[household_id].add(coupon.is_generic)
                for item in items.get(coupon.id or 0, ()):
                    if item_violations(item, traits[household_id]):
                        broken += 1
                        break
            generic_beside += sum(1 for seen in kinds.values() if seen == {True, False})
    return loaded, broken, generic_beside


def _measure(
    name: str, engine: Engine, url: str, start: dt.date, now: dt.datetime
) -> dict[str, object]:
    from assistant.coupons.weekly import select_week, select_week_in_processes
    from assistant.db import make_engine

    active = _add_offers(engine, start, OFFERS)
    baseline = _baseline(engine, now, SAMPLE[name])
    # The same first selection twice, from the same database: in this process, and in
    # WORKERS processes (the copy is taken before either runs).
    path = Path(url.removeprefix("sqlite:///"))
    copy = path.with_name(path.stem + "-one.db")
    # SQLite's backup, not a file copy: rows still in the write-ahead log are copied too.
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    single_engine = make_engine(f"sqlite:///{copy}")
    single = select_week(single_engine, start=start, now=now, per_household=PER_HOUSEHOLD)
    single_engine.dispose()
    copy.unlink()
    report = select_week_in_processes(
        url, start=start, now=now, per_household=PER_HOUSEHOLD, workers=WORKERS
    )
    loaded, broken, generic_beside = _violations(engine, start)
    return {
        "population": name, "households": report.households, "active": report.active_offers,
        "seconds": report.seconds, "rate": report.per_second, "baseline": baseline,
        "single": single.per_second,
        "loaded": report.loaded, "without_personal": report.without_personal,
        "checked": loaded, "violations": broken, "generic_beside": generic_beside,
        "offers_added": active,
    }  # fmt: skip


def _seeded(directory: Path, households: int) -> dict[str, object]:
    from assistant.db import make_engine

    url = f"sqlite:///{directory / 'seeded.db'}"
    env = os.environ | {"DATABASE_URL": url, "ASSISTANT_ENV": "dev"}
    command = [sys.executable, "-m", "assistant.cli", "demo", "seed", "--households",
               str(households), "--seed", "7", "--today", TODAY]  # fmt: skip
    console.print(f"seeding {households:,} households…")
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    engine = make_engine(url)
    start = dt.date.fromisoformat(TODAY) + dt.timedelta(days=1)
    now = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC) - dt.timedelta(hours=2)
    try:
        return _measure("seeded", engine, url, start, now)
    finally:
        engine.dispose()


def _busiest_week(engine: Engine) -> dt.date:
    """The Monday on which the most Complete Journey coupons run."""
    from assistant.offers.models import Coupon

    with Session(engine) as session:
        spans = session.exec(select(col(Coupon.valid_from), col(Coupon.valid_to))).all()
    days = [d for span in spans for d in span if d is not None]
    best, most = min(days), -1
    day = min(days)
    while day <= max(days):
        running = sum(1 for a, b in spans if a and b and a <= day <= b)
        if running > most:
            best, most = day, running
        day += dt.timedelta(days=7)
    return best


def _complete_journey(directory: Path) -> dict[str, object]:
    from assistant.db import make_engine, migrate, session_scope
    from assistant.demo.importers.completejourney import CompleteJourneyData, load_completejourney

    url = f"sqlite:///{directory / 'cj.db'}"
    migrate(url)
    engine = make_engine(url)
    console.print("importing The Complete Journey…")
    with session_scope(engine) as session:
        load_completejourney(session=session, data=CompleteJourneyData.from_package())
    start = _busiest_week(engine)
    now = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC) - dt.timedelta(hours=2)
    try:
        return _measure("Complete Journey", engine, url, start, now)
    finally:
        engine.dispose()


def run() -> None:
    households = int(os.environ.get("BENCH_WEEKLY_HOUSEHOLDS", "5000"))
    results = []
    with tempfile.TemporaryDirectory() as directory:
        results.append(_seeded(Path(directory), households))
        if os.environ.get("BENCH_WEEKLY_CJ", "1") != "0":
            results.append(_complete_journey(Path(directory)))
    table = Table(title=f"Weekly selection, {PER_HOUSEHOLD} offers per card (SQLite)")
    for column in ("population", "households", "active offers", "seconds",
                   f"households/s ({WORKERS} processes)", "households/s (1 process)",
                   "baseline (one at a time)/s", "x baseline", "coupons loaded",
                   "without a personal offer", "eligibility violations",
                   "generic beside personal"):  # fmt: skip
        table.add_column(column)
    for r in results:
        table.add_row(
            str(r["population"]), f"{r['households']:,}", f"{r['active']:,}",
            f"{r['seconds']:.1f}", f"{r['rate']:,.0f}", f"{r['single']:,.0f}",
            f"{r['baseline']:,.0f}",
            f"x{float(r['rate']) / max(float(r['baseline']), 1e-9):.1f}",  # type: ignore[arg-type]
            f"{r['loaded']:,}", f"{r['without_personal']:,}",
            f"{r['violations']} of {r['checked']:,}", str(r["generic_beside"]),
        )  # fmt: skip
    console.print(table)
