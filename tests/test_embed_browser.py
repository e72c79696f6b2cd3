"""The map inside an article page, as a reader on a phone or a desktop meets it."""
import contextlib

import pytest

from mapgen import write_map
from mapgen.api import embed

from browser import serve, why_no_browser
from conftest import ROOT, STORY

reason = why_no_browser()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")

PARAGRAPH = "<p>" + "Reporting on surveillance exports goes on here. " * 12 + "</p>"
FRAME_LAYOUT = """() => ({
  docHeight: Math.ceil(document.body.getBoundingClientRect().height),
  viewport: window.innerHeight,
  scrollable: document.documentElement.scrollHeight > window.innerHeight + 1
      || document.documentElement.scrollWidth > window.innerWidth + 1,
  panelScrolls: (p => p.scrollHeight > p.clientHeight + 1)(document.querySelector('.mapgen-panel')),
  mapHeight: document.querySelector('.folium-map').getBoundingClientRect().height,
  autoHeight: document.documentElement.classList.contains('mapgen-auto-height'),
})"""


INTRUDER = """<script>
window.heights = [];
window.addEventListener('message', e => { if (e.data && e.data.mapgen === 'height') window.heights.push(e.data); });
setInterval(() => window.parent.frames[0].postMessage({mapgen: 'auto-height'}, '*'), 50);
</script>"""
HEIGHTS_HEARD = """() => { window.heights = window.heights || [];
  window.addEventListener('message', e => { if (e.data && e.data.mapgen === 'height') window.heights.push(e.origin); });
}"""


def article(snippet: str) -> str:
    return ("<!DOCTYPE html><html lang='en'><head><meta name='viewport' content='width=device-width'>"
            "<style>body{margin:0;font:18px Georgia,serif}main{max-width:720px;margin:0 auto;padding:0 16px}</style>"
            f"</head><body><main><h1>An article</h1>{PARAGRAPH * 4}{snippet}{PARAGRAPH * 8}</main></body></html>")


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("site")
    write_map(folder / "map.html", STORY, self_contained=True)
    with contextlib.chdir(folder):  # the frame takes its title from the page, found where the article is
        snippet = embed("map.html")
    (folder / "article.html").write_text(article(snippet), encoding="utf-8")
    no_script = snippet.split("<script>")[0] + "</div>"
    (folder / "article-no-script.html").write_text(article(no_script), encoding="utf-8")
    # A frame beside the map that keeps asking it for its height, as any script on the page could.
    (folder / "intruder.html").write_text(INTRUDER, encoding="utf-8")
    (folder / "article-intruder.html").write_text(article(no_script + '<iframe src="intruder.html"></iframe>'),
                                                  encoding="utf-8")
    with serve(folder) as base:
        # The map on another origin than the article (localhost, not 127.0.0.1), as on a news site.
        other = base.replace("127.0.0.1", "localhost")
        cross_origin = embed(f"{other}/map.html", title="A map on another origin")
        (folder / "article-cross-origin.html").write_text(article(cross_origin), encoding="utf-8")
        yield base, chromium


def open_article(site, name: str, width: int):
    base, chromium = site
    page = chromium.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{base}/{name}")
    frame_element = page.locator(".mapgen-embed iframe")
    frame_element.scroll_into_view_if_needed()
    frame = frame_element.element_handle().content_frame()
    frame.wait_for_selector("html[data-mapgen-ready]", state="attached")
    return page, frame_element, frame


def test_readme_shows_the_snippet_mapgen_prints():
    assert embed("map.html", project=ROOT / "data" / "story") in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [390, 680, 1280])
