"""The weekly personalised selection: up to N offers per card, eligibility never broken, the
generic offer only when nothing personal is relevant, loaded for the week with the reason."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from assistant.catalog.models import Product, Store
from assistant.cli import app
from assistant.coupons import wallet
from assistant.coupons.weekly import (
    WeeklyReport,
    select_week,
    select_week_in_processes,
    week_after,
)
from assistant.customers.models import Household
from assistant.offers.models import CouponAssignment
from assistant.scheduler.models import Job, JobKind
from assistant.scheduler.runner import handlers
from assistant.scheduler.service import ensure_weekly_offers, run_job
from tests.assistant.offers.helpers import NOW, TODAY, assign, buy, make_coupon
from tests.factories import make_household, make_member, make_pet, make_product, make_store

START = TODAY + dt.timedelta(days=1)
runner = CliRunner()


def _run(session: Session, per_household: int = 5, chunk: int = 1000) -> WeeklyReport:
    ids = [h for h in session.exec(select(Household.id)).all() if h is not None]
    return select_week(
        session.connection(), start=START, now=NOW, per_household=per_household, chunk=chunk,
        first_id=min(ids), last_id=max(ids),
    )  # fmt: skip


def _loaded(session: Session, household: Household) -> dict[int, CouponAssignment]:
    session.expire_all()
    rows = session.exec(
        select(CouponAssignment).where(CouponAssignment.household_id == household.id)
    ).all()
    return {a.coupon_id: a for a in rows}


def _coffee_buyer(session: Session, store: Store, coffee: Product) -> Household:
    """An adult household that bought coffee three days ago."""
    home = make_household(session)
    make_member(session, home, birth_date=dt.date(1980, 1, 1))
    buy(session, home, store, TODAY - dt.timedelta(days=3), coffee)
    return home


@pytest.fixture
def coffee(session: Session) -> Product:
    return make_product(session, category="cafe", department="epicerie")


def test_a_coffee_buyer_gets_the_coffee_coupon_for_the_week_with_its_reason(
    session: Session, coffee: Product
) -> None:
    home = make_household(session, lang="fr")
    make_member(session, home, birth_date=dt.date(1980, 1, 1))
    buy(session, home, make_store(session), TODAY - dt.timedelta(days=3), coffee, coffee)
    coupon = make_coupon(session, "CAFE", coffee, discount_kind="percent", discount_value=30)
    report = _run(session)
    loaded = _loaded(session, home)
    assert list(loaded) == [coupon.id]
    assignment = loaded[coupon.id or 0]
    assert (assignment.source, assignment.valid_from, assignment.valid_to) == (
        "weekly",
        START,
        min(START + dt.timedelta(days=6), coupon.valid_to or START),
    )
    assert assignment.explanation and "achet" in assignment.explanation
    assert (report.households, report.loaded, report.without_personal) == (1, 1, 0)
    # Loaded means held: the list, the order and the till apply it from the week's first day.
    held = wallet.held(session=session, household_id=home.id or 0, day=START)
    assert coupon.id in [c.id for c in held]


def test_eligibility_is_never_broken_and_the_generic_offer_only_without_a_personal_one(
    session: Session,
) -> None:
    cat_home = make_household(session)
    make_member(session, cat_home, birth_date=dt.date(1980, 1, 1))
    make_pet(session, cat_home, species="cat")
    retired = make_household(session)
    make_member(session, retired, birth_date=dt.date(1950, 1, 1))
    dog_food = make_product(session, category="croquettes-chien", department="animalerie-chien",
                            pet_species="dog")  # fmt: skip
    cat_food = make_product(session, category="croquettes-chat", department="animalerie-chat",
                            pet_species="cat")  # fmt: skip
    diapers = make_product(session, category="couches", department="bebe", is_baby=True)
    dog = make_coupon(session, "CHIEN", dog_food, discount_value=20)
    cat = make_coupon(session, "CHAT", cat_food, discount_value=20)
    baby = make_coupon(session, "BEBE", diapers, discount_value=20)
    generic = make_coupon(session, "GEN", is_generic=True, discount_kind="amount",
                          discount_value=1000, min_purchase_cents=6000)  # fmt: skip
    report = _run(session)
    cat_loaded = _loaded(session, cat_home)
    assert cat.id in cat_loaded and dog.id not in cat_loaded and baby.id not in cat_loaded
    assert generic.id not in cat_loaded  # something personal was relevant
    assert list(_loaded(session, retired)) == [generic.id]
    assert report.without_personal == 1


def test_at_most_n_offers_best_first_and_a_rerun_loads_nothing_twice(session: Session) -> None:
    home = make_household(session)
    make_member(session, home, birth_date=dt.date(1980, 1, 1))
    store = make_store(session)
    products = [make_product(session, category=f"cat-{n}", department="epicerie") for n in range(4)]
    coupons = []
    for n, product in enumerate(products):
        # Bought n + 1 times: the most bought is the most relevant.
        buy(session, home, store, TODAY - dt.timedelta(days=2), *([product] * (n + 1)))
        coupons.append(make_coupon(session, f"P{n}", product, discount_value=10))
    _run(session, per_household=2)
    assert set(_loaded(session, home)) == {coupons[3].id, coupons[2].id}
    again = _run(session, per_household=2)
    assert set(_loaded(session, home)) == {coupons[3].id, coupons[2].id}
    assert again.loaded == 2  # the same two, their window moved, no duplicate row


def test_spent_and_customer_loaded_coupons_are_left_alone(
    session: Session, coffee: Product
) -> None:
    home = _coffee_buyer(session, make_store(session), coffee)
    spent = make_coupon(session, "SPENT", coffee, discount_value=10)
    assign(session, home, spent).redeemed_at = NOW - dt.timedelta(days=1)
    clipped = make_coupon(session, "CLIP", coffee, category="cafe", discount_value=20)
    wallet.load(session=session, household_id=home.id or 0, coupon_id=clipped.id or 0, now=NOW)
    session.flush()
    _run(session)
    loaded = _loaded(session, home)
    assert loaded[spent.id or 0].redeemed_at is not None
    assert (loaded[clipped.id or 0].source, loaded[clipped.id or 0].valid_to) == ("clip", None)


def test_households_are_selected_a_chunk_at_a_time(session: Session, coffee: Product) -> None:
    store = make_store(session)
    homes = []
    for _ in range(5):
        homes.append(_coffee_buyer(session, store, coffee))
    coupon = make_coupon(session, "CAFE", coffee, discount_value=30)
    report = _run(session, chunk=2)
    assert report.households == 5
    assert all(list(_loaded(session, home)) == [coupon.id] for home in homes)


def test_the_weekly_job_runs_friday_night_for_the_week_after(
    session: Session, coffee: Product
) -> None:
    home = _coffee_buyer(session, make_store(session), coffee)
    coupon = make_coupon(session, "CAFE", coffee, discount_value=30,
                         valid_to=TODAY + dt.timedelta(days=30))  # fmt: skip
    job = ensure_weekly_offers(session=session, now=NOW, timezone="Europe/Paris")
    assert ensure_weekly_offers(session=session, now=NOW, timezone="Europe/Paris").id == job.id
    run_at = job.run_at
    local = run_at.astimezone(dt.timezone(dt.timedelta(hours=1)))  # Paris in December
    assert (job.kind, local.weekday(), local.time()) == (JobKind.weekly_offers, 4, dt.time(22))
    outcome = run_job(session=session, job=job, now=run_at, handlers=handlers(None, None))
    assert "1 coupons loaded" in outcome
    assignment = _loaded(session, home)[coupon.id or 0]
    assert (
        assignment.valid_from
        == week_after(run_at, "Europe/Paris")
        == local.date() + dt.timedelta(1)
    )
    assert session.get(Job, job.id).run_at == run_at + dt.timedelta(days=7)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "next friday"], "not a date"),
        (["--per-household", "-1"], "Invalid value"),
        (["--first-id", "5", "--last-id", "2"], "before --first-id"),
    ],
)
def test_the_weekly_command_refuses_bad_input(
    cli_database_url: str, args: list[str], message: str
) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["offers", "weekly", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_the_weekly_command_on_an_empty_database(cli_database_url: str) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["offers", "weekly", "--start", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert f"week of {TODAY}: 0 households" in result.output


def test_two_processes_select_every_card_once(cli_database_url: str) -> None:
    from assistant.db import make_engine, migrate

    migrate(cli_database_url)
    engine = make_engine(cli_database_url)
    with Session(engine, expire_on_commit=False) as session:
        store = make_store(session)
        coffee = make_product(session, category="cafe", department="epicerie")
        homes = []
        for _ in range(7):
            homes.append(_coffee_buyer(session, store, coffee).id)
        coupon = make_coupon(session, "CAFE", coffee, discount_value=30)
        session.commit()
    report = select_week_in_processes(
        cli_database_url, start=START, now=NOW, per_household=5, workers=2, chunk=2
    )
    with Session(engine) as session:
        rows = session.exec(select(CouponAssignment.household_id, CouponAssignment.coupon_id)).all()
    engine.dispose()
    assert (report.households, report.loaded) == (7, 7)
    assert sorted(rows) == sorted((home, coupon.id) for home in homes)
