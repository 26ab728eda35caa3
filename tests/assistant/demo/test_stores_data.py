"""Behaviour of the pure-data demo store network and its distance helpers."""

from __future__ import annotations

import re

import pytest

from assistant.demo.stores_data import (
    DAYS,
    SERVICES,
    ZERTY_FUEL_STORE_CODE,
    ZERTY_HOME_STORE_CODE,
    StoreSpec,
    build_stores,
    haversine_m,
    nearest_stores,
)

STORES = build_stores()
BY_CODE = {s.code: s for s in STORES}
NOTRE_DAME = (48.853, 2.3499)
PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def test_there_are_enough_stores_with_unique_codes_and_names() -> None:
    assert len(STORES) >= 24
    assert len(BY_CODE) == len(STORES)
    assert len({s.name for s in STORES}) == len(STORES)
    assert all(s.name.startswith("Carchan ") for s in STORES)


def test_build_is_deterministic_and_fresh() -> None:
    first = build_stores()
    first[0].opening_hours["mon"].clear()
    assert build_stores() == STORES
    assert STORES[0].opening_hours["mon"]


@pytest.mark.parametrize("store", STORES, ids=lambda s: s.code)
def test_store_is_within_30_km_of_notre_dame(store: StoreSpec) -> None:
    assert haversine_m(*NOTRE_DAME, store.lat, store.lon) < 30_000


@pytest.mark.parametrize("store", STORES, ids=lambda s: s.code)
def test_store_record_is_well_formed(store: StoreSpec) -> None:
    assert 150 <= store.fence_radius_m <= 600
    assert store.format in ("hyper", "super", "city")
    assert re.fullmatch(r"\d{5}", store.postcode)
    assert re.fullmatch(r"0[1-9]( \d\d){4}", store.phone)
    assert set(store.services) <= set(SERVICES)
    assert len(store.services) == len(set(store.services))
    if store.city == "Paris":
        assert store.postcode.startswith("750")


@pytest.mark.parametrize("store", STORES, ids=lambda s: s.code)
def test_opening_hours_are_well_formed(store: StoreSpec) -> None:
    assert tuple(store.opening_hours) == DAYS
    for day, intervals in store.opening_hours.items():
        if day != "sun":
            assert intervals, f"{store.code} closed on {day}"
        for opens, closes in intervals:
            assert HHMM.match(opens) and HHMM.match(closes)
            assert opens < closes


def test_hypermarkets_offer_the_full_service_set_and_bigger_fences() -> None:
    hypers = [s for s in STORES if s.format == "hyper"]
    cities = [s for s in STORES if s.format == "city"]
    assert hypers and cities
    for store in hypers:
        assert {"drive", "fuel", "delivery", "installation"} <= set(store.services)
    assert min(s.fence_radius_m for s in hypers) > max(s.fence_radius_m for s in cities)


def test_some_stores_close_on_sunday() -> None:
    assert any(s.opening_hours["sun"] == [] for s in STORES)


def test_stores_are_hashable() -> None:
    assert len(set(STORES)) == len(STORES)


def test_zerty_home_store_is_montparnasse() -> None:
    home = BY_CODE[ZERTY_HOME_STORE_CODE]
    assert "Montparnasse" in home.name
    assert home.postcode in ("75014", "75015")
    assert haversine_m(home.lat, home.lon, 48.8414, 2.3206) < 200


def test_zerty_fuel_store_is_the_nearest_store_selling_fuel() -> None:
    home = BY_CODE[ZERTY_HOME_STORE_CODE]
    fuel = BY_CODE[ZERTY_FUEL_STORE_CODE]
    assert "fuel" in fuel.services
    with_fuel = [s for s in STORES if "fuel" in s.services]
    assert nearest_stores(home.lat, home.lon, with_fuel, 1) == [fuel]
    assert haversine_m(home.lat, home.lon, fuel.lat, fuel.lon) < 10_000


@pytest.mark.parametrize(
    ("a", "b", "expected_m", "tolerance"),
    [
        (PARIS, LYON, 392_000, 0.02),
        ((0.0, 0.0), (1.0, 0.0), 111_195, 0.001),
        ((48.8414, 2.3206), (48.8530, 2.3499), 2_500, 0.05),
    ],
)
def test_haversine_known_distances(
    a: tuple[float, float], b: tuple[float, float], expected_m: float, tolerance: float
) -> None:
    assert haversine_m(*a, *b) == pytest.approx(expected_m, rel=tolerance)


def test_haversine_is_zero_on_a_point_and_symmetric() -> None:
    assert haversine_m(*PARIS, *PARIS) == 0.0
    assert haversine_m(*PARIS, *LYON) == pytest.approx(haversine_m(*LYON, *PARIS))
    assert haversine_m(0.0, 0.0, 0.0, 180.0) == pytest.approx(20_015_115, rel=0.001)


def test_nearest_stores_are_sorted_by_distance() -> None:
    lat, lon = NOTRE_DAME
    ranked = nearest_stores(lat, lon, STORES, 5)
    assert len(ranked) == 5
    distances = [haversine_m(lat, lon, s.lat, s.lon) for s in ranked]
    assert distances == sorted(distances)
    others = [s for s in STORES if s not in ranked]
    assert all(haversine_m(lat, lon, s.lat, s.lon) >= distances[-1] for s in others)


@pytest.mark.parametrize("store", STORES[:6], ids=lambda s: s.code)
def test_a_store_is_its_own_nearest(store: StoreSpec) -> None:
    assert nearest_stores(store.lat, store.lon, STORES, 1) == [store]


def test_nearest_stores_edge_cases() -> None:
    assert nearest_stores(*PARIS, STORES, 0) == []
    assert len(nearest_stores(*PARIS, STORES, len(STORES) + 10)) == len(STORES)
    assert nearest_stores(*PARIS, [], 3) == []
    with pytest.raises(ValueError):
        nearest_stores(*PARIS, STORES, -1)
