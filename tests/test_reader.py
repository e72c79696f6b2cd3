"""The reader's map: sources as readers know them, sharing, and a page that stands alone."""
import io
import re

import pytest
from PIL import Image

from mapgen import write_map

from browser import center_of, fill_of, open_map, owner_at, pixels_at, why_no_browser
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
    countries = "window.mapgenMap.countries"

    def dot(iso3):
        return page.evaluate(f"""iso3 => {{
          const p = window.mapgenMap.map.latLngToContainerPoint({countries}.boundsOf(iso3).getCenter());
          const box = document.querySelector('.folium-map').getBoundingClientRect();
          return [box.left + p.x, box.top + p.y]; }}""", iso3)

    def around(iso3):
        """Points within a grey dot's radius, off the state's own tiny shape, inland (east and north)."""
        x, y = dot(iso3)
        return [(x + 2.5, y), (x, y - 2.5), (x + 2, y - 2)]

    def shown():
        return set(page.evaluate(f"() => {countries}.dotsShown()"))

    # at world zoom the grey dots (San Marino, the Vatican, Malta) are not drawn and steal nothing
    assert {"SMR", "VAT", "MLT"}.isdisjoint(shown())
    assert owner_at(page, *center_of(page, "ITA")) == "ITA"
    assert not any(str(owner_at(page, *dot(iso3))).endswith(" dot") for iso3 in ("SMR", "VAT", "MLT"))
    # a coloured small state is a plain dot above the countries: painted, and it takes the pointer
    assert "SGP" in shown() and owner_at(page, *dot("SGP")) == "SGP dot"
    assert pixels_at(page, [dot("SGP")]) == [fill_of(page, "SGP").upper()] != ["#CFCFCF"]
    # zoomed in, grey dots show, under the countries: Italy still takes its own hover
    page.evaluate(f"() => window.mapgenMap.map.setView({countries}.boundsOf('ITA').getCenter(), 3, {{animate: false}})")
    assert {"SMR", "VAT", "MLT"} <= shown()
    assert {owner_at(page, *point) for point in [center_of(page, "ITA"), *around("SMR"), *around("VAT")]} == {"ITA"}
    assert owner_at(page, *dot("MLT")) == "MLT dot"  # out at sea the dot is the only thing there
    page.mouse.move(*around("SMR")[0])
    assert page.locator(".leaflet-tooltip").inner_text().startswith("Italy")


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
        # in two columns, and no label split between them (a split label is two boxes)
        boxes = page.evaluate("() => [...document.querySelectorAll('.mapgen-panel-legend li')]"
                              ".map(li => li.getClientRects().length)")
        assert boxes and set(boxes) == {1}
        return
    covered = page.evaluate("""() => {
      const legend = document.querySelector('.mapgen-legend.leaflet-control').getBoundingClientRect();
      const frame = document.querySelector('.folium-map').getBoundingClientRect();
      const map = window.mapgenMap.map, countries = window.mapgenMap.countries;
      return countries.ids().filter(id => {
        const fill = countries.fillOf(id);
        if (fill === null || fill === '#cfcfcf') return false;
        const bounds = countries.boundsOf(id);
        const a = map.latLngToContainerPoint(bounds.getSouthWest()), b = map.latLngToContainerPoint(bounds.getNorthEast());
        const left = frame.left + a.x, right = frame.left + b.x, top = frame.top + b.y, bottom = frame.top + a.y;
        return left < legend.right && legend.left < right && top < legend.bottom && legend.top < bottom;
      });
    }""")
    assert covered == []
