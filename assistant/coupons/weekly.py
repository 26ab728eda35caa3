"""The weekly personalised selection: for every household, up to N of the week's active offers,
loaded onto its card for the week with the reason kept.

Relevance and eligibility are the offer engine's (`assistant.offers.engine`), the same rules
as the offers screen: a coupon is loaded only when every product it covers is allowed for the
household, ranked by its history and profile; the generic offer only when nothing personal is
relevant. Households are read and written a chunk at a time (a few set-based queries per
chunk, one transaction per chunk), so a run over millions of cards holds no long lock and a
crash loses at most one chunk, which the next run redoes (the upsert is idempotent).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from assistant.clock import local_day
from assistant.customers.models import Household, Member, Pet, Preference
from assistant.offers import durables
from assistant.offers.batch import BatchIndex, top_n
from assistant.offers.engine import Candidate, CandidateIndex, Traits
from assistant.offers.explain import explain
from assistant.offers.history import read_histories
from assistant.offers.models import Campaign, Coupon, CouponAssignment
from assistant.offers.service import coupon_items, traits_of

WEEK = dt.timedelta(days=7)
CHUNK = 1000


def week_after(run_at: dt.datetime, timezone: str | None) -> dt.date:
    """The first day of the week a run selects for: the day after the run's local day."""
    return local_day(run_at, timezone) + dt.timedelta(days=1)


@dataclass(frozen=True)
class WeekCatalogue:
    coupons: dict[int, Coupon]
    index: CandidateIndex
    batch: BatchIndex


def week_catalogue(session: Session, start: dt.date) -> WeekCatalogue:
    """The offers active at some point of the week [start, start + 6]; a durable's replacement
    is personal to the household it was made for, never selected for others."""
    end = start + WEEK - dt.timedelta(days=1)
    durable = session.exec(
        select(Campaign.id).where(Campaign.code == durables.CAMPAIGN_CODE)
    ).first()
    query = select(Coupon).where(
        sa.or_(col(Coupon.valid_from).is_(None), col(Coupon.valid_from) <= end),
        sa.or_(col(Coupon.valid_to).is_(None), col(Coupon.valid_to) >= start),
    )
    if durable is not None:
        query = query.where(
            sa.or_(col(Coupon.campaign_id).is_(None), col(Coupon.campaign_id) != durable)
        )
    coupons = {c.id: c for c in session.exec(query.order_by(col(Coupon.id))) if c.id is not None}
    items = coupon_items(session, coupons.values())
    candidates = [
        Candidate(
            key=cid,
            items=items.get(cid, ()),
            categories=(
                frozenset({c.category}) if c.category and c.product_id is None else frozenset()
            ),
            is_generic=c.is_generic,
        )
        for cid, c in coupons.items()
    ]
    index = CandidateIndex(candidates)
    return WeekCatalogue(coupons, index, BatchIndex(index))


def _next_ids(session: Session, after: int, last: int | None, chunk: int) -> list[int]:
    query = select(Household.id).where(col(Household.id) > after)
    if last is not None:
        query = query.where(col(Household.id) <= last)
    return [i for i in session.exec(query.order_by(col(Household.id)).limit(chunk)) if i]


def traits_for(session: Session, ids: Sequence[int], today: dt.date) -> dict[int, Traits]:
    """The traits of households `ids` on `today`, in three queries whatever their number."""
    pets: dict[int, list[str]] = defaultdict(list)
    members: dict[int, list[tuple[dt.date | None, str]]] = defaultdict(list)
    prefs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for hid, species in session.exec(
        select(Pet.household_id, Pet.species).where(col(Pet.household_id).in_(ids))
    ):
        pets[hid].append(species)
    for hid, born, role in session.exec(
        select(col(Member.household_id), col(Member.birth_date), col(Member.role)).where(
            col(Member.household_id).in_(ids)
        )
    ):
        members[hid].append((born, role))
    for hid, kind, value in session.exec(
        select(Preference.household_id, Preference.kind, Preference.value).where(
            col(Preference.household_id).in_(ids)
        )
    ):
        prefs[hid].append((kind, value))
    return {hid: traits_of(pets[hid], members[hid], prefs[hid], today) for hid in ids}


@dataclass(frozen=True)
class ChunkResult:
    households: int
    loaded: int
    without_personal: int


