"""The reader's map: sources as readers know them, sharing, and a page that stands alone."""
import io
import re

import pytest
from PIL import Image

from mapgen import write_map

from browser import open_map, why_no_browser
from conftest import STORY, fact


def test_sources_are_named_as_readers_know_them_and_facts_are_dated(tmp_path):
    html = write_map(tmp_path / "map.html", STORY).read_text(encoding="utf-8")
    body = html.split("<body>")[1]
    assert not re.search(r"\b(alpha|beta|gamma)\.txt\b", body)  # file names stay in the data CSV
    assert "“Fixture report on surveillance suppliers”, Fixture Times" in body
    assert '<span class="mapgen-date">When: 2019-10</span>' in body
    data = (tmp_path / "map.csv").read_text(encoding="utf-8-sig")
    assert "alpha.txt" in data and "Fixture report on surveillance suppliers" in data


def test_shared_links_get_a_preview_and_a_card_of_the_right_size(tmp_path, cli):
    out, card = tmp_path / "map.html", tmp_path / "card.png"
    assert cli("build", "--out", out, "--social-card", card).exit_code == 0
    with Image.open(io.BytesIO(card.read_bytes())) as image:
        assert image.size == (1200, 630)
    html = out.read_text(encoding="utf-8")
    for tag in ('<meta property="og:title" content="Chinese AI surveillance: the countries the sources name">',
                '<meta property="og:image" content="card.png">', '<meta property="og:image:width" content="1200">',
                '<meta name="twitter:card" content="summary_large_image">',
                '<meta name="twitter:image" content="card.png">'):
        assert tag in html
    assert '<meta property="og:description" content="A country is coloured only where' in html
    plain = tmp_path / "plain.html"
    assert cli("build", "--out", plain).exit_code == 0
    assert '<meta name="twitter:card" content="summary">' in plain.read_text(encoding="utf-8")
    assert cli("build", "--out", tmp_path / "x.html", "--social-card", tmp_path / "card.jpg").exit_code == 2


@pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")
def test_small_states_keep_out_of_the_way_unless_coloured(chromium, tmp_path, facts_dir):
    facts = facts_dir([fact(), fact(id="f2", country="Italy"), fact(id="f3", country="Singapore")])
    page = open_map(chromium, write_map(tmp_path / "map.html", facts))
    hits = """() => {
      const owner = new Map();
      [window.mapgenMap.areas, window.mapgenMap.markers].forEach(g => g.eachLayer(l => owner.set(l._path, l.feature.id)));
      let italy = null; window.mapgenMap.areas.eachLayer(l => { if (l.feature.id === 'ITA') italy = l; });
      const map = window.mapgenMap.map, box = map.getContainer().getBoundingClientRect();
      const centre = map.latLngToContainerPoint(italy.getCenter());
      const ring = italy.getLatLngs().flat(3).map(p => map.latLngToContainerPoint(p));
      const points = [centre].concat(ring.filter((_, i) => i % Math.ceil(ring.length / 6) === 0)
        .map(p => ({x: centre.x + (p.x - centre.x) * 0.3, y: centre.y + (p.y - centre.y) * 0.3})));
      return points.map(p => owner.get(document.elementFromPoint(box.left + p.x, box.top + p.y)) || null);
    }"""
    # at world zoom, grey dots (San Marino, the Vatican, Malta) are hidden and steal nothing from Italy
    assert page.evaluate("() => getComputedStyle(window.mapgenMap.map.getPane('mapgenMinorDots')).display") == "none"
    assert set(page.evaluate(hits)) == {"ITA"}
    # a coloured small state is a plain dot above the countries
    singapore = page.evaluate("""() => { let d = null; window.mapgenMap.markers.eachLayer(l => {
        if (l.feature.id === 'SGP') d = l; }); return [d.options.renderer.options.pane, d.options.radius]; }""")
    assert singapore == ["mapgenMajorDots", 6]
    # zoomed in, grey dots show, under the countries: Italy still takes its own hover
    page.evaluate("() => { let i = null; window.mapgenMap.areas.eachLayer(l => { if (l.feature.id === 'ITA') i = l; });"
                  " window.mapgenMap.map.setView(i.getCenter(), 3, {animate: false}); }")
    assert page.evaluate("() => getComputedStyle(window.mapgenMap.map.getPane('mapgenMinorDots')).display") != "none"
    assert set(page.evaluate(hits)) == {"ITA"}


@pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")
@pytest.mark.parametrize("width, height", [(390, 700), (680, 620), (1280, 760)])
def test_popups_fit_and_the_legend_never_covers_a_coloured_country(chromium, default_map, width, height):
    from test_browser import point_at

    page = open_map(chromium, default_map, width, height)
    popup = point_at(page, "CHN", click=True, shows=".leaflet-popup-content")
    map_box = page.locator(".folium-map").bounding_box()
    assert popup.bounding_box()["height"] <= map_box["height"]
    legend = page.locator(".mapgen-legend.leaflet-control")
    if width <= 900:  # narrow: the legend is in the panel, under the map
        assert not legend.is_visible() and page.locator(".mapgen-panel-legend").is_visible()
        return
    covered = page.evaluate("""() => {
      const box = document.querySelector('.mapgen-legend.leaflet-control').getBoundingClientRect();
      const hit = [];
      window.mapgenMap.areas.eachLayer(l => {
        if (l.options.fillColor === '#cfcfcf') return;
        const r = l._path.getBoundingClientRect();
        if (r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom) hit.push(l.feature.id);
      });
      return hit;
    }""")
    assert covered == []
