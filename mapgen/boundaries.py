"""Natural Earth admin-0 boundaries: read the prepared file, or prepare it from a download.

Reading (every build) needs only the standard library. Preparing (``mapgen boundaries``, rarely)
needs the ``prep`` extra: geopandas, shapely and pyogrio.

Natural Earth's codes have quirks: ``ISO_A3`` is -99 for France, Norway, Kosovo and others,
and ``ADM0_A3`` is Natural Earth's own code (Kosovo KOS, South Sudan SDS). Each feature gets a
``mapgen_iso3`` key that facts join on; see ``join_key``.
"""
from __future__ import annotations

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
MIN_PART_AREA = 0.3
# coverage_simplify tolerance in degrees: shared borders are simplified once, so they still meet.
SIMPLIFY_TOLERANCE = 0.1
GRID = 0.01
# Below this area (square degrees) a country is sub-pixel at world zoom and also gets a marker.
MARKER_AREA = 0.5


@dataclass(frozen=True)
class Area:
    """One admin-0 feature, reduced to what a map needs."""

    iso3: str
    name: str
    geometry: dict
    marker: tuple[float, float] | None  # (lat, lon) where a polygon is too small to hover
    properties: dict


@dataclass(frozen=True)
class Boundaries:
    areas: list[Area]
    metadata: dict

    def by_iso3(self) -> dict[str, Area]:
        return {area.iso3: area for area in self.areas}


def load_boundaries(path: Path | None = None) -> Boundaries:
    path = Path(path) if path else data_path(DEFAULT_BOUNDARIES)
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MapgenError(f"{path}: boundaries file not found; rebuild it with `mapgen boundaries`") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise MapgenError(f"{path}: not a GeoJSON boundaries file ({err})") from None
    areas = []
    for number, feature in enumerate(collection.get("features", []), start=1):
        props = feature["properties"]
        if not re.fullmatch(r"[A-Z0-9]{2,3}", str(props.get("mapgen_iso3", ""))):
            raise MapgenError(f"{path}: feature {number} has no valid mapgen_iso3 code; rebuild it with `mapgen boundaries`")
        marker = props.get("mapgen_marker")
        areas.append(Area(props["mapgen_iso3"], props["ADMIN"], feature["geometry"],
                          tuple(marker) if marker else None, props))
    return Boundaries(areas, collection.get("mapgen", {}))


def join_key(row: dict, taken_iso3: set[str]) -> str:
    """The code facts join on: ISO_A3, else ISO_A3_EH if no other feature holds it, else ADM0_A3."""
    for column in ("ISO_A3", "ISO_A3_EH"):
        code = str(row.get(column) or "")
        if re.fullmatch(r"[A-Z]{3}", code) and (column == "ISO_A3" or code not in taken_iso3):
            return code
    adm0 = str(row["ADM0_A3"])
    return NE_CODE_TO_ISO3.get(adm0, adm0)


def prepare(source: Path, out: Path, point_of_view: str | None = None) -> dict:
    """Simplify a Natural Earth admin-0 download (zip, folder or .shp) into mapgen's file.

    Returns a summary (feature and vertex counts, bytes written).
    """
    import geopandas as gpd  # the prep extra: only needed here
    import numpy as np
    import shapely

    from mapgen.output import write_atomic

    frame = _read_natural_earth(gpd, Path(source))
    taken = {code for code in frame["ISO_A3"].astype(str) if re.fullmatch(r"[A-Z]{3}", code)}
    records = frame.drop(columns="geometry").to_dict("records")
    keys = [join_key(record, taken) for record in records]
    geoms = np.array([_drop_small_parts(shapely, geom) for geom in frame.geometry])
    simplified = shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE)
    lines = []
    vertices = 0
    for record, key, original, geom in zip(records, keys, frame.geometry, simplified):
        gridded = shapely.set_precision(geom, GRID)
        if gridded.is_empty:  # a micro-state: keep its own outline at a finer grid
            gridded = shapely.set_precision(original, GRID / 10)
        properties = {name: _plain(value) for name, value in record.items()}
        properties["mapgen_iso3"] = key
        point = original.representative_point() if original.area < MARKER_AREA else None
        properties["mapgen_marker"] = [round(point.y, 3), round(point.x, 3)] if point else None
        vertices += shapely.get_num_coordinates(gridded)
        feature = {"type": "Feature", "properties": properties,
                   "geometry": _rounded(shapely.geometry.mapping(gridded), 3)}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    metadata = {
        "source": Path(source).name,
        "natural_earth_version": _natural_earth_version(Path(source)),
        "point_of_view": point_of_view or _guess_point_of_view(Path(source)),
        "features": len(lines),
        "simplify_tolerance_degrees": SIMPLIFY_TOLERANCE,
        "min_island_area_sq_degrees": MIN_PART_AREA,
        "grid_degrees": GRID,
        "marker_below_sq_degrees": MARKER_AREA,
    }
    text = ('{"type":"FeatureCollection","mapgen":' + json.dumps(metadata, separators=(",", ":"))
            + ',"features":[\n' + ",\n".join(lines) + "\n]}\n")
    write_atomic(Path(out), text.encode("utf-8"))
    return {**metadata, "vertices": int(vertices), "bytes": len(text.encode("utf-8"))}


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


def _rounded(obj, digits: int):
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, (list, tuple)):
        return [_rounded(item, digits) for item in obj]
    if isinstance(obj, dict):
        return {key: _rounded(value, digits) for key, value in obj.items()}
    return obj


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
