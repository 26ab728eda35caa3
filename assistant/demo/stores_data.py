"""The Carchan demo store network around Paris, as pure data (no database code).

Coordinates are those of the real neighbourhoods the stores are named after, so
geofencing, "nearest store" and travel-time demos behave like the real city.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "DAYS",
    "SERVICES",
    "ZERTY_FUEL_STORE_CODE",
    "ZERTY_HOME_STORE_CODE",
    "StoreSpec",
    "build_stores",
    "haversine_m",
    "nearest_stores",
]

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SERVICES: tuple[str, ...] = (
    "drive",
    "fuel",
    "pharmacy",
    "car_wash",
    "photo",
    "key_cutting",
    "delivery",
    "installation",
)
FORMATS: tuple[str, ...] = ("hyper", "super", "city")

# Mean Earth radius (IUGG); the spherical model is off by < 0.5 % at city scale.
EARTH_RADIUS_M = 6_371_008.8

ZERTY_HOME_STORE_CODE = "PAR-MONTPARNASSE"
# The nearest hypermarket with a petrol station to the Zerty flat (Paris 15th).
ZERTY_FUEL_STORE_CODE = "HDS-ISSY"

Hours = dict[str, list[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class StoreSpec:
    code: str
    name: str
    street: str
    postcode: str
    city: str
    lat: float
    lon: float
    fence_radius_m: int
    format: str
    # A dict is not hashable: leave it out of the hash so stores can live in sets.
    opening_hours: Hours = field(hash=False)
    services: tuple[str, ...]
    phone: str


# Sunday opening stops at 12:45 / 13:00 in most Paris-area food stores (labour code).
_HOURS_BY_FORMAT: dict[str, tuple[tuple[str, str], tuple[str, str] | None]] = {
    "hyper": (("08:30", "21:30"), ("09:00", "12:45")),
    "super": (("08:30", "21:00"), ("09:00", "13:00")),
    "city": (("08:00", "22:00"), ("09:00", "13:00")),
}

_SERVICES_BY_FORMAT: dict[str, tuple[str, ...]] = {
    "hyper": ("drive", "fuel", "delivery", "installation", "car_wash", "photo", "key_cutting"),
    "super": ("drive", "delivery", "photo"),
    "city": ("delivery",),
}

_RADIUS_BY_FORMAT: dict[str, int] = {"hyper": 500, "super": 280, "city": 160}

# code, name suffix, street, postcode, city, lat, lon, format, extra services, phone
_StoreRow = tuple[str, str, str, str, str, float, float, str, tuple[str, ...], str]

# fmt: off
# One store per line: the table reads better than the formatter's one-field-per-line layout.
_STORES: tuple[_StoreRow, ...] = (
    ("PAR-MONTPARNASSE", "Montparnasse", "17 rue de l'Arrivée", "75015", "Paris",
     48.8414, 2.3206, "super", ("key_cutting", "pharmacy"), "01 45 38 62 10"),
    ("PAR-CONVENTION", "Convention", "112 rue de la Convention", "75015", "Paris",
     48.8379, 2.2963, "city", (), "01 45 57 20 84"),
    ("PAR-ALESIA", "Alésia", "58 avenue du Général Leclerc", "75014", "Paris",
     48.8283, 2.3266, "super", ("key_cutting",), "01 43 27 91 35"),
    ("PAR-ITALIE", "Italie", "30 avenue d'Italie", "75013", "Paris",
     48.8310, 2.3558, "super", ("pharmacy",), "01 45 80 33 72"),
    ("PAR-BERCY", "Bercy", "12 cour Saint-Émilion", "75012", "Paris",
     48.8334, 2.3866, "super", (), "01 43 40 15 26"),
    ("PAR-NATION", "Nation", "9 boulevard de Charonne", "75011", "Paris",
     48.8490, 2.3948, "city", (), "01 43 71 48 09"),
    ("PAR-REPUBLIQUE", "République", "21 rue du Faubourg du Temple", "75010", "Paris",
     48.8693, 2.3654, "city", ("photo",), "01 42 08 57 63"),
    ("PAR-BELLEVILLE", "Belleville", "86 boulevard de Belleville", "75020", "Paris",
     48.8716, 2.3786, "city", (), "01 43 58 26 41"),
    ("PAR-BATIGNOLLES", "Batignolles", "44 rue des Batignolles", "75017", "Paris",
     48.8853, 2.3189, "super", ("key_cutting",), "01 42 93 70 18"),
    ("PAR-MONTMARTRE", "Montmartre", "7 rue Caulaincourt", "75018", "Paris",
     48.8862, 2.3333, "city", (), "01 46 06 52 97"),
    ("PAR-AUTEUIL", "Auteuil", "35 rue d'Auteuil", "75016", "Paris",
     48.8478, 2.2666, "city", (), "01 45 27 83 50"),
    ("HDS-BOULOGNE", "Boulogne-Billancourt", "60 route de la Reine", "92100",
     "Boulogne-Billancourt", 48.8397, 2.2398, "super", ("pharmacy",), "01 46 05 39 21"),
    ("HDS-ISSY", "Issy-les-Moulineaux", "2 quai du Président Roosevelt", "92130",
     "Issy-les-Moulineaux", 48.8272, 2.2627, "hyper", ("pharmacy",), "01 46 42 18 70"),
    ("HDS-LEVALLOIS", "Levallois-Perret", "89 rue Anatole France", "92300", "Levallois-Perret",
     48.8951, 2.2876, "city", (), "01 47 57 64 32"),
    ("HDS-CLICHY", "Clichy", "50 boulevard Jean Jaurès", "92110", "Clichy",
     48.9030, 2.3055, "super", ("key_cutting",), "01 47 37 25 86"),
    ("HDS-NANTERRE", "Nanterre", "1 avenue Joliot-Curie", "92000", "Nanterre",
     48.8961, 2.2139, "hyper", (), "01 47 21 90 44"),
    ("HDS-RUEIL", "Rueil-Malmaison", "20 avenue de Colmar", "92500", "Rueil-Malmaison",
     48.8778, 2.1808, "super", ("pharmacy",), "01 47 08 36 15"),
    ("HDS-ANTONY", "Antony", "40 avenue Aristide Briand", "92160", "Antony",
     48.7545, 2.3002, "super", (), "01 46 66 47 28"),
    ("SSD-SAINT-DENIS", "Saint-Denis Stade de France", "8 avenue Jules Rimet", "93200",
     "Saint-Denis", 48.9213, 2.3597, "hyper", ("pharmacy",), "01 48 09 71 53"),
    ("SSD-MONTREUIL", "Montreuil", "5 rue de Paris", "93100", "Montreuil",
     48.8582, 2.4381, "super", (), "01 48 58 12 67"),
    ("SSD-BOBIGNY", "Bobigny", "31 avenue Louis Aragon", "93000", "Bobigny",
     48.9089, 2.4396, "hyper", (), "01 48 30 55 90"),
    ("SSD-ROSNY", "Rosny-sous-Bois", "16 rue Léon Blum", "93110", "Rosny-sous-Bois",
     48.8809, 2.4799, "hyper", ("pharmacy",), "01 48 12 40 36"),
    ("SSD-NOISY", "Noisy-le-Grand", "3 place de l'Arche Guédon", "93160", "Noisy-le-Grand",
     48.8406, 2.5497, "hyper", (), "01 43 04 28 17"),
    ("VDM-VINCENNES", "Vincennes", "52 rue de Fontenay", "94300", "Vincennes",
     48.8477, 2.4386, "city", (), "01 43 28 63 74"),
    ("VDM-IVRY", "Ivry-sur-Seine", "24 quai Marcel Boyer", "94200", "Ivry-sur-Seine",
     48.8175, 2.3940, "hyper", (), "01 46 72 39 08"),
    ("VDM-CRETEIL", "Créteil Soleil", "101 avenue du Général de Gaulle", "94000", "Créteil",
     48.7798, 2.4587, "hyper", ("pharmacy",), "01 43 99 52 61"),
    ("YVE-VELIZY", "Vélizy", "2 avenue de l'Europe", "78140", "Vélizy-Villacoublay",
     48.7829, 2.2207, "hyper", (), "01 39 46 85 12"),
    ("YVE-VERSAILLES", "Versailles", "15 rue des États Généraux", "78000", "Versailles",
     48.7997, 2.1300, "super", ("key_cutting",), "01 39 50 27 43"),
    ("ESS-MASSY", "Massy", "6 avenue Carnot", "91300", "Massy",
     48.7297, 2.2752, "hyper", (), "01 69 20 48 35"),
)
# fmt: on

# Exceptions to the format's usual hours, as real stores have them.
_SUNDAY_CLOSED: frozenset[str] = frozenset({"YVE-VERSAILLES", "HDS-ANTONY"})
_LATE_CITY: frozenset[str] = frozenset({"PAR-REPUBLIQUE", "PAR-BELLEVILLE"})
# Stores whose catchment is wider than their floor area suggests (car parks, ring roads).
_RADIUS_OVERRIDE: dict[str, int] = {
    "SSD-ROSNY": 600,
    "VDM-CRETEIL": 600,
    "YVE-VELIZY": 550,
    "PAR-MONTPARNASSE": 300,
    "PAR-REPUBLIQUE": 150,
}


def build_stores() -> list[StoreSpec]:
    """Every Carchan store of the demo world, in a stable order; fresh objects each call."""
    return [_store(row) for row in _STORES]


def _store(row: _StoreRow) -> StoreSpec:
    code, suffix, street, postcode, city, lat, lon, fmt, extra, phone = row
    services = tuple(s for s in SERVICES if s in _SERVICES_BY_FORMAT[fmt] or s in extra)
    return StoreSpec(
        code=code,
        name=f"Carchan {suffix}",
        street=street,
        postcode=postcode,
        city=city,
        lat=lat,
        lon=lon,
        fence_radius_m=_RADIUS_OVERRIDE.get(code, _RADIUS_BY_FORMAT[fmt]),
        format=fmt,
        opening_hours=_opening_hours(code, fmt),
        services=services,
        phone=phone,
    )


def _opening_hours(code: str, fmt: str) -> Hours:
    weekday, sunday = _HOURS_BY_FORMAT[fmt]
    if code in _LATE_CITY:
        weekday = ("07:30", "23:00")
    if code in _SUNDAY_CLOSED:
        sunday = None
    hours: Hours = {day: [weekday] for day in DAYS[:-1]}
    hours["sun"] = [sunday] if sunday else []
    return hours


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points (degrees)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    # min() guards asin against rounding just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def nearest_stores(lat: float, lon: float, stores: Iterable[StoreSpec], k: int) -> list[StoreSpec]:
    """The `k` stores closest to (lat, lon), nearest first; ties broken by store code."""
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    ranked = sorted(stores, key=lambda s: (haversine_m(lat, lon, s.lat, s.lon), s.code))
    return ranked[:k]
