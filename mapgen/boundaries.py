"""Natural Earth admin-0 boundaries: read the prepared file, or prepare it from a download.

The prepared file is a TopoJSON topology: each border is stored once, as a delta-encoded arc
of quantized coordinates, and every country lists the arcs around it. Neighbours therefore
share their borders exactly, and the file (and each map) stays small.

Reading (every build) needs only the standard library. Preparing (``mapgen boundaries``, rarely)
needs the ``prep`` extra: pyogrio and topojson (and geopandas, which mapgen already needs for still images).

Natural Earth's codes have quirks: ``ISO_A3`` is -99 for France, Norway, Kosovo and others,
and ``ADM0_A3`` is Natural Earth's own code (Kosovo KOS, South Sudan SDS). Each feature gets a
``mapgen_iso3`` key that facts join on; see ``join_key``.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import MapgenError
from mapgen.paths import DEFAULT_BOUNDARIES, data_path

# Natural Earth's own codes for places ISO 3166 lacks or codes differently.
NE_CODE_TO_ISO3 = {"KOS": "XKX", "SDS": "SSD", "PSX": "PSE", "SAH": "ESH"}
# Drop islands smaller than this (square degrees) unless they are a country's largest part.
MIN_PART_AREA = 0.5
# coverage_simplify tolerance in degrees: shared borders are simplified once, so they still meet.
SIMPLIFY_TOLERANCE = 0.15
# Coordinates are snapped to this grid (degrees, about 1 km) and stored as whole steps of it.
GRID = 0.01
# Below this area (square degrees) a country is sub-pixel at world zoom and also gets a marker.
MARKER_AREA = 0.5
# The attributes the topology keeps; every attribute goes to the CSV beside it, which a build
# does not need to read.
CORE_ATTRIBUTES = ("ADMIN", "NAME", "TYPE", "ADM0_A3", "ISO_A3", "ISO_A3_EH")


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
        with attributes_path(self.path).open(encoding="utf-8", newline="") as handle:
            return {row["mapgen_iso3"]: row for row in csv.DictReader(handle)}

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
        raise MapgenError(f"{path}: boundaries file not found; rebuild it with `mapgen boundaries`") from None
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise MapgenError(f"{path}: not a mapgen boundaries topology ({err!r}); rebuild it with `mapgen boundaries`") from None
    areas = []
    for number, geometry in enumerate(geometries, start=1):
        props = geometry["properties"]
        if not re.fullmatch(r"[A-Z0-9]{2,3}", str(props.get("mapgen_iso3", ""))):
            raise MapgenError(f"{path}: geometry {number} has no valid mapgen_iso3 code; rebuild it with `mapgen boundaries`")
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


def prepare(source: Path, out: Path, point_of_view: str | None = None) -> dict:
    """Simplify a Natural Earth admin-0 download (zip, folder or .shp) into mapgen's topology.

    Returns a summary (feature, arc and vertex counts, bytes written).
    """
    import geopandas as gpd  # the prep extra: only needed here
    import numpy as np
    import shapely
    import topojson

    from mapgen.files import write_atomic

    frame = _read_natural_earth(gpd, Path(source))
    taken = {code for code in frame["ISO_A3"].astype(str) if re.fullmatch(r"[A-Z]{3}", code)}
    taken |= set(frame["ADM0_A3"].astype(str))
    records = frame.drop(columns="geometry").to_dict("records")
    properties = []
    for record, original in zip(records, frame.geometry):
        props = {name: _plain(value) for name, value in record.items()}
        props["mapgen_iso3"] = join_key(record, taken)
        point = original.representative_point() if original.area < MARKER_AREA else None
        props["mapgen_marker"] = [round(point.y, 3), round(point.x, 3)] if point else None
        properties.append(props)
    geoms = np.array([_drop_small_parts(shapely, geom) for geom in frame.geometry])
    # Simplify, snap to the grid, then clean: where simplifying kept a vertex on one side of a
    # nearly straight border and not the other, snapping opens a sliver (Bir Tawil and Sudan);
    # coverage_clean gives such slivers to one neighbour, so the shapes neither overlap nor gap.
    simplified = shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE)
    simplified = shapely.coverage_clean(shapely.set_precision(simplified, GRID))
    coverage = gpd.GeoDataFrame({"index": range(len(simplified))}, geometry=simplified, crs=4326)
    topology = topojson.Topology(coverage, prequantize=False, topology=True,
                                 presimplify=False, toposimplify=False).to_dict()
    topology["arcs"], topology["transform"] = _quantized(topology["arcs"])
    shapes = topology["objects"]["data"]["geometries"]
    shapes.sort(key=lambda shape: shape["properties"]["index"])
    metadata = {
        "source": Path(source).name,
        "natural_earth_version": _natural_earth_version(Path(source)),
        "point_of_view": point_of_view or _guess_point_of_view(Path(source)),
        "features": len(shapes),
        "simplify_tolerance_degrees": SIMPLIFY_TOLERANCE,
        "min_island_area_sq_degrees": MIN_PART_AREA,
        "grid_degrees": GRID,
        "marker_below_sq_degrees": MARKER_AREA,
    }
    core = [{name: props.get(name) for name in ("mapgen_iso3", "mapgen_marker", *CORE_ATTRIBUTES)} for props in properties]
    text = _topology_text(topology, shapes, core, metadata)
    write_atomic(attributes_path(Path(out)), _attributes_csv(properties).encode("utf-8"))
    write_atomic(Path(out), text.encode("utf-8"))
    vertices = sum(len(arc) for arc in topology["arcs"])
    return {**metadata, "arcs": len(topology["arcs"]), "vertices": vertices, "bytes": len(text.encode("utf-8"))}


def _quantized(arcs: list) -> tuple[list, dict]:
    """Arcs of grid-snapped coordinates as TopoJSON's delta-encoded whole grid steps."""
    encoded = []
    for arc in arcs:
        previous = (0, 0)
        steps = []
        for x, y in arc:
            point = (round((x + 180) / GRID), round((y + 90) / GRID))
            steps.append([point[0] - previous[0], point[1] - previous[1]])
            previous = point
        encoded.append(steps)
    return encoded, {"scale": [GRID, GRID], "translate": [-180, -90]}


