"""The map whole when something is missing: the embed snippet without its script (a CMS that
strips scripts leaves a frame of fixed height), and a reader without JavaScript (the still image)."""
import contextlib

import pytest
from test_embed_browser import article, open_article

from mapgen import write_map
from mapgen.api import embed

from browser import serve, why_no_browser
from conftest import STORY

reason = why_no_browser()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")

WIDTHS = [390, 680, 1280]

# Inside the frame: every box that scrolls, and every part a reader must see whole (title,
# standfirst, legend, the panel's headings and counts, any switch shown) that reaches past the
# frame's edges. Parts inside a folded section are not shown, so not counted.
FRAME_CHECK = """() => {
  const root = document.documentElement, width = root.clientWidth, height = root.clientHeight;
  const scrolling = [...document.querySelectorAll('*')].filter(el => {
    const style = getComputedStyle(el);
    return /auto|scroll/.test(style.overflowY + style.overflowX)
        && (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth);
  }).map(el => el.className);
  const parts = ['h1', '.mapgen-head p', '.mapgen-legend', '.mapgen-panel-legend li', '.mapgen-panel h2',
                 '.mapgen-panel summary', '.mapgen-switches label', '.mapgen-foot', '.mapgen-panel > .mapgen-source'];
  const shown = parts.flatMap(selector => [...document.querySelectorAll(selector)])
      .filter(el => el.checkVisibility() && el.getBoundingClientRect().height > 0);
  const cut = shown.filter(el => { const box = el.getBoundingClientRect();
      return box.left < 0 || box.top < 0 || box.right > width + 0.5 || box.bottom > height + 0.5; })
    .map(el => el.textContent.trim().slice(0, 60));
  const visible = selector => [...document.querySelectorAll(selector)].filter(el => el.checkVisibility()).length;
  return {rootScrolls: root.scrollHeight > height || root.scrollWidth > width, scrolling, cut,
          title: visible('h1'), legendRows: visible('.mapgen-legend .mapgen-swatch') + visible('.mapgen-panel-legend li'),
          headings: [...document.querySelectorAll('.mapgen-aggregate h2, .mapgen-named h2')]
            .filter(el => el.checkVisibility()).map(el => el.textContent),
          counts: visible('summary[data-mapgen-count]'),
          mapHeight: document.querySelector('.folium-map').getBoundingClientRect().height};
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Maps in English and German (whose labels run longest: "Atomstroyexport (5 Länder, 0
    Aussagen)"), each in an article with the snippet and in one with the snippet's script stripped."""
    folder = tmp_path_factory.mktemp("fallbacks")
    for lang in ("en", "de"):
        write_map(folder / f"map-{lang}.html", STORY, self_contained=True, png=folder / f"map-{lang}.png", lang=lang)
        with contextlib.chdir(folder):
            snippet = embed(f"map-{lang}.html")
        (folder / f"article-{lang}.html").write_text(article(snippet), encoding="utf-8")
        stripped = snippet.split("<script>")[0] + "</div>"
        (folder / f"article-no-script-{lang}.html").write_text(article(stripped), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(pages, chromium):
    with serve(pages) as base:
        yield base, chromium


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("width", WIDTHS)
def test_without_the_snippets_script_the_frame_shows_everything_whole(site, width, lang):
    page, element, frame = open_article(site, f"article-no-script-{lang}.html", width)
    box = element.bounding_box()
    assert 620 <= box["height"] <= 760
    layout = frame.evaluate(FRAME_CHECK)
    assert not layout["rootScrolls"] and layout["scrolling"] == []  # no scroll box anywhere inside
    assert layout["cut"] == []
    assert layout["title"] == 1 and layout["legendRows"] == 5 and layout["counts"] == 2
    assert len(layout["headings"]) == 2
    assert layout["mapHeight"] >= 200
    page.close()


def test_a_folded_section_opens_for_the_reader(site):
    page, _, frame = open_article(site, "article-no-script-en.html", 390)
    claims = frame.locator("summary[data-mapgen-count=claim]")
    assert claims.evaluate("summary => summary.parentElement.open") is False
    claims.click()
    frame.locator(".mapgen-aggregate li[data-mapgen-item=claim]").first.wait_for(state="visible")
    switches = frame.locator(".mapgen-frame-fold > summary")
    if switches.count():  # the switches folded behind their heading in this small frame: they open too
        switches.click()
        assert frame.locator("[data-mapgen-switch]").first.is_visible()
    page.close()


def test_with_the_script_the_growing_frame_unfolds_what_a_fixed_one_folded(site):
    page, element, frame = open_article(site, "article-en.html", 1280)
    page.wait_for_function("document.querySelector('iframe').style.height !== ''")
    assert frame.evaluate("""() => ({
      fixed: document.documentElement.matches('.mapgen-fixed-frame, .mapgen-frame-compact'),
      folds: document.querySelectorAll('.mapgen-frame-fold').length})""") == {"fixed": False, "folds": 0}
    # At its natural height the lists are folded behind their own headings (tests/test_embed_browser.py);
    # the switches' own fold opens them all.
    frame.locator("details.mapgen-switch-list > summary").click()
    switches = frame.locator(".mapgen-switches [data-mapgen-kind=company], .mapgen-switches [data-mapgen-kind=no_company]")
    assert switches.count() == 6 and all(switches.nth(i).is_visible() for i in range(6))
    page.close()


NO_SCRIPT_CHECK = """() => {
  const image = document.querySelector('.mapgen-still img'), width = document.documentElement.clientWidth;
  const covering = [];
  for (const [fx, fy] of [[0.02, 0.02], [0.5, 0.3], [0.98, 0.5], [0.5, 0.98], [0.02, 0.98], [0.98, 0.02]]) {
    const top = image.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top + image.height * fy - 200);  // the point in view, then what a reader sees there
    const box = image.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width * fx, box.top + box.height * fy);
    if (hit !== image) covering.push(hit ? hit.tagName + '.' + hit.className : 'nothing');
  }
  const box = image.getBoundingClientRect();
  return {complete: image.complete && image.naturalWidth > 0, left: box.left, right: box.right, width,
          pageWidth: document.documentElement.scrollWidth, covering,
          mapShown: document.querySelector('.folium-map').checkVisibility()};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_still_image_fits_the_width_and_nothing_covers_it(pages, chromium, width):
    context = chromium.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((pages / "map-en.html").as_uri())
        result = page.evaluate(NO_SCRIPT_CHECK)
        assert result["complete"] and not result["mapShown"]
        assert 0 <= result["left"] and result["right"] <= result["width"] and result["pageWidth"] == result["width"]
        assert result["covering"] == []
    finally:
        context.close()
