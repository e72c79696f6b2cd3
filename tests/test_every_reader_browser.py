"""Every reader reaches every country: by finger, by name, by keyboard; and an automated
accessibility audit (axe-core) of the default map, a project map and the gallery.

The project map is tests/fixtures/europe: twelve countries in Europe and the Middle East, with
Finland in the opening view's top-left corner (where the buttons are) and Hungary small beside
Slovakia.
"""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mapgen import write_map
from mapgen.api import load, write_compare, write_per_supplier

from browser import center_of, open_map, why_no_browser
from conftest import ROOT, STORY

reason = why_no_browser()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")

EUROPE = ROOT / "tests" / "fixtures" / "europe"
WIDTHS = [(390, 844), (680, 760), (1280, 760)]
COLOURED = ["EGY", "EST", "FIN", "HUN", "IRN", "JOR", "POL", "SAU", "SRB", "SVK", "TUR", "ARE"]
POPUP_TITLE = "[...document.querySelectorAll('.mapgen-popup .mapgen-tip strong')].pop()?.textContent"


def popup_opens_for(page, name: str) -> bool:
    """Whether a popup about ``name`` opens (the one before may take a moment to fade)."""
    page.wait_for_function(f"{POPUP_TITLE} === {name!r}", timeout=5000)
    return True


@pytest.fixture(scope="module")
def europe(tmp_path_factory):
    return write_map(tmp_path_factory.mktemp("europe") / "map.html", project=EUROPE, self_contained=True)


def boxes_overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


@pytest.mark.parametrize("width, height", WIDTHS)
def test_named_countries_open_clear_of_the_buttons(chromium, europe, width, height):
    page = open_map(chromium, europe, width, height)
    finland = page.locator("path[aria-label='Finland']").bounding_box()
    assert finland and finland["width"] > 4
    for bar in page.locator(".leaflet-top.leaflet-left .leaflet-bar").all():
        assert not boxes_overlap(finland, bar.bounding_box())
    # and the opening view still shows every coloured country whole, none under the legend where
    # the map shows it (wider than 900 px)
    view = page.locator(".folium-map").bounding_box()
    legend = page.locator(".mapgen-legend")
    assert legend.is_visible() == (width > 900)
    for iso3 in COLOURED:
        box = page.evaluate("""iso3 => { const r = window.mapgenMap.countries.elementOf(iso3).getBoundingClientRect();
          return {x: r.x, y: r.y, width: r.width, height: r.height}; }""", iso3)
        assert box["x"] >= view["x"] - 1 and box["x"] + box["width"] <= view["x"] + view["width"] + 1, iso3
        assert not (legend.is_visible() and boxes_overlap(box, legend.bounding_box())), iso3


@pytest.mark.parametrize("width, height", WIDTHS)
def test_a_tap_on_hungary_opens_hungary(chromium, europe, width, height):
    context = chromium.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=width < 640)
    page = context.new_page()
    page.goto(europe.resolve().as_uri())
    page.wait_for_selector("html[data-mapgen-ready]", state="attached")
    from browser import with_hooks
    with_hooks(page)
    x, y = center_of(page, "HUN")
    page.touchscreen.tap(x, y)
    assert popup_opens_for(page, "Hungary")
    # Slovakia keeps its own ground: a tap on it opens Slovakia, even inside Hungary's target
    page.evaluate("window.mapgenMap.map.closePopup()")
    page.wait_for_timeout(600)  # two quick taps side by side would be a double tap, which zooms
    x, y = center_of(page, "SVK")
    page.touchscreen.tap(x, y)
    assert popup_opens_for(page, "Slovakia")
    context.close()


