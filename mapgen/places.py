"""Where a country is on the page: a point well inside it and the size of its box.

The page opens a country's popup at this point when a reader reaches the country with the
keyboard or the search box, and puts a tap target there when the country is drawn too small for a
finger (mapgen.js measures the box at the zoom the reader is at). The point is the pole of
inaccessibility of the country's largest polygon (shapely's polylabel): the spot farthest from its
borders, so a tap target centred there covers as little of a neighbour as the country allows.
Poles are searched when the boundaries are prepared and stored with them (``prepared``); a build
searches only those of boundaries prepared without them.
A small state drawn as a dot has its dot's point and no size.
"""
from __future__ import annotations

from dataclasses import dataclass

from mapgen.boundaries import Boundaries

POLE_TOLERANCE = 10  # grid steps (10 km): finer changes no tap


@dataclass(frozen=True)
class Place:
    iso3: str
    point: tuple[float, float]  # (y, x) in the page's planar units
    size: tuple[float, float]  # (width, height) of its largest polygon's box in planar units; (0, 0): a dot
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # (south, west, north, east) of all its parts


def places(boundaries: Boundaries, iso3s: list[str]) -> list[Place]:
    """The place of each of these countries that the page draws, in the order given."""
    markers = boundaries.planar["markers"]
    unit = boundaries.planar["transform"]["scale"][0]
    areas = boundaries.by_iso3()
    found = []
    for iso3 in iso3s:
        if iso3 in markers:
            y, x = markers[iso3]
            found.append(Place(iso3, (y, x), (0.0, 0.0), (y, x, y, x)))
        elif iso3 in areas and (pole := _cached_pole(boundaries, areas[iso3])):
            (x, y), (width, height), (left, top, right, bottom) = pole
            found.append(Place(iso3, (-y * unit, x * unit), (width * unit, height * unit),
                               (-bottom * unit, left * unit, -top * unit, right * unit)))
    return found


Pole = tuple[tuple[float, float], tuple[float, float], tuple[float, float, float, float]]
_POLES: dict[tuple[str, int, str], Pole | None] = {}


def prepared(boundaries: Boundaries) -> dict[str, list[float]]:
    """Every drawn country's pole, size and box, as ``prepare_boundaries`` stores them in the
    Equal Earth file (flat: x, y, width, height, left, top, right, bottom), so that a build reads
    them instead of loading shapely and searching each pole again."""
    markers = boundaries.planar["markers"]
    return {iso3: [*pole[0], *pole[1], *pole[2]] for iso3, area in sorted(boundaries.by_iso3().items())
            if iso3 not in markers and (pole := _pole(boundaries, area))}


def _cached_pole(boundaries: Boundaries, area) -> Pole | None:
    """The pole the boundaries were prepared with, else ``_pole`` once per boundaries file (as it
    is now) and country in a process: a gallery builds many views of the same countries."""
    stored = boundaries.planar.get("places", {}).get(area.iso3)
    if isinstance(stored, list) and len(stored) == 8 and all(isinstance(n, (int, float)) for n in stored):
        x, y, width, height, left, top, right, bottom = stored
        return (x, y), (width, height), (left, top, right, bottom)
    if boundaries.path is None:
        return _pole(boundaries, area)
    key = (str(boundaries.path), boundaries.path.stat().st_mtime_ns, area.iso3)
    if key not in _POLES:
        _POLES[key] = _pole(boundaries, area)
    return _POLES[key]


def _pole(boundaries: Boundaries, area) -> Pole | None:
    """The pole of inaccessibility of the area's largest polygon, the size of that polygon's box
    (the part a finger aims at) and the box of all its polygons (what the opening view keeps clear
    of the buttons), in grid steps (y down); None for an area with no shape."""
    from shapely import MultiPolygon, Polygon
    from shapely.ops import polylabel

    polygons = [Polygon(rings[0], rings[1:]) for rings in boundaries.planar_polygons(area)
                if len(set(rings[0])) >= 3]
    polygons = [polygon if polygon.is_valid else polygon.buffer(0) for polygon in polygons]
    polygons = [p for p in polygons if not p.is_empty]
    if not polygons:
        return None
    largest = max(polygons, key=lambda polygon: polygon.area)
    if isinstance(largest, MultiPolygon):
        largest = max(largest.geoms, key=lambda polygon: polygon.area)
    pole = polylabel(largest, tolerance=POLE_TOLERANCE)
    left, top, right, bottom = largest.bounds
    whole = MultiPolygon([part for polygon in polygons
                          for part in (polygon.geoms if isinstance(polygon, MultiPolygon) else [polygon])]).bounds
    return (pole.x, pole.y), (right - left, bottom - top), whole
