"""Natural Earth admin-0 boundaries: read the prepared file (mapgen.prepare_boundaries makes it).

The prepared file is a TopoJSON topology: each border is stored once, as a delta-encoded arc
of quantized coordinates, and every country lists the arcs around it. Neighbours therefore
share their borders exactly, and the file (and each map) stays small.

Reading (every build) needs only the standard library.

Natural Earth's codes have quirks: ``ISO_A3`` is -99 for France, Norway, Kosovo and others,
and ``ADM0_A3`` is Natural Earth's own code (Kosovo KOS, South Sudan SDS). Each feature gets a
``mapgen_iso3`` key that facts join on; see ``join_key``.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import MapgenError
from mapgen.paths import DEFAULT_BOUNDARIES, data_path
from mapgen.tables import read_table

# Natural Earth's own codes for places ISO 3166 lacks or codes differently.
NE_CODE_TO_ISO3 = {"KOS": "XKX", "SDS": "SSD", "PSX": "PSE", "SAH": "ESH"}
@dataclass(frozen=True)
class Area:
    """One admin-0 feature, reduced to what a map needs."""

    iso3: str
    name: str
    shape: dict  # a TopoJSON geometry: {"type": "Polygon" | "MultiPolygon" | None, "arcs": [...]}
    marker: tuple[float, float] | None  # (lat, lon) where a polygon is too small to hover
    properties: dict


@dataclass
class Boundaries:
    areas: list[Area]
    arcs: list
    transform: dict
    metadata: dict
    path: Path | None = None

    def attributes(self) -> dict[str, dict[str, str]]:
        """Every Natural Earth attribute of every area, by join key, from the CSV beside the topology."""
        if self.path is None:
            raise MapgenError("these boundaries were not read from a file, so they have no attributes table")
        rows = read_table(attributes_path(self.path), ("mapgen_iso3",))
        return {row.get("mapgen_iso3"): row.values for row in rows}

    @functools.cached_property
    def page_json(self) -> str:
        """Shapes and markers as compact JSON for a map page, serialized once per process.

        It holds numbers, geometry types and the validated ISO codes only: no text to escape.
        """
        shapes = [[area.iso3, area.shape["type"], area.shape["arcs"]] for area in self.areas]
        markers = [[area.iso3, *area.marker] for area in self.areas if area.marker]
        return json.dumps({"transform": self.transform, "arcs": self.arcs, "shapes": shapes, "markers": markers},
                          separators=(",", ":"))

    def by_iso3(self) -> dict[str, Area]:
        return {area.iso3: area for area in self.areas}

    def geometry(self, area: Area) -> dict | None:
        """The area as a GeoJSON geometry in longitude and latitude (None: too small to draw)."""
        if area.shape["type"] is None:
            return None
        decoded = self._decoded_arcs

        def ring(indices):
            points: list = []
            for index in indices:
                arc = decoded[index] if index >= 0 else decoded[~index][::-1]
                points.extend(arc if not points else arc[1:])
            return points

        if area.shape["type"] == "Polygon":
            return {"type": "Polygon", "coordinates": [ring(r) for r in area.shape["arcs"]]}
        return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in polygon] for polygon in area.shape["arcs"]]}

    def extent(self, area: Area) -> tuple[tuple[float, float], tuple[float, float]]:
        """((south, west), (north, east)) of the area's shape, or of its marker when it has none."""
        geometry = self.geometry(area)
        if geometry is None:
            lat, lon = area.marker or (0.0, 0.0)
            return (lat, lon), (lat, lon)
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        points = [point for polygon in polygons for point in polygon[0]]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return (min(lats), min(lons)), (max(lats), max(lons))

    @functools.cached_property
    def _decoded_arcs(self) -> list[list[tuple[float, float]]]:
        return [self._arc_points(arc) for arc in self.arcs]

    def _arc_points(self, arc: list) -> list[tuple[float, float]]:
        (sx, sy), (tx, ty) = self.transform["scale"], self.transform["translate"]
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        return points


def load_boundaries(path: Path | None = None) -> Boundaries:
    path = Path(path) if path else data_path(DEFAULT_BOUNDARIES)
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
        geometries = topology["objects"]["countries"]["geometries"]
        arcs, transform = topology["arcs"], topology["transform"]
    except FileNotFoundError:
        raise MapgenError(f"{path}: boundaries file not found; rebuild it with prepare_boundaries()") from None
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise MapgenError(f"{path}: not a mapgen boundaries topology ({err!r}); rebuild it with prepare_boundaries()") from None
    areas = []
    for number, geometry in enumerate(geometries, start=1):
        props = geometry["properties"]
        if not re.fullmatch(r"[A-Z0-9]{2,3}", str(props.get("mapgen_iso3", ""))):
            raise MapgenError(f"{path}: geometry {number} has no valid mapgen_iso3 code; rebuild it with prepare_boundaries()")
        marker = props.get("mapgen_marker")
        shape = {"type": geometry["type"], "arcs": geometry["arcs"]}
        areas.append(Area(props["mapgen_iso3"], props["ADMIN"], shape, tuple(marker) if marker else None, props))
    return Boundaries(areas, arcs, transform, topology.get("mapgen", {}), path)


def attributes_path(topology_path: Path) -> Path:
    return topology_path.with_name(topology_path.stem + "_attributes.csv")


def join_key(row: dict, taken: set[str]) -> str:
    """The code facts join on.

    ``ISO_A3`` where Natural Earth gives one; else ``ISO_A3_EH`` when the feature is that
    country itself (France, Norway) or no other feature claims the code (``taken``: every valid
    ``ISO_A3`` and every ``ADM0_A3``); else Natural Earth's ``ADM0_A3``, mapped to ISO where ISO
    has a code. So Clipperton Island (``ISO_A3_EH`` FRA) keeps CLP, and France keeps FRA.
    """
    iso, extended, own = (str(row.get(column) or "") for column in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"))
    if re.fullmatch(r"[A-Z]{3}", iso):
        return iso
    if re.fullmatch(r"[A-Z]{3}", extended) and (extended == own or extended not in taken):
        return extended
    return NE_CODE_TO_ISO3.get(own, own)
