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

# The interactive map and the still image are both drawn in Equal Earth. The page's shapes are
# projected once, when the boundaries are prepared, in units of 100 km on a 1 km grid.
EQUAL_EARTH = "EPSG:8857"
PLANAR_UNIT = 100_000  # metres per unit
PLANAR_GRID = 0.01  # units
# Left out of the interactive map by default: no fact names Antarctica, and in Equal Earth it takes a
# fifth of the height.
LEFT_OUT = frozenset({"ATA"})

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
        """Every Natural Earth attribute of every area, by join key, from the CSV beside the topology
        (read once per process)."""
        return self._attributes

    def names_in(self, code: str) -> dict[str, str]:
        """Natural Earth's names of the areas in a language (its NAME_XX column), prepared once per
        language and process."""
        if code not in self._names:
            column = f"NAME_{code.upper()}"
            self._names[code] = {iso3: row[column] for iso3, row in self.attributes().items()
                                 if row.get(column, "").strip()}
        return self._names[code]

    @functools.cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        return {}

    @functools.cached_property
    def _attributes(self) -> dict[str, dict[str, str]]:
        if self.path is None:
            raise MapgenError("these boundaries were not read from a file, so they have no attributes table")
        rows = read_table(attributes_path(self.path), ("mapgen_iso3",))
        return {row.get("mapgen_iso3"): row.values for row in rows}

    @functools.cached_property
    def planar(self) -> dict:
        """The Equal Earth arcs and markers prepared beside the topology."""
        path = equal_earth_path(self.path) if self.path else None
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (FileNotFoundError, json.JSONDecodeError) as err:
            raise MapgenError(f"{path}: missing or damaged ({type(err).__name__}); rebuild it with "
                              "prepare_boundaries()") from None

    @functools.cached_property
    def page_json(self) -> str:
        """The map page's shapes (Equal Earth, Antarctica left out) and markers as compact JSON,
        serialized once per process.

        Each country is one SVG path in grid steps of the planar file, y pointing down as on a
        screen, with its box. The page puts the path into its SVG as it is, so the browser parses,
        draws and hit-tests it and no vertex passes through JavaScript. It holds numbers and the
        validated ISO codes only: no text to escape.
        """
        planar = self.planar
        shapes = [[iso3, path, box] for iso3, (path, box) in self._planar_paths.items() if iso3 not in LEFT_OUT]
        markers = [[iso3, *point] for iso3, point in planar["markers"].items() if iso3 not in LEFT_OUT]
        return json.dumps({"unit": planar["transform"]["scale"][0], "shapes": shapes, "markers": markers},
                          separators=(",", ":"))

    def planar_extent(self, iso3s: set[str] | None = None) -> tuple[tuple[float, float], tuple[float, float]]:
        """((south, west), (north, east)) in planar units of these countries (default: the drawn
        world); a country too small for a shape counts by its marker."""
        unit = self.planar["transform"]["scale"][0]
        chosen = {area.iso3 for area in self.areas if (iso3s is None and area.iso3 not in LEFT_OUT)
                  or (iso3s is not None and area.iso3 in iso3s)}
        xs, ys = [], []
        for iso3, (_, (left, top, right, bottom)) in self._planar_paths.items():
            if iso3 in chosen:
                xs += [left * unit, right * unit]
                ys += [-bottom * unit, -top * unit]
        for iso3, (y, x) in self.planar["markers"].items():
            if iso3 in chosen and iso3 not in self._planar_paths:
                xs.append(x)
                ys.append(y)
        return (min(ys), min(xs)), (max(ys), max(xs))

    def drawn(self) -> set[str]:
        """The countries the page draws on their own: with a shape, or a dot where too small."""
        return ({iso3 for iso3 in self._planar_paths} | set(self.planar["markers"])) - LEFT_OUT

    @functools.cached_property
    def _planar_paths(self) -> dict[str, tuple[str, list[int]]]:
        """Every area with a shape: its SVG path and box [left, top, right, bottom] in planar grid
        steps, y pointing down."""
        paths = {}
        for area in self.areas:
            # A ring whose borders were simplified to one line (a sliver) has no area to draw.
            rings = [ring for polygon in self.planar_polygons(area) for ring in polygon if len(set(ring)) >= 3]
            if not rings:
                continue
            xs = [x for ring in rings for x, _ in ring]
            ys = [y for ring in rings for _, y in ring]
            paths[area.iso3] = ("".join(map(_svg_ring, rings)), [min(xs), min(ys), max(xs), max(ys)])
        return paths

    @functools.cached_property
    def _planar_arcs(self) -> list[list[tuple[int, int]]]:
        """The planar file's arcs as points in grid steps, y pointing down."""
        arcs = []
        for arc in self.planar["arcs"]:
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x, -y))
            arcs.append(points)
        return arcs

    def planar_polygons(self, area: Area) -> list[list[list[tuple[int, int]]]]:
        """The area's polygons (outer ring, then holes) in planar grid steps, y pointing down."""
        if not area.shape["type"]:
            return []
        polygons = area.shape["arcs"] if area.shape["type"] == "MultiPolygon" else [area.shape["arcs"]]
        return [[_ring(self._planar_arcs, indices) for indices in polygon] for polygon in polygons]

    def by_iso3(self) -> dict[str, Area]:
        return {area.iso3: area for area in self.areas}

    def geometry(self, area: Area) -> dict | None:
        """The area as a GeoJSON geometry in longitude and latitude (None: too small to draw)."""
        if area.shape["type"] is None:
            return None
        arcs = self._decoded_arcs
        if area.shape["type"] == "Polygon":
            return {"type": "Polygon", "coordinates": [_ring(arcs, r) for r in area.shape["arcs"]]}
        return {"type": "MultiPolygon",
                "coordinates": [[_ring(arcs, r) for r in polygon] for polygon in area.shape["arcs"]]}

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


def _ring(arcs: list, indices: list[int]) -> list:
    """A closed ring from TopoJSON arc indices (a negative index ~i is arc i reversed)."""
    points: list = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _svg_ring(ring: list) -> str:
    """A closed ring as an SVG subpath: the first point, then relative steps."""
    steps = [f"{x - px} {y - py}" for (px, py), (x, y) in zip(ring, ring[1:-1])]
    return (f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps) + "z").replace(" -", "-")


def equal_earth_path(topology_path: Path) -> Path:
    return topology_path.with_name(topology_path.stem + "_equal_earth.json")


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


def planar_box(box: tuple[tuple[float, float], tuple[float, float]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """A longitude/latitude box in planar units (its edges sampled, as they curve in Equal Earth)."""
    from pyproj import Transformer

    (south, west), (north, east) = box
    steps = [i / 20 for i in range(21)]
    edge = ([(west + (east - west) * t, south) for t in steps] + [(west + (east - west) * t, north) for t in steps]
            + [(west, south + (north - south) * t) for t in steps] + [(east, south + (north - south) * t) for t in steps])
    xs, ys = Transformer.from_crs("EPSG:4326", EQUAL_EARTH, always_xy=True).transform(
        [p[0] for p in edge], [p[1] for p in edge])
    return ((min(ys) / PLANAR_UNIT, min(xs) / PLANAR_UNIT), (max(ys) / PLANAR_UNIT, max(xs) / PLANAR_UNIT))