def test_frame_grows_to_the_whole_map_with_no_inner_scrollbar(site, width):
    page, frame_element, frame = open_article(site, "article.html", width)
    page.wait_for_function("document.querySelector('iframe').style.height !== ''")
    frame_height = frame_element.bounding_box()["height"]
    layout = frame.evaluate(FRAME_LAYOUT)
    assert layout["autoHeight"]
    assert abs(frame_height - layout["docHeight"]) <= 2
    assert not layout["scrollable"] and not layout["panelScrolls"]
    assert layout["mapHeight"] >= 300
    column = page.evaluate("document.querySelector('main').clientWidth - 32")
    assert abs(frame_element.bounding_box()["width"] - column) <= 1
    # The lists start folded behind their headings and counts (a disclosure each).
    assert frame.evaluate("[...document.querySelectorAll('details.mapgen-collapsible')].every(d => !d.open)")
    if width < 640:  # a phone: at most one and a half screens of an 844 px phone
        assert frame_height <= 1.5 * 844, frame_height
    else:  # a column on a desktop: the map is at least half of the frame
        assert layout["mapHeight"] >= frame_height / 2, (layout["mapHeight"], frame_height)


@pytest.mark.parametrize("width, least", [(375, 620), (1280, 620)])
def test_without_the_script_the_frame_keeps_a_usable_height(site, width, least):
    page, frame_element, frame = open_article(site, "article-no-script.html", width)
    assert frame_element.bounding_box()["height"] >= least
    layout = frame.evaluate(FRAME_LAYOUT)
    assert not layout["autoHeight"] and not layout["scrollable"]
    assert layout["mapHeight"] >= 240
    # nothing in the panel overlaps: each switch label keeps to its own box
    overlaps = frame.evaluate("""() => {
      const boxes = [...document.querySelectorAll('.mapgen-switches label')].map(l => l.getBoundingClientRect());
      let found = 0;
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) found++;
      }));
      return [found, boxes.length];
    }""")
    assert overlaps[0] == 0 and overlaps[1] == 6  # the story's five suppliers, and the facts that name none


@pytest.mark.parametrize("width", [375, 1280])
def test_scrolling_over_the_map_scrolls_the_article(site, width):
    page, frame_element, frame = open_article(site, "article.html", width)
    page.wait_for_function("document.querySelector('iframe').style.height !== ''")
    box = frame.locator(".folium-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    zoom_before = frame.evaluate("window.mapgenMap.map.getZoom()")
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 400)
    page.wait_for_function(f"window.scrollY > {before}")
    assert frame.evaluate("window.mapgenMap.map.getZoom()") == zoom_before


def test_a_map_on_another_origin_still_grows_to_its_height(site):
    page, frame_element, frame = open_article(site, "article-cross-origin.html", 680)
    assert frame.url.startswith("http://localhost:")
    page.wait_for_function("document.querySelector('iframe').style.height !== ''")
    assert abs(frame_element.bounding_box()["height"] - frame.evaluate(FRAME_LAYOUT)["docHeight"]) <= 2


def test_only_the_parent_frame_is_answered(site):
    page, _, frame = open_article(site, "article-intruder.html", 680)
    page.evaluate(HEIGHTS_HEARD)
    intruder = page.frames[-1]
    assert intruder.url.endswith("/intruder.html")
    page.wait_for_timeout(1000)  # the intruder has asked about 20 times by now
    assert not frame.evaluate(FRAME_LAYOUT)["autoHeight"]
    assert intruder.evaluate("window.heights") == [] and page.evaluate("window.heights") == []


def test_heights_are_posted_to_the_parents_origin_only(site):
    base, _ = site
    page, _, frame = open_article(site, "article-no-script.html", 680)
    frame.evaluate("""() => { window.targets = [];
      const post = window.parent.postMessage.bind(window.parent);
      window.parent.postMessage = (message, target) => { window.targets.push(target); post(message, target); }; }""")
    page.evaluate(HEIGHTS_HEARD)
    page.evaluate("document.querySelector('iframe').contentWindow.postMessage({mapgen: 'auto-height'}, '*')")
    page.wait_for_function("window.heights.length > 0")
    assert set(frame.evaluate("window.targets")) == {base}
    assert set(page.evaluate("window.heights")) == {base}
