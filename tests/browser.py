"""Headless Chromium for tests and README screenshots (Debian's chromium via playwright)."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    explicit = os.environ.get("MAPGEN_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def why_no_browser() -> str | None:
    """None when browser tests can run; else the reason they cannot."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not chromium_path():
        return "Chromium is not installed (Debian: apt-get install chromium)"
    return None


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


HOOKS = Path(__file__).with_name("mapgen-hooks.js")


def open_map(chromium, html_path: Path, width: int = 1280, height: int = 760, color_scheme: str = "light"):
    """A page showing the map, with every country drawn (in the reader's light or dark scheme),
    and the tests' hooks into the map layer added (pages never carry them)."""
    page = chromium.new_page(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    page.goto(Path(html_path).resolve().as_uri())
    page.wait_for_selector("html[data-mapgen-ready]", state="attached")
    with_hooks(page)
    return page


def with_hooks(page_or_frame) -> None:
    """Add the tests' hooks (tests/mapgen-hooks.js) to a map page that is ready."""
    page_or_frame.add_script_tag(path=str(HOOKS))


def fill_of(page, iso3: str) -> str:
    """The fill colour a country (or a small state's dot) is painted with right now."""
    return page.evaluate("iso3 => window.mapgenMap.countries.fillOf(iso3)", iso3)


def center_of(page, iso3: str) -> tuple[float, float]:
    """Page coordinates of a point inside the country, for the mouse or a finger."""
    return page.evaluate("""iso3 => {
      const p = window.mapgenMap.countries.pointOf(iso3);
      const box = document.querySelector('.folium-map').getBoundingClientRect();
      return [box.left + p.x, box.top + p.y]; }""", iso3)


def pixels_at(page, points: list[tuple[float, float]]) -> list[str]:
    """The colours a reader sees at these page coordinates, as "#RRGGBB" (from one screenshot)."""
    import io

    from PIL import Image

    png = page.screenshot(animations="disabled")
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        return ["#{:02X}{:02X}{:02X}".format(*rgb.getpixel((round(x), round(y)))) for x, y in points]


def owner_at(page, x: float, y: float) -> str | None:
    """What a pointer at these page coordinates reaches, as the map finds it for hover and tap:
    a country's code, or "CODE dot" for a small state's dot."""
    return page.evaluate("""([x, y]) => {
      const box = document.querySelector('.folium-map').getBoundingClientRect();
      const hit = window.mapgenMap.countries.at(L.point(x - box.left, y - box.top));
      return hit ? hit.id + (hit.latlng ? ' dot' : '') : null; }""", [x, y])


def screenshot(html_path: Path, png_path: Path, width: int = 1280, height: int = 760) -> Path:
    with browser() as chromium:
        page = open_map(chromium, html_path, width, height)
        page.screenshot(path=str(png_path))
    return png_path


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` over HTTP on the loopback interface; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