def test_small_countries_get_a_tap_target_24_px_across(chromium, europe):
    page = open_map(chromium, europe, 390, 844)
    rings = page.evaluate("""() => [...document.querySelectorAll('.mapgen-countries circle.leaflet-interactive')]
      .filter(c => c.mapgenItem && c.mapgenItem.target)
      .map(c => [c.mapgenItem.id, c.getBoundingClientRect().width])""")
    targets = dict(rings)
    assert "HUN" in targets and targets["HUN"] >= 24
    assert "TUR" not in targets and "IRN" not in targets  # large enough on their own
    # Just outside Hungary, over a grey neighbour (Austria, no fact), the tap goes to Hungary;
    # over coloured Slovakia it stays Slovakia's (tested above).
    point = page.evaluate("""() => { const m = window.mapgenMap, ring = [...document.querySelectorAll('.mapgen-countries circle')]
        .find(c => c.mapgenItem && c.mapgenItem.id === 'HUN' && c.mapgenItem.target);
      const r = ring.getBoundingClientRect(), box = document.querySelector('.folium-map').getBoundingClientRect();
      for (let a = 0; a < 360; a += 10) {
        const x = r.x + r.width / 2 + 10 * Math.cos(a * Math.PI / 180), y = r.y + r.height / 2 + 10 * Math.sin(a * Math.PI / 180);
        const under = document.elementsFromPoint(x, y).map(e => e.mapgenItem).filter(i => i && !i.target)[0];
        if (under && under.id !== 'HUN' && m.countries.fillOf(under.id) === '#cfcfcf') {
          const hit = m.countries.at(L.point(x - box.left, y - box.top));
          return [under.id, hit && hit.id];
        }
      }
      return null; }""")
    assert point is not None and point[1] == "HUN", point


@pytest.mark.parametrize("width, height", WIDTHS)
def test_search_finds_a_country_by_name_and_opens_it(chromium, europe, width, height):
    page = open_map(chromium, europe, width, height)
    search = page.get_by_label("Find a country")
    search.fill("jord")
    search.press("Enter")
    assert popup_opens_for(page, "Jordan")
    # a country without facts is found too, and says so
    search.fill("austria")
    search.press("Enter")
    assert popup_opens_for(page, "Austria")
    assert "No fact in the sources" in page.locator(".mapgen-popup").last.text_content()
    search.fill("Atlantis")
    search.press("Enter")
    assert page.locator(".mapgen-find-status").text_content() == "No country of that name on the map"


def test_search_uses_the_maps_language(chromium, tmp_path):
    html = write_map(tmp_path / "de.html", project=EUROPE, lang="de", self_contained=True)
    page = open_map(chromium, html)
    assert page.locator("#mapgen-find-names option[value='Ungarn']").count() == 1
    search = page.get_by_label("Land suchen")
    search.fill("ungarn")
    search.press("Enter")
    assert popup_opens_for(page, "Ungarn")


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_keyboard_reaches_every_coloured_country(chromium, europe, width, height):
    page = open_map(chromium, europe, width, height)
    page.locator("body").focus()
    focused = "document.activeElement.getAttribute('aria-label')"
    for _ in range(12):  # Tab: the map, the buttons, then the countries' stop
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.mapgenItem"):
            break
    first = page.evaluate(focused)
    assert first == "Egypt"  # the first in the country list's order
    reached, names = [], set()
    for _ in range(len(COLOURED)):
        name = page.evaluate(focused)
        names.add(name)
        page.keyboard.press("Enter")
        assert popup_opens_for(page, name)
        # focus shows: the country is outlined thicker, in view
        lit = page.evaluate("""() => { const lit = document.querySelector('.mapgen-countries > path:last-of-type'),
            focused = document.activeElement;
          return [lit.getAttribute('d') === focused.getAttribute('d') || focused.tagName === 'circle',
                  lit.getAttribute('stroke-width')]; }""")
        assert lit == [True, "3"], name
        reached.append(name)
        page.keyboard.press("Escape")
        page.keyboard.press("ArrowRight")
    assert len(names) == len(COLOURED)
    assert page.evaluate(focused) == first  # round again
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(focused) == reached[-1]


def test_the_keyboard_skips_countries_switched_off(chromium, europe):
    page = open_map(chromium, europe)
    page.locator("label", has_text="Vistaline").locator("input").uncheck()
    stops = page.evaluate("""() => [...document.querySelectorAll('.mapgen-countries [tabindex]')]
      .map(e => e.getAttribute('aria-label'))""")
    assert "Estonia" not in stops and "Jordan" not in stops and "Hungary" in stops
    assert page.evaluate("document.querySelectorAll('.mapgen-countries [tabindex=\"0\"]').length") == 1


def test_the_map_can_be_moved_without_dragging(chromium, europe):
    page = open_map(chromium, europe, 390, 844)
    before = page.evaluate("window.mapgenMap.map.getCenter()")
    page.evaluate("() => { window.moves = 0; window.mapgenMap.map.on('moveend', () => { window.moves += 1; }); }")
    page.get_by_role("button", name="Move the map right").click()
    page.wait_for_function("() => window.moves === 1")  # the map glides, then stops
    after = page.evaluate("window.mapgenMap.map.getCenter()")
    moved = page.evaluate("""([a, b]) => { const map = window.mapgenMap.map;
      return map.latLngToContainerPoint(b).subtract(map.latLngToContainerPoint(a)); }""", [before, after])
    assert after["lng"] > before["lng"] and abs(moved["y"]) <= 1  # sideways (to a pixel's rounding)
    # and with the keyboard: the map itself takes focus and its arrow keys move it
    page.locator(".folium-map").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => window.moves === 2")
    assert page.evaluate("window.mapgenMap.map.getCenter()")["lat"] < after["lat"]


