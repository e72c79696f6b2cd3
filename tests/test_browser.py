"""The map in headless Chromium: it draws, explains, filters and shows its claims panel."""

import pytest

from mapgen import report, write_map
from mapgen.boundaries import LEFT_OUT, load_boundaries

from browser import center_of, fill_of, open_map, pixels_at, why_no_browser, with_hooks
from conftest import STORY

reason = why_no_browser()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")
ALL_IDS = {area.iso3 for area in load_boundaries().areas} - LEFT_OUT  # Antarctica is left out of the map


def drawn_ids(page) -> set[str]:
    """Every country the page drew, as a shape or (for micro-states) as a dot."""
    return set(page.evaluate("() => window.mapgenMap.countries.ids()"))


def assert_painted_as_filled(page, iso3s=("BRA", "CHN", "USA", "RUS", "AUS", "FRA", "JPN")):
    """What a reader sees inside each country is the colour the map says it has."""
    page.mouse.move(0, 0)  # no hover outline anywhere
    seen = pixels_at(page, [center_of(page, iso3) for iso3 in iso3s])
    assert seen == [fill_of(page, iso3).upper() for iso3 in iso3s]


def test_every_country_is_drawn_without_console_errors(chromium, default_map):
    errors = []
    page = chromium.new_page(viewport={"width": 1280, "height": 760})
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(default_map.as_uri())
    page.wait_for_selector("html[data-mapgen-ready]", state="attached")
    with_hooks(page)
    assert drawn_ids(page) == ALL_IDS
    assert_painted_as_filled(page)
    assert errors == []


def point_at(page, iso3: str, click: bool, shows: str):
    """Move the mouse onto a country (and click it); returns the tooltip or popup that opens."""
    x, y = center_of(page, iso3)
    page.mouse.click(x, y) if click else page.mouse.move(x, y)
    box = page.locator(shows)
    box.wait_for()
    return box


def test_hovering_brazil_shows_its_dahua_fact_and_source(chromium, default_map):
    page = open_map(chromium, default_map)
    text = point_at(page, "BRA", click=False, shows=".leaflet-tooltip").inner_text()
    assert "Brazil" in text and "Dahua has projects in Brazil." in text
    assert "Source:" in text and "Fixture report on surveillance suppliers" in text
    # the evidence, the words of the source that bear the fact out, travels with it
    assert "Dahua Technology has projects in Brazil" in page.locator(".leaflet-tooltip q.mapgen-evidence").inner_text()


def test_switching_dahua_off_greys_brazil_and_hides_its_claims(chromium, default_map):
    page = open_map(chromium, default_map)
    assert fill_of(page, "BRA") == "#E69F00"
    dahua_claims = page.locator(".mapgen-aggregate li").filter(has=page.locator(".mapgen-tag", has_text="Dahua"))
    assert dahua_claims.first.is_visible()
    page.get_by_label("Dahua").uncheck()
    assert fill_of(page, "BRA") == "#cfcfcf"
    assert fill_of(page, "CHN") == "#CC79A7"  # other suppliers still name China
    assert not dahua_claims.first.is_visible()
    page.get_by_role("button", name="All on").click()
    assert fill_of(page, "BRA") == "#E69F00"


def test_claims_panel_is_visible_on_desktop_and_phone(chromium, default_map):
    # 640 px is the last width laid out as a phone: folded there too, as the layout says
    for width, height in ((1280, 760), (640, 700), (375, 620)):
        page = open_map(chromium, default_map, width, height)
        heading = page.get_by_role("heading", name="Claims that name no countries")
        heading.scroll_into_view_if_needed()
        assert heading.is_visible()
        claims = page.locator(".mapgen-aggregate")
        if width <= 640:  # a phone starts with the list folded behind its count
            assert "at least 63 countries" not in claims.inner_text() and "7 claims" in claims.inner_text()
            claims.locator("summary").click()
        assert "at least 63 countries" in claims.inner_text()


def test_clicking_a_country_lists_every_fact_with_its_source(chromium, default_map):
    page = open_map(chromium, default_map)
    popup = point_at(page, "USA", click=True, shows=".leaflet-popup-content")
    usa = next(entry for entry in report(STORY, format="dict")["named"] if entry["iso3"] == "USA")
    # a long list starts with its first facts, then a button for all of them
    assert popup.locator("li").count() == 4 < len(usa["facts"])
    popup.get_by_role("button", name=f"All {len(usa['facts'])} facts").click()
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("li").count() == len(usa["facts"])
    assert popup.locator(".mapgen-source").count() == len(usa["facts"])


