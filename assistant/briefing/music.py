"""The track the morning radio opens with, chosen by the household's music taste."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.text import fold

DATA = Path(__file__).resolve().parent / "data" / "morning_music.yml"


@dataclass(frozen=True)
class Track:
    taste: str
    title: str
    artist: str
    seconds: int


@lru_cache(maxsize=1)
def _tracks() -> dict[str, Track]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    tracks = (
        Track(str(t["taste"]), t["title"], t["artist"], int(t["seconds"])) for t in data["tracks"]
    )
    return {fold(track.taste): track for track in tracks}


def morning_track(tastes: list[str]) -> Track | None:
    """The track of the first taste that has one; None when none does."""
    return next((_tracks()[fold(t)] for t in tastes if fold(t) in _tracks()), None)