def test_screen_readers_get_the_description_and_a_table(chromium, europe):
    page = open_map(chromium, europe)
    described = page.evaluate("""() => { const map = document.querySelector('.folium-map');
      return document.getElementById(map.getAttribute('aria-describedby')).textContent; }""")
    assert described.startswith("Map of 12 countries")
    assert "Hungary" in described and "Northcam and Vistaline" in described
    headers = page.locator(".mapgen-named table").first.locator("th[scope=row]").all_text_contents()
    assert sorted(headers) == sorted(page.evaluate("iso3s => iso3s.map(i => window.mapgenMap.countries.elementOf(i)"
                                                   ".getAttribute('aria-label'))", COLOURED))
    assert page.locator(".mapgen-named table th[scope=col]").count() == 2


# --- the audit -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def axe_script(request) -> Path:
    """axe-core from the npm registry, installed once into pytest's cache folder."""
    folder = Path(request.config.cache.mkdir("axe-core"))
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        problem = None
        if npm is None:
            problem = "npm is not installed (Debian: apt-get install npm)"
        else:
            done = subprocess.run([npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent",
                                   "axe-core@4"], capture_output=True, text=True, timeout=600)
            if done.returncode or not script.is_file():
                problem = f"npm could not install axe-core: {done.stderr.strip()[-300:]}"
        if problem:
            if os.environ.get("MAPGEN_REQUIRE_BROWSER"):
                pytest.fail(problem)
            pytest.skip(problem)
    return script


def violations(page, axe_script: Path) -> list[str]:
    page.add_script_tag(path=str(axe_script))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
      .map(v => v.id + ': ' + v.help + ' (' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ') + ')')""")
    return found


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 760)])
def test_axe_finds_nothing_on_the_default_map(chromium, default_map, axe_script, width, height):
    assert violations(open_map(chromium, default_map, width, height), axe_script) == []


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 760)])
def test_axe_finds_nothing_on_a_project_map(chromium, europe, axe_script, width, height):
    assert violations(open_map(chromium, europe, width, height), axe_script) == []


def test_axe_finds_nothing_on_a_change_map(chromium, tmp_path, axe_script):
    compare = ROOT / "tests" / "fixtures" / "compare"
    paths, _ = write_compare(tmp_path / "change.html", project=compare, company="Huawei")
    for width, height in ((390, 844), (1280, 760)):
        assert violations(open_map(chromium, paths[0], width, height), axe_script) == []


def test_axe_finds_nothing_on_the_gallery(chromium, tmp_path, axe_script):
    index = write_per_supplier(load(STORY), tmp_path / "gallery", suppliers=["dahua"])
    page = chromium.new_page(viewport={"width": 1280, "height": 760})
    page.goto(index.resolve().as_uri())
    assert violations(page, axe_script) == []


def test_borders_and_buttons_keep_3_to_1(chromium, europe):
    from test_accessibility_browser import contrast

    page = open_map(chromium, europe)
    hex_rgb = lambda text: [int(text[i:i + 2], 16) for i in (1, 3, 5)]  # noqa: E731
    # every coloured country has a dark border, which stands out from every fill beside it
    borders = page.evaluate("""() => { const g = document.querySelector('.mapgen-countries g[pointer-events=none]');
      return [g.getAttribute('stroke'), g.children.length]; }""")
    assert borders == ["#1b1b1b", len(COLOURED)]
    for fill in {*page.evaluate("ids => ids.map(id => window.mapgenMap.countries.fillOf(id))", COLOURED), "#cfcfcf"}:
        assert contrast(hex_rgb(borders[0]), hex_rgb(fill)) >= 3, fill
    # the buttons' borders against the map's sea and against the buttons
    rgb = [int(v) for v in page.evaluate("getComputedStyle(document.querySelector('.leaflet-bar')).borderTopColor")
           .strip("rgb()").split(",")]
    assert contrast(rgb, hex_rgb("#e8eef3")) >= 3 and contrast(rgb, [255, 255, 255]) >= 3
