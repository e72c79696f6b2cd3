"""The page applies the view's switches and nothing else: "All off" empties the map, counts and
the legend follow the switches, a company switched back on brings its dataset countries back,
a popup reaches every fact, and no company id can break a switch."""
import csv

import pytest

from mapgen import write_map

from browser import center_of, fill_of, open_map, why_no_browser

pytestmark = pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")

GREY = "#cfcfcf"
HEADER = ["id", "kind", "country", "supplier", "role", "value", "unit", "claim", "source"]
# Kenya has five facts in three roles (2 + 2 + 1); the ids of two companies are odd on purpose.
FACTS = [
    ("k1", "named", "Kenya", "Proto Co", "deployment", "", "", "Proto Co cameras in Nairobi."),
    ("k2", "named", "Kenya", "Proto Co", "deployment", "", "", "Proto Co cameras in Mombasa."),
    ("k3", "named", "Kenya", "Two Words Ltd", "restriction", "", "", "Kenya fined Two Words Ltd."),
    ("k4", "named", "Kenya", "Two Words Ltd", "restriction", "", "", "Kenya banned Two Words Ltd."),
    ("k5", "named", "Kenya", "Plain Corp", "partnership", "", "", "Plain Corp trains Kenyan staff."),
    ("ghana", "named", "Ghana", "Plain Corp", "deployment", "", "", "Plain Corp cameras in Accra."),
    ("china", "named", "China", "", "supplier_home", "", "", "The three companies are based in China."),
    ("total", "aggregate", "", "Proto Co", "deployment", "12", "countries", "Proto Co works in 12 countries."),
    ("market", "aggregate", "", "", "deployment", "40", "countries", "The market spans 40 countries."),
]


@pytest.fixture(scope="module")
def story_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("switches")
    (folder / "mapgen.toml").write_text('facts = "facts.csv"\n', encoding="utf-8")
    with (folder / "facts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([*row, "wire"] for row in FACTS)
    (folder / "sources.csv").write_text("id,file,headline,publisher,date\nwire,w.txt,Wire,Wire Co,2024\n",
                                        encoding="utf-8")
    (folder / "suppliers.csv").write_text("id,name,aliases,home_country\n__proto__,Proto Co,,China\n"
                                          "two words,Two Words Ltd,,China\nplain,Plain Corp,,China\n", encoding="utf-8")
    table = folder / "vendors.csv"
    table.write_text("country,suppliers\nPeru,Proto Co\nChile,Plain Corp\n", encoding="utf-8")
    (folder / "vendors.recipe.toml").write_text('title = "Vendors"\n[suppliers]\ncolumn = "suppliers"\n',
                                                encoding="utf-8")
    return write_map(folder / "out" / "map.html", project=folder, datasets=[table], self_contained=True)


def coloured(page) -> list[str]:
    return page.evaluate("""() => window.mapgenMap.countries.ids().filter((id) => {
        const fill = window.mapgenMap.countries.fillOf(id);
        return fill !== null && fill !== "#cfcfcf"; }).sort()""")


def summary(page, noun: str) -> str:
    return page.locator(f"[data-mapgen-count={noun}]").inner_text()


def legend(page) -> list[str]:
    return [row.inner_text() for row in page.locator(".mapgen-legend [data-mapgen-legend]").all() if row.is_visible()]


def test_all_off_leaves_no_country_coloured_and_no_claim_listed(chromium, story_map):
    page = open_map(chromium, story_map)
    assert coloured(page) == ["CHL", "CHN", "GHA", "KEN", "PER"]
    assert summary(page, "claim") == "2 claims" and summary(page, "country") == "5 countries"
    # the legend lists the colours the map shows: Kenya's restriction and partnership colour nothing
    assert legend(page) == ["Home of suppliers", "Technology deployed or projects",
                            "Named by Vendors", "No fact in the sources"]
    page.get_by_role("button", name="All off").click()
    assert coloured(page) == []
    assert summary(page, "claim") == "0 claims" and summary(page, "country") == "0 countries"
    assert not any(item.is_visible() for item in page.locator("[data-mapgen-item]").all())
    assert legend(page) == ["No fact in the sources"]


def test_a_company_back_on_after_all_off_brings_its_dataset_countries(chromium, story_map):
    page = open_map(chromium, story_map)
    page.get_by_role("button", name="All off").click()
    page.get_by_label("Proto Co").check()
    assert coloured(page) == ["KEN", "PER"]  # its facts' country and the dataset's country for it
    assert fill_of(page, "PER") == "#56B4E9" and fill_of(page, "CHL") == GREY
    assert summary(page, "claim") == "1 claim" and summary(page, "country") == "2 countries"
    assert legend(page) == ["Technology deployed or projects", "Named by Vendors",
                            "No fact in the sources"]


def test_the_facts_that_name_no_company_have_a_switch_of_their_own(chromium, story_map):
    page = open_map(chromium, story_map)
    page.get_by_label("Facts that name no company").uncheck()
    assert fill_of(page, "CHN") == GREY
    assert summary(page, "claim") == "1 claim"
    assert fill_of(page, "KEN") != GREY


def test_counts_and_legend_follow_a_single_switch(chromium, story_map):
    page = open_map(chromium, story_map)
    page.get_by_label("Two Words Ltd").uncheck()
    assert fill_of(page, "KEN") == "#E69F00"  # still deployment, from Proto Co
    page.get_by_label("Proto Co").uncheck()
    assert fill_of(page, "KEN") == "#009E73"  # only Plain Corp's partnership is left
    assert "Government acts against suppliers" not in legend(page)
    assert summary(page, "claim") == "1 claim"


@pytest.mark.parametrize("label, company_fact", [("Proto Co", "Nairobi"), ("Two Words Ltd", "fined")])
def test_odd_company_ids_switch_like_any_other(chromium, story_map, label, company_fact):
    page = open_map(chromium, story_map)
    fact = page.locator(".mapgen-named td li").filter(has_text=company_fact)
    page.evaluate("() => document.querySelectorAll('.mapgen-named details').forEach(d => { d.open = true; })")
    assert fact.is_visible()
    page.get_by_label(label).uncheck()
    assert not fact.is_visible()
    page.get_by_label(label).check()
    assert fact.is_visible()


def test_a_popup_of_five_facts_in_three_roles_reaches_them_all(chromium, story_map):
    page = open_map(chromium, story_map, width=1280, height=900)
    x, y = center_of(page, "KEN")
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("li").count() == 4
    page.evaluate("""() => { window.popupsClosed = 0;
        window.mapgenMap.map.on('popupclose', () => { window.popupsClosed += 1; }); }""")
    button = popup.get_by_role("button", name="All 5 facts")
    button.click()
    # The longer list replaces the shorter one in the same popup, which stays open.
    assert page.evaluate("() => window.popupsClosed") == 0
    assert popup.locator("li").count() == 5
    text = popup.inner_text()
    for role in ("Technology deployed or projects", "Government acts against suppliers",
                 "Investment, research or business partner"):
        assert role in text


def test_pages_carry_no_test_hooks(story_map):
    """The browser tests add their hooks (tests/mapgen-hooks.js) to the page they open; the page
    readers get has none of them, and the tests above pass on it."""
    html = story_map.read_text(encoding="utf-8")
    assert "MapgenCountries = L.Renderer.extend" in html
    for hook in ("fillOf", "pointOf", "boundsOf", "dotsShown", "outlined:", "ids:"):
        assert hook not in html, hook