def test_a_supplier_filtered_map_draws_every_country_too(chromium, tmp_path):
    dahua = write_map(tmp_path / "dahua.html", STORY, suppliers=["dahua"], self_contained=True)
    page = open_map(chromium, dahua)
    assert drawn_ids(page) == ALL_IDS
    assert fill_of(page, "BRA") == "#E69F00"
    assert fill_of(page, "JPN") == "#cfcfcf"  # SenseTime's partner, filtered out


def test_tapping_brazil_on_a_phone_shows_its_fact(chromium, default_map):
    context = chromium.new_context(viewport={"width": 375, "height": 620}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(default_map.as_uri())
    page.wait_for_selector("html[data-mapgen-ready]", state="attached")
    with_hooks(page)
    x, y = center_of(page, "BRA")
    page.touchscreen.tap(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Dahua has projects in Brazil." in popup.inner_text()
    context.close()


def test_self_contained_map_renders_with_the_network_blocked_and_asks_for_nothing(chromium, default_map):
    context = chromium.new_context()
    requests = []
    context.route("**/*", lambda route: route.continue_() if route.request.url == default_map.as_uri()
                  else route.abort())
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(default_map.as_uri())
    page.wait_for_selector("html[data-mapgen-ready]", state="attached")
    with_hooks(page)
    page.wait_for_load_state("networkidle")
    assert drawn_ids(page) == ALL_IDS
    assert_painted_as_filled(page)
    assert requests == [default_map.as_uri()]  # the page itself, and not one request more
    context.close()


def test_dataset_countries_are_drawn_apart_and_cite_their_rows(chromium, tmp_path):
    table = tmp_path / "vendors.csv"
    table.write_text("country,suppliers\nKenya,Huawei\nBrazil,Axis\n", encoding="utf-8")
    (tmp_path / "vendors.recipe.toml").write_text(
        'title = "Vendor table"\npublisher = "A Lab"\nyear = 2024\n[suppliers]\ncolumn = "suppliers"\n', encoding="utf-8")
    members = tmp_path / "club.csv"
    members.write_text("iso3\nKEN\nFRA\n", encoding="utf-8")
    (tmp_path / "club.recipe.toml").write_text(
        'title = "Club list"\nkind = "membership"\nname = "Club"\ncountry = "iso3"\n', encoding="utf-8")
    path = write_map(tmp_path / "map.html", STORY, datasets=[table], memberships=[members], self_contained=True)
    page = open_map(chromium, path)
    assert fill_of(page, "KEN") == "#56B4E9"  # named only by the dataset
    assert fill_of(page, "BRA") == "#E69F00"  # the articles name it: their colour wins
    brazil = point_at(page, "BRA", click=True, shows=".leaflet-popup-content").inner_text()
    assert "Dahua has projects in Brazil." in brazil
    assert "In Vendor table 2024 (A Lab)" in brazil and "vendors.csv, row 3" in brazil and "Axis" in brazil
    outlined = "() => window.mapgenMap.countries.outlined().sort()"
    assert page.evaluate(outlined) == []
    page.get_by_label("Outline Club").check()
    assert page.evaluate(outlined) == ["FRA", "KEN"]
    page.get_by_label("Huawei").uncheck()  # Kenya's only supplier in the table
    assert fill_of(page, "KEN") == "#cfcfcf"
    page.get_by_label("Huawei").check()
    page.get_by_label("Countries named only by").uncheck()
    assert fill_of(page, "KEN") == "#cfcfcf"


def test_all_off_leaves_no_country_coloured_dataset_only_suppliers_included(chromium, tmp_path):
    table = tmp_path / "vendors.csv"
    table.write_text("country,suppliers\nKenya,NEC\nBrazil,Axis\nPeru,0\n", encoding="utf-8")
    (tmp_path / "vendors.recipe.toml").write_text('title = "Vendors"\n[suppliers]\ncolumn = "suppliers"\n',
                                                  encoding="utf-8")
    page = open_map(chromium, write_map(tmp_path / "map.html", STORY, datasets=[table], self_contained=True))
    assert fill_of(page, "KEN") == "#56B4E9"
    page.get_by_role("button", name="All off").click()
    coloured = page.evaluate("""() => window.mapgenMap.countries.ids().filter((id) => {
        const fill = window.mapgenMap.countries.fillOf(id);
        return fill !== null && fill !== "#cfcfcf";
    })""")
    assert coloured == []
    listed = page.locator(".mapgen-named [data-mapgen-item=country]")
    assert listed.count() > 0 and not any(item.is_visible() for item in listed.all())
    page.get_by_role("button", name="All on").click()
    assert fill_of(page, "KEN") == "#56B4E9" and fill_of(page, "BRA") == "#E69F00"
