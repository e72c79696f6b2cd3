"""Keyboard use, the text alternative and text contrast, checked in Chromium."""
import pytest

from mapgen import report

from browser import fill_of, open_map, why_no_browser
from conftest import STORY

reason = why_no_browser()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")

# Every element with its own text in the legend and the panel: its colour and the first opaque
# background behind it (the page is white where nothing else is painted).
TEXT_COLOURS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      if (c.length === 4 && c[3] > 0) return null;  // translucent: cannot be judged
    }
    return rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  };
  const out = [];
  document.querySelectorAll('.mapgen-legend *, .mapgen-panel *, .mapgen-head *, .mapgen-foot, .leaflet-control-attribution')
    .forEach(el => {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own || !el.getClientRects().length) return;
      out.push({text: el.textContent.trim().slice(0, 40), colour: rgb(getComputedStyle(el).color).slice(0, 3),
                background: background(el)});
    });
  return out;
}"""


def luminance(rgb):
    channels = [c / 255 for c in rgb]
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width, height", [(1280, 760), (390, 620)])
def test_legend_and_panel_text_reach_4_5_to_1(chromium, default_map, width, height, scheme):
    page = open_map(chromium, default_map, width, height, color_scheme=scheme)
    dark = page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert dark == (scheme == "dark") and (body == "rgb(18, 18, 18)") == dark
    elements = page.evaluate(TEXT_COLOURS)
    assert len(elements) > 40
    for element in elements:
        assert element["background"] is not None, f"translucent background behind {element['text']!r}"
        ratio = contrast(element["colour"], element["background"])
        assert ratio >= 4.5, f"{element['text']!r}: contrast {ratio:.2f}"


def test_supplier_switches_work_from_the_keyboard(chromium, default_map):
    page = open_map(chromium, default_map)
    page.locator("[data-mapgen-switch]").first.focus()
    focused_label = "(document.activeElement.closest('label') || {textContent: ''}).textContent"
    for _ in range(20):
        if page.evaluate(focused_label).startswith("Dahua"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate(focused_label).startswith("Dahua")
    page.keyboard.press("Space")
    assert fill_of(page, "BRA") == "#cfcfcf"
    page.keyboard.press("Space")
    assert fill_of(page, "BRA") == "#E69F00"
    page.get_by_role("button", name="All off").focus()
    page.keyboard.press("Enter")
    assert fill_of(page, "CHN") == "#cfcfcf"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # "All on"
    assert fill_of(page, "CHN") == "#CC79A7"
    # the focused control shows where the keyboard is
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_fact_lists_open_from_the_keyboard(chromium, default_map):
    page = open_map(chromium, default_map)
    facts = page.locator(".mapgen-named td details").first
    facts.locator("summary").focus()
    page.keyboard.press("Enter")
    assert facts.get_attribute("open") is not None
    # on a phone the list starts folded, and opens from the keyboard too
    phone = open_map(chromium, default_map, 390, 760)
    folded = phone.locator(".mapgen-named > details")
    assert folded.get_attribute("open") is None
    folded.locator("> summary").focus()
    phone.keyboard.press("Enter")
    assert folded.get_attribute("open") is not None


def test_screen_readers_get_the_map_as_lists(chromium, default_map):
    page = open_map(chromium, default_map)
    tree = page.locator(".mapgen-panel").aria_snapshot()
    data = report(STORY, format="dict")
    for entry in data["named"]:
        assert entry["name"] in tree
    assert "Government acts against suppliers (Huawei" in tree
    assert "heading \"Claims that name no countries\"" in tree
    for claim in data["aggregate"]:
        assert claim["claim"].split(",")[0][:30] in tree.replace('\\"', '"')
