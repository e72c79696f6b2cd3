"""In the browser: the dataset's legend row says what its colour shows, a country the dataset
names but leaves grey says why on hover, and a company's map colours what the dataset names for it."""
import pytest

from mapgen import write_map

from browser import center_of, fill_of, open_map, why_no_browser
from conftest import ROOT, STORY

pytestmark = pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")

W2020 = ROOT / "tests" / "fixtures" / "editions" / "watch-2020.csv"
BLUE, GREY = "#56B4E9", "#cfcfcf"


def legend(page) -> list[str]:
    return [row.inner_text() for row in page.locator(".mapgen-legend [data-mapgen-legend]").all() if row.is_visible()]


def hover(page, iso3: str) -> str:
    page.mouse.move(*center_of(page, iso3))
    tooltip = page.locator(".mapgen-tooltip")
    tooltip.wait_for()
    return tooltip.inner_text()


def test_a_named_grey_country_says_why_and_the_legend_says_what_blue_is(chromium, tmp_path):
    page = open_map(chromium, write_map(tmp_path / "map.html", STORY, datasets=[W2020]))
    assert "Technology from China, per Surveillance Watch Index 2020" in legend(page)
    assert fill_of(page, "PER").lower() == GREY and fill_of(page, "KEN").upper() == BLUE
    text = hover(page, "PER")
    assert "not coloured: its column “china_tech” says no" in text and "Palantir" in text
    assert "No fact in the sources" not in text


def test_a_companys_map_colours_the_country_paint_if_leaves_grey(chromium, tmp_path):
    page = open_map(chromium, write_map(tmp_path / "palantir.html", STORY, ["Palantir"], datasets=[W2020]))
    assert fill_of(page, "PER").upper() == BLUE
    assert legend(page) == ["Named by Surveillance Watch Index 2020", "No fact in the sources"]