def _attributes_csv(properties: list[dict]) -> str:
    columns = ["mapgen_iso3", *[name for name in properties[0] if not name.startswith("mapgen_")]]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(properties)
    return buffer.getvalue()


def _topology_text(topology: dict, shapes: list, properties: list, metadata: dict) -> str:
    """TopoJSON with one country, and one arc, per line, so that diffs of the file stay readable."""
    def compact(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    # A micro-state that quantizing collapses (Vatican City) keeps type null; its marker stands in.
    geometries = [compact({"type": shape["type"] if shape.get("arcs") else None, "arcs": shape.get("arcs", []),
                           "properties": props})
                  for shape, props in zip(shapes, properties)]
    return ('{"type":"Topology","mapgen":' + compact(metadata)
            + ',"transform":' + compact(topology["transform"])
            + ',"objects":{"countries":{"type":"GeometryCollection","geometries":[\n'
            + ",\n".join(geometries) + "\n]}},\n\"arcs\":[\n"
            + ",\n".join(compact(arc) for arc in topology["arcs"]) + "\n]}\n")


def _read_natural_earth(gpd, source: Path):
    if not source.exists():
        raise MapgenError(f"{source}: no such file or folder")
    target = f"zip://{source}" if source.suffix == ".zip" else str(source)
    try:
        frame = gpd.read_file(target, encoding="utf-8")
    except Exception as err:  # pyogrio raises several types; all mean "not readable"
        raise MapgenError(f"{source}: cannot read it as a Natural Earth admin-0 file ({err})") from None
    missing = {"ADM0_A3", "ISO_A3", "ADMIN"} - set(frame.columns)
    if missing:
        raise MapgenError(f"{source}: not a Natural Earth admin-0 layer (no {', '.join(sorted(missing))} column)")
    return frame.to_crs(4326) if frame.crs and not frame.crs.equals(4326) else frame


def _drop_small_parts(shapely, geom):
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda part: part.area)
    kept = [part for part in parts if part is largest or part.area >= MIN_PART_AREA]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def _plain(value):
    """numpy scalars and NaN to JSON-friendly Python values."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _natural_earth_version(source: Path) -> str:
    if source.suffix == ".zip":
        with zipfile.ZipFile(source) as archive:
            for name in archive.namelist():
                if name.endswith("VERSION.txt"):
                    return archive.read(name).decode("utf-8").strip()
    for candidate in source.parent.glob("*VERSION.txt") if source.is_file() else source.glob("*VERSION.txt"):
        return candidate.read_text(encoding="utf-8").strip()
    return "unknown"


def _guess_point_of_view(source: Path) -> str:
    match = re.search(r"admin_0_countries_([a-z]{3})", source.name)
    return match.group(1).upper() if match else "default"
