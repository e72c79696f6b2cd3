"""mapgen preview in Chromium: the page follows each save, shows problems over the last good
map with their file and line, and switches between a phone's width and the window's."""
import shutil
from pathlib import Path

import pytest

from mapgen import api

from browser import why_no_browser
from conftest import STORY

reason = why_no_browser()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")

SHOWN = "n => Number(document.documentElement.getAttribute('data-shown-page')) >= n"
BUILT = "n => Number(document.documentElement.getAttribute('data-build')) >= n"


@pytest.fixture
def story(tmp_path) -> Path:
    return Path(shutil.copytree(STORY.parent, tmp_path / "story"))


@pytest.fixture
def preview_page(story, chromium):
    preview = api.preview(project=story, port=0).start()
    page = chromium.new_page(viewport={"width": 1280, "height": 760})
    page.goto(preview.address)
    page.wait_for_function(SHOWN, arg=1)
    yield page
    page.close()
    preview.stop()


def the_map(page):
    return page.frame_locator("iframe:not(.incoming)")


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def test_the_page_follows_a_saved_fact_and_a_project_word(preview_page, story):
    page = preview_page
    assert the_map(page).locator(".mapgen-head h1").inner_text() == "Chinese AI surveillance: the countries the sources name"
    edit(story / "facts.csv", "Dahua earns money abroad.", "Dahua earns money in other lands.")
    page.wait_for_function(SHOWN, arg=2)
    # text_content: in its frame the page may fold the claims behind their heading
    assert "Dahua earns money in other lands." in the_map(page).locator(".mapgen-aggregate").text_content()
    edit(story / "mapgen.toml", 'en = "Chinese AI surveillance: the countries the sources name"',
         'en = "Surveillance exports: where the sources place them"')
    page.wait_for_function(SHOWN, arg=3)
    assert the_map(page).locator(".mapgen-head h1").inner_text() == "Surveillance exports: where the sources place them"
    assert page.locator("iframe").count() == 1  # the old frame is gone


def test_a_broken_fact_shows_over_the_last_map_with_its_file_and_line_until_fixed(preview_page, story):
    page = preview_page
    facts = story / "facts.csv"
    original = edit(facts, "dahua-brazil,named,", "dahua-brazil,nameless,")
    line = next(n for n, row in enumerate(original.splitlines(), 1) if row.startswith("dahua-brazil,"))
    page.wait_for_function(BUILT, arg=2)
    problems = page.locator("#problems")
    assert problems.is_visible()
    assert f"{facts}:{line}" in problems.locator(".where").all_inner_texts()
    assert "nameless" in problems.inner_text()
    assert the_map(page).locator(".mapgen-head h1").count() == 1  # the last good map is still under it
    facts.write_text(original, encoding="utf-8")
    page.wait_for_function(SHOWN, arg=3)
    assert not problems.is_visible()


def test_problem_text_is_shown_as_text(preview_page, story):
    page = preview_page
    hostile = "<img src=x onerror=document.title=1>"
    edit(story / "facts.csv", "dahua-brazil,named,", f"dahua-brazil,{hostile},")
    page.wait_for_function(BUILT, arg=2)
    assert hostile in page.locator("#problems").inner_text()
    assert page.locator("#problems img").count() == 0 and page.title() != "1"


def switch_to(page, button: str) -> None:
    """Press a width button and wait for the map to open again at that width."""
    shown = page.evaluate("window.mapgenPreview.shown.at")
    page.get_by_role("button", name=button).click()
    page.wait_for_function("at => window.mapgenPreview.shown.at > at", arg=shown)


@pytest.mark.parametrize("button, width", [("Phone (390 px)", 390), ("Full width", 1280)])
def test_the_width_switch(preview_page, button, width):
    page = preview_page
    if width == 1280:  # from the phone's width back to the window's
        switch_to(page, "Phone (390 px)")
    switch_to(page, button)
    assert page.get_by_role("button", name=button).get_attribute("aria-pressed") == "true"
    frame_width = page.locator("iframe").evaluate("frame => frame.getBoundingClientRect().width")
    assert frame_width == width
    map_width = the_map(page).locator(".folium-map").evaluate("map => map.getBoundingClientRect().width")
    assert 0 < map_width <= width
