"""Prepare mapgen's boundaries from a Natural Earth admin-0 download (rarely: ``mapgen boundaries``).

Needs the ``prep`` extra: pyogrio and topojson (and geopandas, which still images need too). The
result is the TopoJSON topology mapgen.boundaries reads, and every attribute in a CSV beside it.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

from mapgen.boundaries import EQUAL_EARTH, PLANAR_GRID, PLANAR_UNIT, attributes_path, equal_earth_path, join_key
from mapgen.errors import MapgenError

# Drop islands smaller than this (square degrees) unless they are a country's largest part.
MIN_PART_AREA = 0.5
# coverage_simplify tolerance in degrees: shared borders are simplified once, so they still meet.
SIMPLIFY_TOLERANCE = 0.15
# Coordinates are snapped to this grid (degrees, about 1 km) and stored as whole steps of it.
GRID = 0.01
# The Equal Earth arcs are simplified again with this tolerance, in planar units (100 km): 10 km.
PLANAR_SIMPLIFY = 0.1
# Below this area (square degrees) a country is sub-pixel at world zoom and also gets a marker.
MARKER_AREA = 0.5
# The attributes the topology keeps; every attribute goes to the CSV beside it, which a build
# does not need to read.
CORE_ATTRIBUTES = ("ADMIN", "NAME", "TYPE", "ADM0_A3", "ISO_A3", "ISO_A3_EH")


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
    # A small state's own borders are kept as they are: simplified again, they would fold to a line.
    small = set().union(*(_arc_indices(shape.get("arcs", [])) for shape, props in zip(shapes, core)
                          if props["mapgen_marker"]))
    planar = _equal_earth(topology["arcs"], topology["transform"], core, keep=small)
    write_atomic(attributes_path(Path(out)), _attributes_csv(properties).encode("utf-8"))
    write_atomic(equal_earth_path(Path(out)), _json(planar))
    write_atomic(Path(out), text.encode("utf-8"))
    add_places(Path(out))
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


def _equal_earth(arcs: list, transform: dict, properties: list[dict], keep: set[int]) -> dict:
    """The same arcs (same indices, so shapes and shared borders stay as they are) projected once
    to Equal Earth, in units of 100 km, on a 1 km grid, and simplified again there (except the arcs
    in ``keep``); and each marker projected too. The page draws these in a plain planar CRS, as the
    still image does."""
    from pyproj import Transformer

    project = Transformer.from_crs("EPSG:4326", EQUAL_EARTH, always_xy=True).transform
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    encoded = []
    for index, arc in enumerate(arcs):
        x = y = 0
        lonlat = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            lonlat.append((x * sx + tx, y * sy + ty))
        xs, ys = project([p[0] for p in lonlat], [p[1] for p in lonlat])
        points = [(round(px / PLANAR_UNIT / PLANAR_GRID), round(py / PLANAR_UNIT / PLANAR_GRID)) for px, py in zip(xs, ys)]
        previous = (0, 0)
        steps = []
        for point in points if index in keep else _planar_simplified(points):
            steps.append([point[0] - previous[0], point[1] - previous[1]])
            previous = point
        encoded.append(steps)
    markers = {}
    for props in properties:
        if props.get("mapgen_marker"):
            lat, lon = props["mapgen_marker"]
            mx, my = project(lon, lat)
            markers[props["mapgen_iso3"]] = [round(my / PLANAR_UNIT, 3), round(mx / PLANAR_UNIT, 3)]
    return {"crs": EQUAL_EARTH, "unit_metres": PLANAR_UNIT, "simplify_tolerance_units": PLANAR_SIMPLIFY,
            "transform": {"scale": [PLANAR_GRID, PLANAR_GRID], "translate": [0, 0]},
            "markers": markers, "arcs": encoded}


def add_places(topology_path: Path) -> None:
    """Store in the Equal Earth file each country's pole, size and box (mapgen.places), which
    every build would otherwise search again."""
    from mapgen.boundaries import load_boundaries
    from mapgen.files import write_atomic
    from mapgen.places import prepared

    boundaries = load_boundaries(topology_path)
    planar = {key: value for key, value in boundaries.planar.items() if key != "places"}
    write_atomic(equal_earth_path(topology_path), _json({**planar, "places": prepared(boundaries)}))


def _json(content: dict) -> bytes:
    return (json.dumps(content, separators=(",", ":")) + "\n").encode("utf-8")


def _arc_indices(nested) -> set[int]:
    """Every arc a TopoJSON geometry uses (a reversed arc ~i counts as arc i)."""
    if isinstance(nested, int):
        return {nested if nested >= 0 else ~nested}
    return set().union(*(_arc_indices(part) for part in nested))


def _planar_simplified(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One arc simplified again in the page's own units. The first simplification is in degrees,
    and a degree of longitude shrinks towards the poles: Norway's and Canada's coasts kept points
    a world map cannot show. Each arc is simplified once, so neighbours still share their border;
    an island's ring stays a valid ring."""
    import shapely

    if len(points) < 3:
        return points
    tolerance = PLANAR_SIMPLIFY / PLANAR_GRID
    if points[0] == points[-1]:
        ring = shapely.Polygon(points).simplify(tolerance, preserve_topology=True)
        kept = list(ring.exterior.coords) if not ring.is_empty else []
        kept = kept if len(kept) >= 4 else points
    else:
        kept = list(shapely.LineString(points).simplify(tolerance, preserve_topology=True).coords)
    return [(int(x), int(y)) for x, y in kept]


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
