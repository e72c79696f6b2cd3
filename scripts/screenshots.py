"""Build the default and the Dahua map, screenshot them and draw their still images, and the
still image of `mapgen compare` on the test editions, for the README (docs/*.png).

Run: python scripts/screenshots.py   (needs the test extra and Debian's chromium)
"""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pyproj import Transformer  # noqa: E402

from mapgen import write_map  # noqa: E402
from mapgen.api import ImageOptions, write_compare  # noqa: E402
from mapgen.boundaries import EQUAL_EARTH, PLANAR_UNIT  # noqa: E402
from tests.browser import browser, open_map, screenshot  # noqa: E402

# Closer views, to check that borders meet and coastlines stay recognisable.
ZOOMS = {"zoom4-europe": (48, 12, 3.5), "zoom4-southeast-asia": (5, 115, 3.5)}
CASES = {
    "map-default": {},
    "map-dahua": {"suppliers": ["dahua"]},
}

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        for name, options in CASES.items():
            for width, height, suffix in ((1280, 760, ""), (390, 700, "-phone")):
                html_path = write_map(Path(folder) / f"{name}.html", **options)
                png = screenshot(html_path, ROOT / "docs" / f"{name}{suffix}.png", width, height)
                print(png.relative_to(ROOT))
        for name, options in CASES.items():
            still = ROOT / "docs" / name.replace("map-", "still-")
            write_map(Path(folder) / "still.html", png=still.with_suffix(".png"), image=ImageOptions(1200, 150),
                      **options)
            print(still.with_suffix(".png").relative_to(ROOT))
        compared, _ = write_compare(Path(folder) / "compare.html", project=ROOT / "tests" / "fixtures" / "compare",
                                    company="Huawei", image=ImageOptions(1200, 150))
        (ROOT / "docs" / "compare-huawei.png").write_bytes(compared[2].read_bytes())
        print("docs/compare-huawei.png")
        html_path = write_map(Path(folder) / "map-pt.html", lang="pt")
        print(screenshot(html_path, ROOT / "docs" / "map-pt.png", 1280, 760).relative_to(ROOT))
        project = Transformer.from_crs("EPSG:4326", EQUAL_EARTH, always_xy=True).transform
        with browser() as chromium:
            page = open_map(chromium, Path(folder) / "map-default.html", 900, 650)
            for name, (lat, lon, zoom) in ZOOMS.items():
                x, y = (value / PLANAR_UNIT for value in project(lon, lat))  # the page draws in Equal Earth
                page.evaluate(f"window.mapgenMap.map.setView([{y}, {x}], {zoom}, {{animate: false}}) && null")
                page.locator(".folium-map").screenshot(path=str(ROOT / "docs" / f"{name}.png"))
                print(f"docs/{name}.png")