def select_chunk(
    session: Session, catalogue: WeekCatalogue, ids: Sequence[int], start: dt.date,
    now: dt.datetime, per_household: int,
) -> ChunkResult:  # fmt: skip
    """Selects and loads the week's offers of the households `ids`; flushes."""
    end = start + WEEK - dt.timedelta(days=1)
    households = {
        hid: lang
        for hid, lang in session.exec(
            select(Household.id, Household.lang).where(col(Household.id).in_(ids))
        )
        if hid is not None
    }
    traits = traits_for(session, ids, start)
    histories = read_histories(
        session, ids, start, products=catalogue.index.by_product,
        categories=catalogue.index.by_category,
    )  # fmt: skip
    existing: dict[int, dict[int, CouponAssignment]] = defaultdict(dict)
    for assignment in session.exec(
        select(CouponAssignment).where(col(CouponAssignment.household_id).in_(ids))
    ):
        existing[assignment.household_id][assignment.coupon_id] = assignment
    inserts: list[dict[str, object]] = []
    renewals: list[dict[str, object]] = []
    loaded = without_personal = 0
    present = [hid for hid in ids if hid in households]
    # A coupon already used is never loaded again.
    spent = {
        hid: frozenset(cid for cid, a in existing.get(hid, {}).items() if a.redeemed_at is not None)
        for hid in present
    }
    chosen = top_n(
        catalogue.batch, [(traits[hid], histories[hid], spent[hid]) for hid in present],
        per_household,
    )  # fmt: skip
    for hid, picks in zip(present, chosen, strict=True):
        held = existing.get(hid, {})
        if not any(r.personal for r in picks):
            without_personal += 1
        lang = households[hid]
        for ranked in picks:
            cid = ranked.candidate.key
            coupon = catalogue.coupons[cid]
            window_to = min(end, coupon.valid_to) if coupon.valid_to else end
            why = explain(ranked.reasons, lang)[:300]
            current = held.get(cid)
            if current is None:
                inserts.append(
                    {"coupon_id": cid, "household_id": hid, "assigned_at": now,
                     "source": "weekly", "valid_from": start, "valid_to": window_to,
                     "explanation": why}
                )  # fmt: skip
                loaded += 1
            elif current.source == "weekly" and current.redeemed_at is None:
                # Last week's selection chosen again: its window moves to this week.
                renewals.append({"row_id": current.id, "valid_from": start,
                                 "valid_to": window_to, "explanation": why})  # fmt: skip
                loaded += 1
            # Loaded by the customer or a campaign: already on the card, left as it is.
    table = CouponAssignment.__table__  # type: ignore[attr-defined]
    if inserts:
        session.execute(sa.insert(table), inserts)
    if renewals:
        session.execute(
            sa.update(table)
            .where(table.c.id == sa.bindparam("row_id"))
            .values(valid_from=sa.bindparam("valid_from"), valid_to=sa.bindparam("valid_to"),
                    explanation=sa.bindparam("explanation")),
            renewals,
        )  # fmt: skip
    session.flush()
    return ChunkResult(len(households), loaded, without_personal)


@dataclass(frozen=True)
class WeeklyReport:
    start: dt.date
    households: int
    loaded: int
    without_personal: int
    active_offers: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.households / self.seconds if self.seconds > 0 else 0.0


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for one chunk: a chunk makes 100,000s of short-lived rows
    and tuples, none in a cycle, and the collector's passes over them were 40% of reading the
    habits of The Complete Journey. Reference counting still frees them; whatever cycles the
    chunk leaves (the session's) are collected when it is turned back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def select_week(
    bind: Engine | Connection,
    *,
    start: dt.date,
    now: dt.datetime,
    per_household: int,
    chunk: int = CHUNK,
    first_id: int = 1,
    last_id: int | None = None,
) -> WeeklyReport:
    """Runs the selection over the households with ids in [first_id, last_id], one
    transaction per chunk (on a Connection, the caller's transaction holds them all)."""
    started = time.perf_counter()
    households = loaded = without = 0
    with Session(bind) as reader:
        catalogue = week_catalogue(reader, start)
    after = first_id - 1
    while True:
        with _collector_paused(), Session(bind) as session:
            ids = _next_ids(session, after, last_id, chunk)
            if not ids:
                break
            result = select_chunk(session, catalogue, ids, start, now, per_household)
            session.commit()
        after = ids[-1]
        households += result.households
        loaded += result.loaded
        without += result.without_personal
    return WeeklyReport(
        start, households, loaded, without, len(catalogue.coupons), time.perf_counter() - started
    )


def _run_range(
    url: str, start: dt.date, now: dt.datetime, per_household: int, chunk: int, first: int,
    last: int,
) -> WeeklyReport:  # fmt: skip
    from assistant.db import make_engine

    engine = make_engine(url)
    try:
        return select_week(engine, start=start, now=now, per_household=per_household,
                           chunk=chunk, first_id=first, last_id=last)  # fmt: skip
    finally:
        engine.dispose()


def select_week_in_processes(
    url: str, *, start: dt.date, now: dt.datetime, per_household: int, workers: int,
    chunk: int = CHUNK,
) -> WeeklyReport:  # fmt: skip
    """`select_week` over `workers` processes, each on its own slice of household ids (the
    slices never overlap, so no card is selected twice)."""
    from assistant.db import make_engine

    started = time.perf_counter()
    engine = make_engine(url)
    with Session(engine) as session:
        ids = [i for i in session.exec(select(Household.id).order_by(col(Household.id))) if i]
    engine.dispose()
    if workers <= 1 or len(ids) < 2 * chunk:
        return _run_range(url, start, now, per_household, chunk, 1, ids[-1] if ids else 1)
    size = -(-len(ids) // workers)
    slices = [(part[0], part[-1]) for part in (ids[i : i + size] for i in range(0, len(ids), size))]
    # fork: the workers start at once with what is already imported (this is Linux's default).
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(slices), mp_context=context) as pool:
        reports = list(
            pool.map(_run_range, *zip(*[(url, start, now, per_household, chunk, first, last)
                                        for first, last in slices], strict=True))
        )  # fmt: skip
    return WeeklyReport(
        start,
        sum(r.households for r in reports),
        sum(r.loaded for r in reports),
        sum(r.without_personal for r in reports),
        max(r.active_offers for r in reports),
        time.perf_counter() - started,
    )
