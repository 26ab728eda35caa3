"""A uniform grid over the fences: each cell lists the fences its area may fall in.

A fence is registered in every cell its bounding box touches, so a point needs one dict
lookup and a scan of a handful of fences (usually none: most of France is far from a store).
Each cell carries the metres-per-degree scale at its centre latitude, so the distance to a
candidate needs no trigonometry per ping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from geofences.geo import metres_per_degree

DEFAULT_CELL_DEG = 0.02  # ~2.2 km north-south: a cell holds few fences, a fence few cells
_LON_CELLS = 1 << 16


@dataclass(frozen=True, slots=True)
class Fence:
    store_id: int
    lat: float
    lon: float
    radius_m: float
    kx: float  # metres per degree of longitude at the fence
    ky: float  # metres per degree of latitude at the fence

    @classmethod
    def make(cls, store_id: int, lat: float, lon: float, radius_m: float) -> Fence:
        kx, ky = metres_per_degree(lat)
        return cls(store_id, lat, lon, float(radius_m), kx, ky)

    def distance_m(self, lat: float, lon: float) -> float:
        dx = (lon - self.lon) * self.kx
        dy = (lat - self.lat) * self.ky
        return float((dx * dx + dy * dy) ** 0.5)


# A cell: (kx, ky, ((store_id, lat, lon, radius_m), ...)); plain tuples iterate fastest.
CellEntry = tuple[int, float, float, float]
Cell = tuple[float, float, tuple[CellEntry, ...]]


class FenceIndex:
    def __init__(self, fences: Iterable[Fence], *, cell_deg: float = DEFAULT_CELL_DEG) -> None:
        self.cell_deg = cell_deg
        self.inv = 1.0 / cell_deg
        self.fences: dict[int, Fence] = {}
        buckets: dict[int, list[CellEntry]] = {}
        for fence in fences:
            self.fences[fence.store_id] = fence
            dlat = fence.radius_m / fence.ky
            dlon = fence.radius_m / max(fence.kx, 1e-9)
            row0, col0 = self._cell(fence.lat - dlat, fence.lon - dlon)
            row1, col1 = self._cell(fence.lat + dlat, fence.lon + dlon)
            entry = (fence.store_id, fence.lat, fence.lon, fence.radius_m)
            for row in range(row0, row1 + 1):
                for col in range(col0, col1 + 1):
                    buckets.setdefault(row * _LON_CELLS + col, []).append(entry)
        self.cells: dict[int, Cell] = {}
        for key, entries in buckets.items():
            centre = (key // _LON_CELLS + 0.5) * cell_deg - 90.0
            kx, ky = metres_per_degree(centre)
            self.cells[key] = (kx, ky, tuple(entries))

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int((lat + 90.0) * self.inv), int((lon + 180.0) * self.inv)

    def key(self, lat: float, lon: float) -> int:
        return int((lat + 90.0) * self.inv) * _LON_CELLS + int((lon + 180.0) * self.inv)

    def cell(self, lat: float, lon: float) -> Cell | None:
        return self.cells.get(
            int((lat + 90.0) * self.inv) * _LON_CELLS + int((lon + 180.0) * self.inv)
        )

    def containing(self, lat: float, lon: float) -> list[int]:
        """Store ids whose fence contains the point (distance <= radius)."""
        cell = self.cell(lat, lon)
        if cell is None:
            return []
        kx, ky, entries = cell
        found = []
        for store_id, slat, slon, radius in entries:
            dx = (lon - slon) * kx
            dy = (lat - slat) * ky
            if dx * dx + dy * dy <= radius * radius:
                found.append(store_id)
        return found

    def __len__(self) -> int:
        return len(self.fences)
